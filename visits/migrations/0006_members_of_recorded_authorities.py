"""Authority scope (visits.scope) arrives on installs that tracked one council with no notion of
membership: every existing user but administrators and superusers (who act on every authority)
joins the authorities that already have events, so that officers keep seeing and recording what
they did before."""

from django.conf import settings
from django.db import migrations

ADMINISTRATOR = "Administrator"  # sefton_tracker.core.roles.ADMINISTRATOR, as it stands now


def join_recorded_authorities(apps, schema_editor):
    User = apps.get_model(settings.AUTH_USER_MODEL)
    LocalAuthority = apps.get_model("visits", "LocalAuthority")
    Membership = LocalAuthority.members.through
    recorded = list(
        LocalAuthority.objects.filter(events__isnull=False).distinct().values_list("pk", flat=True)
    )
    users = (
        User.objects.filter(is_superuser=False)
        .exclude(groups__name=ADMINISTRATOR)
        .values_list("pk", flat=True)
    )
    Membership.objects.bulk_create(
        [
            Membership(user_id=user, localauthority_id=authority)
            for user in users
            for authority in recorded
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0005_localauthority_dfe_code_localauthority_members_and_more"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(join_recorded_authorities, migrations.RunPython.noop, elidable=True),
    ]
