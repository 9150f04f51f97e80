"""The three roles, as Django groups. One place says what each may do; a migration applies it."""

BOARD_MEMBER = "Board member"
OFFICER = "Officer"
ADMINISTRATOR = "Administrator"
ROLES = (BOARD_MEMBER, OFFICER, ADMINISTRATOR)

TRACKED_APPS = ("visits", "findings", "reports")

# Officers add and change everything an inspection records, and may remove a finding, judgement or
# review entered by mistake; deleting a whole event is left to administrators.
OFFICER_EXTRA = {
    "visits": ["add_inspectionevent", "change_inspectionevent", "add_judgement", "change_judgement",
               "delete_judgement", "add_localauthority"],
    "findings": ["add_areaofconcern", "change_areaofconcern", "add_areareview", "change_areareview",
                 "delete_areareview", "add_finding", "change_finding", "delete_finding",
                 "add_improvementaction", "change_improvementaction"],
    "reports": ["add_report"],
}  # fmt: skip


def sync_roles(apps) -> None:
    """Create the groups and give each its permissions (idempotent; callable from a migration)."""
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
    tracked = Permission.objects.filter(content_type__app_label__in=TRACKED_APPS)

    board, _ = Group.objects.get_or_create(name=BOARD_MEMBER)
    board.permissions.set(tracked.filter(codename__startswith="view_"))

    officer, _ = Group.objects.get_or_create(name=OFFICER)
    extra = [
        perm
        for app_label, codenames in OFFICER_EXTRA.items()
        for perm in tracked.filter(content_type__app_label=app_label, codename__in=codenames)
    ]
    officer.permissions.set(list(tracked.filter(codename__startswith="view_")) + extra)

    administrator, _ = Group.objects.get_or_create(name=ADMINISTRATOR)
    administrator.permissions.set(Permission.objects.all())
