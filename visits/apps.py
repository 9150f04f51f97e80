from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = "Inspections and visits"
    # Beyond viewing: officers record events and their judgements; only administrators delete an
    # event (sefton_tracker.core.roles).
    officer_permissions = (
        "add_inspectionevent",
        "change_inspectionevent",
        "add_judgement",
        "change_judgement",
        "delete_judgement",
        "add_localauthority",
    )

    def ready(self):
        from sefton_tracker.core.db import register_rules

        from .models import CROSS_TABLE_RULES
        from .revisions import track

        register_rules(self, CROSS_TABLE_RULES)
        track("visits.LocalAuthority", lambda row: {"pk": row.pk})
        track("visits.InspectionEvent", lambda row: {"pk": row.authority_id})
        track("visits.Judgement", lambda row: {"events": row.event_id})
