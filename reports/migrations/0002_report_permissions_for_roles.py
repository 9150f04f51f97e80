from django.db import migrations


def give_roles_report_permissions(apps, schema_editor):
    from sefton_tracker.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0002_roles"),
        ("reports", "0001_reports_deliveries_subscriptions"),
    ]

    operations = [migrations.RunPython(give_roles_report_permissions, migrations.RunPython.noop)]
