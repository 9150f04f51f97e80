"""Reading indicators for pages, reports and the API: an authority's scorecard and one
indicator's series beside its neighbours, region and England. Each reads a fixed number of
queries, however many authorities and periods the database holds."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from visits.models import LocalAuthority

from .comparisons import NeighbourFigure, neighbour_figure, rank_among
from .models import Indicator, IndicatorValue


def neighbour_ids(authority: LocalAuthority) -> list[int]:
    return list(authority.neighbour_links.order_by("rank").values_list("neighbour_id", flat=True))


def indicators_for(authority: LocalAuthority):
    """DfE's indicators and the authority's own, by name."""
    return Indicator.objects.filter(Q(authority__isnull=True) | Q(authority=authority)).exclude(
        key__in=HIDDEN
    )


# Inputs to other indicators, not measures of the service: not shown on their own.
HIDDEN = ("child-population", "children-in-need")


@dataclass
class Comparison:
    """An indicator's figures for one period: the authority's, its neighbours' mean, its
    region's and England's, and its rank among its neighbours."""

    period: str
    period_end: object
    value: IndicatorValue | None
    neighbours: NeighbourFigure
    region: IndicatorValue | None
    england: IndicatorValue | None
    rank: tuple[int, int] | None


@dataclass
class ScorecardRow:
    indicator: Indicator
    latest: Comparison | None
    previous: IndicatorValue | None
    history: list[IndicatorValue] = field(default_factory=list)  # the authority's, oldest first

    @property
    def change(self):
        if not (self.latest and self.latest.value and self.previous):
            return None
        if self.latest.value.value is None or self.previous.value is None:
            return None
        return self.latest.value.value - self.previous.value

    @property
    def rag(self) -> str:
        if not (self.latest and self.latest.value):
            return ""
        return self.indicator.rag(self.latest.value.value)

    @property
    def direction(self) -> str:
        """'better', 'worse' or 'same' by the indicator's better direction; '' if unknown."""
        change = self.change
        better = self.indicator.better
        if change is None or better == Indicator.Better.NEITHER:
            return ""
        if change == 0:
            return "same"
        improved = change > 0 if better == Indicator.Better.HIGHER else change < 0
        return "better" if improved else "worse"


def _higher_is_better(indicator) -> bool | None:
    return {Indicator.Better.HIGHER: True, Indicator.Better.LOWER: False}.get(indicator.better)


class _Values:
    """Every value the comparisons need, read in three queries and indexed."""

    def __init__(self, authority, indicators):
        self.neighbours = neighbour_ids(authority)
        ids = [indicator.pk for indicator in indicators]
        own = defaultdict(list)
        for value in IndicatorValue.objects.filter(
            indicator_id__in=ids, level=IndicatorValue.Level.AUTHORITY, authority=authority
        ).order_by("period_end"):
            own[value.indicator_id].append(value)
        self.own = own
        others = defaultdict(dict)
        for value in IndicatorValue.objects.filter(
            indicator_id__in=ids,
            level=IndicatorValue.Level.AUTHORITY,
            authority_id__in=self.neighbours,
        ).only("indicator_id", "authority_id", "period_end", "value", "marker"):
            others[(value.indicator_id, value.period_end)][value.authority_id] = value.value
        self.others = others
        wider = {}
        for value in IndicatorValue.objects.filter(indicator_id__in=ids).filter(
            Q(level=IndicatorValue.Level.ENGLAND)
            | Q(level=IndicatorValue.Level.REGION, region=authority.region)
        ):
            wider[(value.indicator_id, value.level, value.period_end)] = value
        self.wider = wider

    def compare(self, indicator, value: IndicatorValue) -> Comparison:
        period_end = value.period_end
        neighbour_values = self.others.get((indicator.pk, period_end), {})
        values = [neighbour_values.get(pk) for pk in self.neighbours]
        return Comparison(
            period=value.period,
            period_end=period_end,
            value=value,
            neighbours=neighbour_figure(values, of=len(self.neighbours)),
            region=self.wider.get((indicator.pk, IndicatorValue.Level.REGION, period_end)),
            england=self.wider.get((indicator.pk, IndicatorValue.Level.ENGLAND, period_end)),
            rank=rank_among(value.value, values, higher_is_better=_higher_is_better(indicator)),
        )


def scorecard(authority: LocalAuthority) -> list[ScorecardRow]:
    """Each indicator's latest figure for the authority, beside the others, with its trend."""
    indicators = list(indicators_for(authority).prefetch_related("areas"))
    values = _Values(authority, indicators)
    rows = []
    for indicator in indicators:
        history = values.own.get(indicator.pk, [])
        latest = values.compare(indicator, history[-1]) if history else None
        previous = history[-2] if len(history) > 1 else None
        rows.append(ScorecardRow(indicator, latest, previous, history))
    return rows


def indicator_series(indicator: Indicator, authority: LocalAuthority) -> list[Comparison]:
    """Every period of one indicator for the authority, with the others beside it."""
    values = _Values(authority, [indicator])
    return [values.compare(indicator, value) for value in values.own.get(indicator.pk, [])]


def linked_scorecard(authority: LocalAuthority, area_ids, *, as_at=None):
    """The scorecard rows of the indicators linked to any of `area_ids` (the authority's areas of
    concern), DfE's and the authority's own, by name, as known from the figures for periods
    ending by `as_at` (every figure when None): what a digest or a progress letter shows. Each
    row's `linked_areas` are those of `area_ids` it is linked to. Five queries."""
    links = (
        Indicator.areas.through.objects.filter(areaofconcern_id__in=list(area_ids))
        .filter(Q(indicator__authority__isnull=True) | Q(indicator__authority=authority))
        .exclude(indicator__key__in=HIDDEN)
        .select_related("indicator", "areaofconcern")
        .order_by("indicator__name", "indicator_id", "areaofconcern__position", "areaofconcern_id")
    )
    indicators, linked_areas = {}, defaultdict(list)
    for link in links:
        indicators.setdefault(link.indicator_id, link.indicator)
        linked_areas[link.indicator_id].append(link.areaofconcern)
    indicators = list(indicators.values())
    if not indicators:
        return []
    values = _Values(authority, indicators)
    rows = []
    for indicator in indicators:
        history = [
            value
            for value in values.own.get(indicator.pk, [])
            if as_at is None or value.period_end <= as_at
        ]
        latest = values.compare(indicator, history[-1]) if history else None
        previous = history[-2] if len(history) > 1 else None
        row = ScorecardRow(indicator, latest, previous, history)
        row.linked_areas = linked_areas[indicator.pk]
        rows.append(row)
    return rows
