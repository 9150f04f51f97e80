"""The three roles, as Django groups, and what each may do.

Board members may view everything the apps that take part in the roles hold; officers may also do
what those apps list in their AppConfig's `officer_permissions`; administrators may do anything.
An app takes part by declaring `officer_permissions` (an empty tuple for view-only apps). The
groups are created by this app's migration and given their permissions after every `migrate`,
once every app's permissions exist.
"""

from django.apps import apps as django_apps

BOARD_MEMBER = "Board member"
OFFICER = "Officer"
ADMINISTRATOR = "Administrator"
ROLES = (BOARD_MEMBER, OFFICER, ADMINISTRATOR)


def role_apps() -> dict[str, tuple[str, ...]]:
    """{app label: the codenames officers have beyond viewing} for each app in the roles."""
    return {
        config.label: tuple(config.officer_permissions)
        for config in django_apps.get_app_configs()
        if hasattr(config, "officer_permissions")
    }


def sync_roles(apps=django_apps) -> None:
    """Create the groups and give each its permissions (idempotent)."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # A migration's historical app configs have no models module; create_permissions needs one.
        historical = getattr(app_config, "models_module", None) is None
        if historical:
            app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        if historical:
            app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    officer_extra = role_apps()
    tracked = Permission.objects.filter(content_type__app_label__in=officer_extra)

    board, _ = Group.objects.get_or_create(name=BOARD_MEMBER)
    board.permissions.set(tracked.filter(codename__startswith="view_"))

    officer, _ = Group.objects.get_or_create(name=OFFICER)
    extra = [
        perm
        for app_label, codenames in officer_extra.items()
        for perm in tracked.filter(content_type__app_label=app_label, codename__in=codenames)
    ]
    officer.permissions.set(list(tracked.filter(codename__startswith="view_")) + extra)

    administrator, _ = Group.objects.get_or_create(name=ADMINISTRATOR)
    administrator.permissions.set(Permission.objects.all())


def sync_roles_after_migrate(sender, **kwargs) -> None:
    """post_migrate (sent for this app once per migrate): every model's table exists by now."""
    sync_roles()
