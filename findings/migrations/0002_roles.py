from django.db import migrations


# Roles were once given their permissions here; sefton_tracker.core now does it after every
# migrate. The migration stays, empty, so that databases that ran it keep a consistent history.


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("visits", "0001_initial"),
        ("findings", "0001_initial"),
    ]

    operations = []
