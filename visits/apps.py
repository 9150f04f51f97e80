from django.apps import AppConfig
from django.db.models.signals import post_migrate


def install_cross_table_rules(sender, using, **kwargs):
    from sefton_tracker.db import install_rules

    install_rules(sender.module.models.CROSS_TABLE_RULES, using)


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = "Inspections and visits"

    def ready(self):
        from . import revisions

        post_migrate.connect(install_cross_table_rules, sender=self)
        revisions.connect()
