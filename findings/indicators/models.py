"""Performance indicators: what each measures, and its values per authority, region and England
per period. A value the publication withholds is kept as withheld (its letter, e.g. 'c'), never
as zero."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from sefton_tracker.core.models import Versioned
from visits.models import LocalAuthority
from visits.national.models import Publication

from ..models import AreaOfConcern, Theme

# The letters DfE's statistics use for a value they do not give (the publications' own key).
MARKERS = {
    "c": "suppressed to protect confidentiality",
    "k": "suppressed: fewer than five",
    "low": "a small number, suppressed",
    "u": "low reliability",
    "x": "not available",
    "z": "not applicable",
}


class Indicator(Versioned):
    class Unit(models.TextChoices):
        PERCENT = "percent", "%"
        PER_10000 = "per_10000", "per 10,000 children"
        CASES = "cases", "cases per social worker"
        NUMBER = "number", "number"

    class Better(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"
        NEITHER = "neither", "Neither higher nor lower is better in itself"

    class Frequency(models.TextChoices):
        ANNUAL = "annual", "Yearly"
        MONTHLY = "monthly", "Monthly"

    key = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField("what it measures")
    unit = models.CharField(max_length=20, choices=Unit.choices)
    better = models.CharField(max_length=10, choices=Better.choices)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    theme = models.CharField(max_length=30, choices=Theme.choices, blank=True)
    areas = models.ManyToManyField(
        AreaOfConcern,
        blank=True,
        related_name="indicators",
        help_text="The areas of concern this indicator bears on.",
    )
    # A council's own indicator belongs to it; DfE's belong to no one.
    authority = models.ForeignKey(
        LocalAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="local_indicators",
    )
    source = models.CharField(
        max_length=200, help_text="The publication, or the council's own system, it comes from."
    )
    target = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    tolerance = models.DecimalField(
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="How far on the wrong side of the target is amber rather than red.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tolerance__isnull=True) | Q(target__isnull=False),
                name="indicators_tolerance_needs_target",
                violation_error_message="A tolerance needs a target.",
            ),
            models.CheckConstraint(
                condition=Q(tolerance__isnull=True) | Q(tolerance__gte=0),
                name="indicators_tolerance_not_negative",
                violation_error_message="The tolerance cannot be negative.",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_local(self) -> bool:
        return self.authority_id is not None

    def rag(self, value) -> str:
        """'green' on the right side of the target, 'amber' within the tolerance on the wrong
        side, else 'red'; '' with no target, no value, or no better direction."""
        if self.target is None or value is None or self.better == self.Better.NEITHER:
            return ""
        shortfall = (
            (self.target - value) if self.better == self.Better.HIGHER else (value - self.target)
        )
        if shortfall <= 0:
            return "green"
        if self.tolerance is not None and shortfall <= self.tolerance:
            return "amber"
        return "red"


class IndicatorValue(Versioned):
    class Level(models.TextChoices):
        AUTHORITY = "authority", "Local authority"
        REGION = "region", "Region"
        ENGLAND = "england", "England"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    level = models.CharField(max_length=10, choices=Level.choices)
    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    region = models.CharField(max_length=60, blank=True)
    period_end = models.DateField(help_text="The last day of the year or month the value is for.")
    period = models.CharField(max_length=30, help_text="The period as published, e.g. '2025'.")
    value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    marker = models.CharField(
        max_length=5,
        blank=True,
        help_text="The publication's letter for a value it does not give (c, k, u, x, z, low).",
    )
    note = models.CharField(max_length=200, blank=True)
    publication = models.ForeignKey(
        Publication, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period_end"]
        constraints = [
            # One value per place and period (three constraints: a null never equals a null).
            models.UniqueConstraint(
                fields=["indicator", "authority", "period_end"],
                condition=Q(level="authority"),
                name="indicators_value_unique_authority",
            ),
            models.UniqueConstraint(
                fields=["indicator", "region", "period_end"],
                condition=Q(level="region"),
                name="indicators_value_unique_region",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period_end"],
                condition=Q(level="england"),
                name="indicators_value_unique_england",
            ),
            models.CheckConstraint(
                condition=(
                    Q(level="authority", authority__isnull=False, region="")
                    | Q(level="region", authority__isnull=True) & ~Q(region="")
                    | Q(level="england", authority__isnull=True, region="")
                ),
                name="indicators_value_level_matches_place",
            ),
            models.CheckConstraint(
                condition=Q(~Q(marker=""), value__isnull=True) | Q(value__isnull=False, marker=""),
                name="indicators_value_or_marker",
                violation_error_message="A value is either a number or the letter for its absence.",
            ),
        ]
        indexes = [
            models.Index(fields=["authority", "indicator", "period_end"], name="indicators_by_la"),
        ]

    def __str__(self):
        return f"{self.indicator} {self.period}: {self.display}"

    @property
    def display(self) -> str:
        if self.value is None:
            return f"[{self.marker}] {MARKERS.get(self.marker, 'not given')}"
        return f"{self.value.normalize():f}"
