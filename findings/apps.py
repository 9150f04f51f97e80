from django.apps import AppConfig
from django.db.models.signals import post_migrate


class FindingsConfig(AppConfig):
    name = "findings"
    verbose_name = "Areas of concern and findings"

    def ready(self):
        from visits.apps import install_cross_table_rules

        post_migrate.connect(install_cross_table_rules, sender=self)
