from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = "Inspections and visits"
    # Beyond viewing: officers record events and their judgements, of their own authorities
    # (visits.scope); only administrators delete an event (sefton_tracker.core.roles). Authorities
    # are reference data (load_national_data): officers do not add them.
    officer_permissions = (
        "add_inspectionevent",
        "change_inspectionevent",
        "add_judgement",
        "change_judgement",
        "delete_judgement",
    )

    def ready(self):
        from sefton_tracker.core.db import register_rules
        from sefton_tracker.core.signals import demo_user_ready

        from .models import CROSS_TABLE_RULES
        from .revisions import track
        from .scope import join_default_authority

        register_rules(self, CROSS_TABLE_RULES)
        demo_user_ready.connect(join_default_authority, dispatch_uid="visits-demo-authority")
        track("visits.LocalAuthority", lambda row: {"pk": row.pk})
        track("visits.InspectionEvent", lambda row: {"pk": row.authority_id})
        track("visits.Judgement", lambda row: {"events": row.event_id})
