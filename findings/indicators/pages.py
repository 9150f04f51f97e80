"""What the pages that read indicators show, each read in a fixed number of queries however many
authorities and periods the database holds (tests/indicators/test_pages.py pins them):

    scorecard_page(authority) -> ScorecardPage          /indicators/
    indicator_page(indicator, authority, user) -> IndicatorPage   /indicators/<key>/
    area_indicators(area) -> list[Line]                 the indicators on an area's page
    moved_most(authority) -> Moves                      the dashboard's "moved most"

Figures are written as published: as many decimal places as the indicator's own figures have
(DfE's 13.0% stays 13.0%, not 13%), a withheld one as withheld with its letter, never as 0.

"Moved most" compares each indicator's latest figure for the authority with the one before it:
for a council's own monthly figures, the latest month against the month before (what changed
since the last monthly board); for DfE's yearly statistics, the latest published year against
the year before (they move once a year, when DfE publishes). Moves are ranked by the size of the
change as a share of the earlier figure, so that a rate per 10,000 children and a percentage can
be set side by side, and split into better and worse by the indicator's better direction; an
indicator for which neither higher nor lower is better is not ranked.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from visits.models import LocalAuthority
from visits.national.models import Publication

from ..models import AreaOfConcern, Theme
from .models import MARKERS, Indicator, IndicatorValue
from .selectors import (
    Comparison,
    ScorecardRow,
    indicator_series,
    indicators_for,
    linked_scorecard,
    scorecard,
)


def ordinal(number: int) -> str:
    """'1st', '9th', '11th', '22nd'."""
    if 11 <= number % 100 <= 13:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


@dataclass(frozen=True)
class Figure:
    """One figure as a page shows it: its text, or the publication's letter for a withheld one;
    neither where there is no figure at all."""

    text: str = ""
    marker: str = ""

    @property
    def withheld(self) -> bool:
        return bool(self.marker)

    @property
    def meaning(self) -> str:
        return MARKERS.get(self.marker, "not given")

    @property
    def words(self) -> str:
        """For sentences and text alternatives: '24.6%', 'withheld (c)', 'no figure'."""
        if self.marker:
            return f"withheld ({self.marker})"
        return self.text or "no figure"


class Numbers:
    """How one indicator's figures are written: with its unit, and with as many decimal places
    as the most precise of its figures (at most two)."""

    def __init__(self, indicator: Indicator, values=()):
        self.indicator = indicator
        places = 0
        for value in values:
            if value is not None:
                places = max(places, -min(0, value.normalize().as_tuple().exponent))
        self.places = min(places, 2)

    @property
    def percent(self) -> bool:
        return self.indicator.unit == Indicator.Unit.PERCENT

    def rounded(self, value) -> Decimal:
        """Half up, as the publications round (22.85 is 22.9)."""
        return Decimal(value).quantize(Decimal(1).scaleb(-self.places), ROUND_HALF_UP)

    def __call__(self, value) -> str:
        written = f"{self.rounded(value):,.{self.places}f}"
        return f"{written}%" if self.percent else written

    def change(self, value) -> str:
        """A difference: '8.0 points' of a percentage, else the number."""
        written = f"{abs(self.rounded(value)):,.{self.places}f}"
        if not self.percent:
            return written
        return f"{written} point{'' if written == '1' else 's'}"

    def figure(self, value: IndicatorValue | None) -> Figure:
        if value is None:
            return Figure()
        if value.value is None:
            return Figure(marker=value.marker)
        return Figure(self(value.value))

    def mean(self, mean) -> Figure:
        return Figure() if mean is None else Figure(self(mean))


def target_words(indicator: Indicator) -> str:
    """'Target 85%: amber from 80% to 85%, red below 80%'; '' without a target. Written as
    precisely as the target and tolerance were given."""
    if indicator.target is None:
        return ""
    numbers = Numbers(indicator, [indicator.target, indicator.tolerance])
    target = numbers(indicator.target)
    if indicator.better == Indicator.Better.NEITHER:
        return f"Target {target}"
    higher = indicator.better == Indicator.Better.HIGHER
    if not indicator.tolerance:
        return f"Target {target}: red {'below' if higher else 'above'} it"
    edge = numbers(
        indicator.target - indicator.tolerance if higher else indicator.target + indicator.tolerance
    )
    if higher:
        return f"Target {target}: amber from {edge} to {target}, red below {edge}"
    return f"Target {target}: amber from {target} to {edge}, red above {edge}"


def _change(latest: IndicatorValue | None, previous: IndicatorValue | None, numbers) -> str:
    """'Down 8.0 points from 32.6% in 2024'."""
    if latest is None or latest.value is None:
        return ""
    if previous is None:
        return "No earlier figure"
    if previous.value is None:
        return f"The figure for {previous.period} was withheld ({previous.marker})"
    change = latest.value - previous.value
    if change == 0:
        return f"Same as in {previous.period} ({numbers(previous.value)})"
    way = "Up" if change > 0 else "Down"
    return f"{way} {numbers.change(change)} from {numbers(previous.value)} in {previous.period}"


def _rank(indicator: Indicator, comparison: Comparison | None) -> tuple[str, str]:
    """(rank, why not ranked): ('9th of 11', '') or ('', 'Not ranked: …')."""
    if comparison is None or comparison.value is None or comparison.value.value is None:
        return "", "Not ranked"
    if indicator.better == Indicator.Better.NEITHER:
        return "", "Not ranked: neither higher nor lower is better"
    if not comparison.neighbours.used or comparison.rank is None:
        return "", "Not ranked"
    rank, of = comparison.rank
    return f"{ordinal(rank)} of {of}", ""


def _neighbours_words(indicator: Indicator, comparison: Comparison | None) -> str:
    if comparison is None:
        return ""
    figure = comparison.neighbours
    if indicator.is_local:
        return "No neighbour has this figure"
    if not figure.of:
        return "No statistical neighbours known"
    if figure.mean is None:
        return f"None of the {figure.of} has a figure"
    return f"mean of {figure.used} of {figure.of}"


class Line:
    """One indicator on the scorecard (or an area's page): its latest figure for the authority,
    the change since the one before, and the others beside it."""

    def __init__(self, row: ScorecardRow):
        self.row = row
        self.indicator = row.indicator
        latest = row.latest
        figures = [value.value for value in row.history]
        if latest:
            figures += [v.value for v in (latest.region, latest.england) if v is not None]
        if self.indicator.target is not None:
            figures.append(self.indicator.target)
        self.numbers = Numbers(self.indicator, figures)
        self.latest = latest
        self.period = latest.period if latest else ""
        self.value = self.numbers.figure(latest.value if latest else None)
        self.change_words = _change(latest and latest.value, row.previous, self.numbers)
        self.direction = row.direction
        self.rag = row.rag
        self.target_words = target_words(self.indicator)
        self.neighbours = self.numbers.mean(latest.neighbours.mean if latest else None)
        self.neighbours_words = _neighbours_words(self.indicator, latest)
        self.region = self.numbers.figure(latest.region if latest else None)
        self.england = self.numbers.figure(latest.england if latest else None)
        self.rank, self.unranked = _rank(self.indicator, latest)

    @property
    def neither_better(self) -> bool:
        return self.indicator.better == Indicator.Better.NEITHER

    @property
    def figures(self) -> list[Figure]:
        return [self.value, self.neighbours, self.region, self.england]

    @property
    def trend(self) -> tuple[list[str], list]:
        """The authority's periods and values, oldest first, for the sparkline."""
        return [v.period for v in self.row.history], [v.value for v in self.row.history]


def _markers(figures) -> list[tuple[str, str]]:
    """The letters the figures shown use, each with what it means."""
    letters = sorted({figure.marker for figure in figures if figure.marker})
    return [(letter, MARKERS.get(letter, "not given")) for letter in letters]


def _publications(values) -> list[Publication]:
    ids = {value.publication_id for value in values if value is not None and value.publication_id}
    return list(Publication.objects.filter(pk__in=ids).order_by("dataset", "title"))


def _local_sources(indicators) -> list[str]:
    return sorted({indicator.source for indicator in indicators if indicator.is_local})


# -- The scorecard ------------------------------------------------------------------------------


@dataclass
class ThemeGroup:
    key: str
    label: str
    lines: list[Line]


@dataclass
class ScorecardPage:
    authority: LocalAuthority
    groups: list[ThemeGroup]
    publications: list[Publication]
    local_sources: list[str]  # where the council's own figures come from
    markers: list[tuple[str, str]]  # the letters of the withheld figures shown, and their meaning

    @property
    def lines(self) -> list[Line]:
        return [line for group in self.groups for line in group.lines]


THEME_ORDER = {theme.value: index for index, theme in enumerate(Theme)}


def _by_theme(lines: list[Line]) -> list[ThemeGroup]:
    grouped: dict[str, list[Line]] = defaultdict(list)
    for line in lines:
        grouped[line.indicator.theme].append(line)
    return [
        ThemeGroup(theme or "other", Theme(theme).label if theme else "Other indicators", items)
        for theme, items in sorted(grouped.items(), key=lambda t: THEME_ORDER.get(t[0], 99))
    ]


def scorecard_page(authority: LocalAuthority) -> ScorecardPage:
    """Seven queries: the indicators and their areas, the neighbours, the authority's values,
    the neighbours', the region's and England's, and the publications credited."""
    lines = [Line(row) for row in scorecard(authority)]
    shown = [
        value
        for line in lines
        if line.latest
        for value in (line.latest.value, line.latest.region, line.latest.england)
    ]
    return ScorecardPage(
        authority=authority,
        groups=_by_theme(lines),
        publications=_publications(shown),
        local_sources=_local_sources(line.indicator for line in lines),
        markers=_markers(figure for line in lines for figure in line.figures),
    )


# -- An indicator's page --------------------------------------------------------------------------


@dataclass
class PeriodRow:
    period: str
    value: Figure
    neighbours: Figure
    neighbours_words: str
    region: Figure
    england: Figure
    rank: str
    unranked: str
    rag: str


@dataclass
class IndicatorPage:
    indicator: Indicator
    authority: LocalAuthority
    numbers: Numbers
    rows: list[PeriodRow]  # oldest first
    areas: list[AreaOfConcern]
    publications: list[Publication]
    markers: list[tuple[str, str]]
    target_words: str = ""
    series: list = field(default_factory=list)  # the comparisons, oldest first, for the chart

    @property
    def newest_first(self) -> list[PeriodRow]:
        return list(reversed(self.rows))

    @property
    def periods(self) -> list[str]:
        return [row.period for row in self.rows]


def indicator_page(indicator: Indicator, authority: LocalAuthority, user) -> IndicatorPage:
    """Seven queries: the neighbours, the authority's values, the neighbours', the region's and
    England's, the areas of concern it bears on, and the publications credited. (The view reads
    the indicator.)"""
    series = indicator_series(indicator, authority)
    figures = [
        value.value
        for comparison in series
        for value in (comparison.value, comparison.region, comparison.england)
        if value is not None
    ]
    if indicator.target is not None:
        figures.append(indicator.target)
    numbers = Numbers(indicator, figures)
    rows = []
    for comparison in series:
        rank, unranked = _rank(indicator, comparison)
        rows.append(
            PeriodRow(
                period=comparison.period,
                value=numbers.figure(comparison.value),
                neighbours=numbers.mean(comparison.neighbours.mean),
                neighbours_words=_neighbours_words(indicator, comparison),
                region=numbers.figure(comparison.region),
                england=numbers.figure(comparison.england),
                rank=rank,
                unranked=unranked,
                rag=indicator.rag(comparison.value.value),
            )
        )
    areas = list(
        AreaOfConcern.objects.visible_to(user)
        .filter(indicators=indicator, authority=authority)
        .order_by("position", "id")
    )
    shown = [
        value
        for comparison in series
        for value in (comparison.value, comparison.region, comparison.england)
    ]
    return IndicatorPage(
        indicator=indicator,
        authority=authority,
        numbers=numbers,
        rows=rows,
        areas=areas,
        publications=_publications(shown),
        markers=_markers(figure for row in rows for figure in (row.value, row.region, row.england)),
        target_words=target_words(indicator),
        series=series,
    )


# -- An area's indicators ---------------------------------------------------------------------------


def area_indicators(area: AreaOfConcern) -> list[Line]:
    """The indicators linked to the area, each with its latest figure for the area's authority
    beside its neighbours' and England's (as digests and letters show them): five queries, one
    when none is linked."""
    return [Line(row) for row in linked_scorecard(area.authority, [area.pk])]


# -- The dashboard: what moved most ------------------------------------------------------------------


@dataclass
class Move:
    indicator: Indicator
    latest: IndicatorValue
    previous: IndicatorValue
    numbers: Numbers
    direction: str  # 'better' or 'worse'

    @property
    def change(self) -> Decimal:
        return self.latest.value - self.previous.value

    @property
    def share(self) -> float:
        """The change as a share of the earlier figure (infinite from nothing)."""
        if self.previous.value == 0:
            return math.inf
        return float(abs(self.change) / abs(self.previous.value))

    @property
    def monthly(self) -> bool:
        return self.indicator.frequency == Indicator.Frequency.MONTHLY

    @property
    def figures(self) -> str:
        """'24.6% in 2025, from 32.6% in 2024'."""
        return (
            f"{self.numbers(self.latest.value)} in {self.latest.period}, from "
            f"{self.numbers(self.previous.value)} in {self.previous.period}"
        )

    @property
    def change_words(self) -> str:
        """'down 8.0 points (25%)'."""
        way = "up" if self.change > 0 else "down"
        share = "" if math.isinf(self.share) else f" ({self.share:.0%})"
        return f"{way} {self.numbers.change(self.change)}{share}"


@dataclass
class MoveGroup:
    """The moves of one kind of figure: the council's own monthly ones, or DfE's yearly ones."""

    monthly: bool
    worse: list[Move]
    better: list[Move]

    @property
    def columns(self) -> list[tuple[str, list[Move]]]:
        return [("For the worse", self.worse), ("For the better", self.better)]


@dataclass
class Moves:
    groups: list[MoveGroup]  # monthly first; a kind with no move is left out

    def __bool__(self) -> bool:
        return bool(self.groups)

    @property
    def all(self) -> list[Move]:
        return [move for group in self.groups for move in (*group.worse, *group.better)]


MOVES_SHOWN = 3


def moved_most(authority: LocalAuthority, shown: int = MOVES_SHOWN) -> Moves:
    """The indicators whose latest figure moved most against the one before: of the council's
    own monthly figures and of DfE's yearly ones, `shown` for the worse and `shown` for the
    better of each. Two queries."""
    indicators = {indicator.pk: indicator for indicator in indicators_for(authority)}
    history = defaultdict(list)
    for value in IndicatorValue.objects.filter(
        indicator_id__in=indicators,
        level=IndicatorValue.Level.AUTHORITY,
        authority=authority,
    ).order_by("period_end"):
        history[value.indicator_id].append(value)
    moves = []
    for pk, values in history.items():
        indicator = indicators[pk]
        if len(values) < 2 or indicator.better == Indicator.Better.NEITHER:
            continue
        previous, latest = values[-2], values[-1]
        if latest.value is None or previous.value is None or latest.value == previous.value:
            continue
        improved = (latest.value > previous.value) == (indicator.better == Indicator.Better.HIGHER)
        numbers = Numbers(indicator, [value.value for value in values])
        moves.append(Move(indicator, latest, previous, numbers, "better" if improved else "worse"))
    moves.sort(key=lambda move: (-move.share, move.indicator.name))
    groups = []
    for monthly in (True, False):
        kind = [move for move in moves if move.monthly == monthly]
        if kind:
            groups.append(
                MoveGroup(
                    monthly,
                    worse=[move for move in kind if move.direction == "worse"][:shown],
                    better=[move for move in kind if move.direction == "better"][:shown],
                )
            )
    return Moves(groups)
