from django.apps import AppConfig


class PlanConfig(AppConfig):
    """The council's improvement plan between visits: progress updates on its actions, with
    evidence, the measures that show an action worked, and the reminders sent to leads."""

    name = "findings.plan"
    label = "plan"
    verbose_name = "Improvement plan"
    officer_permissions = (
        "add_progressupdate",
        "change_progressupdate",
        "add_impactmeasure",
        "change_impactmeasure",
        "delete_impactmeasure",
    )
