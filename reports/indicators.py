"""The indicators a digest or a progress letter shows: those linked to the areas of concern it
covers, each as one row of a compact table (its latest figure, the change since the figure
before, England's and the statistical neighbours' mean), as known from the figures for periods
ending by the digest's end or the letter's date, and credited to where the figures come from.
Figures are written as the pages write them (findings.indicators.pages)."""

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format

from findings.indicators.models import Indicator
from findings.indicators.pages import Figure, Line
from findings.indicators.selectors import linked_scorecard
from visits.models import LocalAuthority
from visits.national.models import Publication

NONE = "–"


@dataclass
class TableLine:
    indicator: Indicator
    areas: list  # the areas of concern it is linked to, of those the document covers
    period: str
    value: str
    rag: str
    change: str
    england: str
    neighbours: str


@dataclass
class IndicatorTable:
    authority: LocalAuthority
    as_at: datetime.date
    lines: list[TableLine]
    credits: list[str]  # the official publications of the figures shown
    local_sources: list[str]  # where the council's own figures come from

    @property
    def sources(self) -> str:
        """'DfE, …; Sefton's own figures: Liquidlogic performance report'."""
        parts = list(self.credits)
        if self.local_sources:
            parts.append(f"{self.authority.name}'s own figures: {'; '.join(self.local_sources)}")
        return "; ".join(parts)

    def or_none(self) -> "IndicatorTable | None":
        """The table, or None when no indicator is linked: the document then leaves it out."""
        return self if self.lines else None

    @property
    def as_at_text(self) -> str:
        return date_format(self.as_at, "j F Y")


def _shown(figure: Figure) -> str:
    if figure.withheld:
        return f"withheld ({figure.marker})"
    return figure.text or NONE


def _change(line: Line) -> str:
    """'Down 5.6 points since 2024', 'No earlier figure', or the earlier figure withheld."""
    row = line.row
    latest, previous = row.latest and row.latest.value, row.previous
    if latest is None or latest.value is None:
        return NONE
    if previous is None:
        return "No earlier figure"
    if previous.value is None:
        return f"{previous.period} withheld ({previous.marker})"
    change = latest.value - previous.value
    if change == 0:
        return f"Same as {previous.period}"
    way = "Up" if change > 0 else "Down"
    return f"{way} {line.numbers.change(change)} since {previous.period}"


def _neighbours(line: Line) -> str:
    latest = line.row.latest
    if latest is None or line.indicator.is_local or not latest.neighbours.of:
        return NONE
    figure = latest.neighbours
    if figure.mean is None:
        return f"{NONE} (0 of {figure.of})"
    return f"{line.numbers(figure.mean)} ({figure.used} of {figure.of})"


def indicator_table(authority: LocalAuthority, area_ids, *, as_at: datetime.date) -> IndicatorTable:
    """The table for the authority's areas `area_ids`, as at `as_at`. Six queries."""
    rows = linked_scorecard(authority, area_ids, as_at=as_at)
    lines, publication_ids = [], set()
    for row in rows:
        latest = row.latest
        if latest is None:
            continue  # no figure yet by the document's date
        line = Line(row)
        publication_ids.update(
            value.publication_id
            for value in (latest.value, latest.england)
            if value is not None and value.publication_id
        )
        lines.append(
            TableLine(
                indicator=row.indicator,
                areas=row.linked_areas,
                period=line.period,
                value=_shown(line.value),
                rag=line.rag,
                change=_change(line),
                england=_shown(line.england),
                neighbours=_neighbours(line),
            )
        )
    credits = [
        publication.credit
        for publication in Publication.objects.filter(pk__in=publication_ids).order_by(
            "dataset", "title"
        )
    ]
    local_sources = sorted({line.indicator.source for line in lines if line.indicator.is_local})
    return IndicatorTable(authority, as_at, lines, credits, local_sources)
