from django.db import migrations


# Roles were once given their permissions here; sefton_tracker.core now does it after every
# migrate. The migration stays, empty, so that databases that ran it keep a consistent history.


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0002_roles"),
        ("reports", "0001_reports_deliveries_subscriptions"),
    ]

    operations = []
