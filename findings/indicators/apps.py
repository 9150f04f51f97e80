from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    """Performance indicators between visits: DfE's statistics for every authority, region and
    England, and a council's own monthly figures with targets."""

    name = "findings.indicators"
    label = "indicators"
    verbose_name = "Performance indicators"
    officer_permissions = (
        "add_indicator",
        "change_indicator",
        "add_indicatorvalue",
        "change_indicatorvalue",
        "delete_indicatorvalue",
    )

    def ready(self):
        from visits.national.loading import register_dataset

        from . import revisions
        from .statistics import DATASETS

        for dataset in DATASETS:
            register_dataset(dataset)
        revisions.connect()  # the board's cached pages show indicators
