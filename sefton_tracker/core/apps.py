from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    """The shared framework: GOV.UK forms, locking, history, display, exports, the page cache,
    cross-table rules, the API base, roles and the site's template tags."""

    name = "sefton_tracker.core"
    label = "core"
    verbose_name = "Tracker core"

    def ready(self):
        from .db import install_registered_rules
        from .roles import sync_roles_after_migrate

        post_migrate.connect(install_registered_rules, dispatch_uid="core-cross-table-rules")
        post_migrate.connect(sync_roles_after_migrate, sender=self, dispatch_uid="core-roles")
