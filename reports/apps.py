from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports and digests"
    # Beyond viewing: officers request letters and digests (sefton_tracker.core.roles).
    officer_permissions = ("add_report",)
