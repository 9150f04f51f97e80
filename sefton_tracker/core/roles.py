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


def role_of(user) -> str:
    """The user's role: the highest of the three groups they are in, or "" for none."""
    names = {group.name for group in user.groups.all()}  # prefetched in the admin's list
    for role in reversed(ROLES):
        if role in names:
            return role
    return ""


def set_role(user, role: str) -> None:
    """Put the user in one role's group (out of the other two) and give "Staff status", which the
    Django admin asks for, to Administrators (and superusers) only: the one rule for the admin's
    user page and create_demo_users."""
    from django.contrib.auth.models import Group

    user.groups.remove(*Group.objects.filter(name__in=ROLES).exclude(name=role))
    user.groups.add(Group.objects.get(name=role))
    staff = role == ADMINISTRATOR or user.is_superuser
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])


# Only the Administrator role gives it (the other roles' permissions are those of the apps in the
# roles, and managing users is not one of them): holding it is what being an Administrator means to
# the admin. A permission rather than the group's name, because every page has the user's
# permissions to hand already (the menu asks), so no page pays a query for its Administration link.
ADMINISTER_PERMISSION = "auth.change_user"


def may_administer(user) -> bool:
    """Whether the user may use the Django admin: active, and an Administrator (or given "Staff
    status" some other way, as Django's own rule has it)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_staff or user.has_perm(ADMINISTER_PERMISSION)
