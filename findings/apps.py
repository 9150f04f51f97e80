from django.apps import AppConfig


class FindingsConfig(AppConfig):
    name = "findings"
    verbose_name = "Areas of concern and findings"
    # Beyond viewing: officers add and change areas, ratings, findings and actions, and may remove
    # a rating or finding entered by mistake (sefton_tracker.core.roles).
    officer_permissions = (
        "add_areaofconcern",
        "change_areaofconcern",
        "add_areareview",
        "change_areareview",
        "delete_areareview",
        "add_finding",
        "change_finding",
        "delete_finding",
        "add_improvementaction",
        "change_improvementaction",
    )

    def ready(self):
        from sefton_tracker.core.db import register_rules
        from visits.revisions import track

        from .models import CROSS_TABLE_RULES

        register_rules(self, CROSS_TABLE_RULES)
        track("findings.AreaOfConcern", lambda row: {"pk": row.authority_id})
        track("findings.AreaReview", lambda row: {"areas": row.area_id})
        track("findings.Finding", lambda row: {"events": row.event_id})
        track("findings.ImprovementAction", lambda row: {"areas": row.area_id})
