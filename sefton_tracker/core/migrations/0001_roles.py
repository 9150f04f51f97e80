from django.db import migrations

from sefton_tracker.core.roles import ROLES


def create_groups(apps, schema_editor):
    # Their permissions are given after every migrate (sefton_tracker.core.roles), once every
    # app's permissions exist.
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
