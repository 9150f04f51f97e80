"""Charts drawn on the server as inline SVG: no JavaScript, no chart library, no external files.

Each function takes plain data and returns SVG markup as a string, so the web pages and the PDF
digests (WeasyPrint renders inline SVG) draw the same chart from the same call. Nothing here touches
the database or Django.

    ChartEvent(label: str, date: datetime.date)
        One column of a chart: an inspection event, e.g. ChartEvent("Visit 6", date(2024, 6, 25)).
        ChartEvent.from_event(event) builds one from anything with `short_label` and
        `fieldwork_start` (an InspectionEvent).

    trajectory_chart(events: Sequence[ChartEvent], ratings: Sequence[str], *,
                     title: str, chart_id: str, narrow: bool = False) -> str
        One area's RAG rating at each event, as a line over three levels (red, amber, green).
        `ratings[i]` is "red", "amber", "green", or "" where events[i] did not rate the area.

    rag_share_chart(events: Sequence[ChartEvent], counts: Sequence[Mapping[str, int]], *,
                    title: str, chart_id: str, narrow: bool = False) -> str
        The share of areas at each RAG after each event, as stacked bars (100% = the areas rated
        so far). `counts[i]` maps "red"/"amber"/"green" to a number of areas; see rag_shares().

    Drawn wide (the default) the events run across: the chart grows wider with each event, so a
    page shows it at its drawn size and lets it scroll sideways rather than shrink its text. Drawn
    `narrow`, for a phone, the events run down: the chart is NARROW_WIDTH wide however many events
    there are, and grows taller instead, so its text keeps its size on a 360 px screen.

    rag_shares(area_ratings: Sequence[Sequence[str]]) -> list[dict[str, int]]
        From each area's ratings at each event (rows aligned with the events, "" where not
        rated), the number of areas at each RAG after each event, each area counted at its most
        recent rating so far.

Every chart:
- has role="img" with a <title> and a <desc> (its text alternative) named by aria-labelledby;
  the page should also offer the same figures as a table (a "Show as a table" details element);
- shows each RAG rating's word as well as its colour, with a distinct marker shape or fill pattern,
  so colour is never the only signal;
- uses SVG presentation attributes only (no style attributes), so it renders under a strict
  Content Security Policy; `chart_id` prefixes every id, so several charts can share a page.

The drawing primitives (the <svg> element, text, lines, fill patterns) are shared with the national
picture's charts: sefton_tracker.core.svg.
"""

import datetime
from collections.abc import Mapping, Sequence
from html import escape
from typing import NamedTuple

from sefton_tracker.core.svg import (
    GRID,
    INK,
    MONTH_NAMES,
    MONTHS,
    NARROW_SMALL_FONT_SIZE,
    NARROW_WIDTH,
    PAPER,
    SECONDARY_INK,
    SMALL_FONT_SIZE,
)
from sefton_tracker.core.svg import chart_svg as _svg
from sefton_tracker.core.svg import line as _line
from sefton_tracker.core.svg import number as _n
from sefton_tracker.core.svg import part_id as _id
from sefton_tracker.core.svg import pattern as _pattern
from sefton_tracker.core.svg import spread as _spread
from sefton_tracker.core.svg import text as _text

RAG_LEVELS = ("red", "amber", "green")  # worst to best
RAG_WORDS = {"red": "Red", "amber": "Amber", "green": "Green"}
RAG_FILLS = {"red": "#d4351c", "amber": "#f47738", "green": "#00703c"}
RAG_SHADES = {"red": "#942514", "amber": "#a3471a", "green": "#005a30"}  # pattern details

SLOT_WIDTH = 96  # least horizontal room per event: a chart of many events grows wider
MIN_WIDTH = 560  # a chart of few events spreads them out


class ChartEvent(NamedTuple):
    label: str
    date: datetime.date

    @classmethod
    def from_event(cls, event) -> "ChartEvent":
        return cls(event.short_label, event.fieldwork_start)

    @property
    def month(self) -> str:
        return f"{MONTHS[self.date.month - 1]} {self.date.year}"

    @property
    def long_month(self) -> str:
        return f"{MONTH_NAMES[self.date.month - 1]} {self.date.year}"


def rag_shares(area_ratings: Sequence[Sequence[str]]) -> list[dict[str, int]]:
    if not area_ratings:
        return []
    columns = len(area_ratings[0])
    if any(len(row) != columns for row in area_ratings):
        raise ValueError("Every area needs one rating (or '') per event.")
    current = [""] * len(area_ratings)
    shares = []
    for column in range(columns):
        for index, row in enumerate(area_ratings):
            rag = _checked_rag(row[column])
            if rag:
                current[index] = rag
        shares.append({rag: current.count(rag) for rag in RAG_LEVELS})
    return shares


def trajectory_chart(
    events: Sequence[ChartEvent],
    ratings: Sequence[str],
    *,
    title: str,
    chart_id: str,
    narrow: bool = False,
) -> str:
    if len(events) != len(ratings):
        raise ValueError("trajectory_chart needs one rating (or '') per event.")
    ratings = [_checked_rag(rag) for rag in ratings]
    if narrow:
        return _narrow_trajectory_chart(events, ratings, title=title, chart_id=chart_id)
    left, right, top, bottom = 96, 24, 36, 92
    plot_height = 150
    width = max(left + right + SLOT_WIDTH * max(len(events), 1), MIN_WIDTH)
    slot = (width - left - right) / max(len(events), 1)
    height = top + plot_height + bottom

    def x(index: int) -> float:
        return left + slot * (index + 0.5)

    def y(rag: str) -> float:
        return top + plot_height * (1 - RAG_LEVELS.index(rag) / 2)

    parts = []
    for rag in RAG_LEVELS:
        parts.append(
            _line(left, y(rag), width - right, y(rag), stroke=GRID, dash="2 4")
            + _marker(rag, left - 78, y(rag), size=12)
            + _text(RAG_WORDS[rag], left - 66, y(rag) + 5, weight="bold")
        )
    parts.append(_line(left, top + plot_height + 24, width - right, top + plot_height + 24, INK))
    for index, event in enumerate(events):
        base = top + plot_height + 46
        parts.append(_text(event.label, x(index), base, anchor="middle", weight="bold"))
        parts.append(_text(event.month, x(index), base + 18, anchor="middle", size=SMALL_FONT_SIZE))
        if not ratings[index]:
            parts.append(
                _text(
                    "Not reviewed",
                    x(index),
                    base + 36,
                    anchor="middle",
                    size=SMALL_FONT_SIZE,
                    fill=SECONDARY_INK,
                )
            )

    rated = [index for index, rag in enumerate(ratings) if rag]
    for previous, current in zip(rated, rated[1:], strict=False):
        skipped = current - previous > 1  # events in between did not review the area
        parts.append(
            _line(
                x(previous),
                y(ratings[previous]),
                x(current),
                y(ratings[current]),
                stroke=SECONDARY_INK,
                width=3,
                dash="7 5" if skipped else None,
            )
        )
    for index in rated:
        rag = ratings[index]
        parts.append(_marker(rag, x(index), y(rag), size=16))
        parts.append(
            _text(RAG_WORDS[rag], x(index), y(rag) - 15, anchor="middle", size=SMALL_FONT_SIZE)
        )

    description = _trajectory_description(events, ratings)
    return _svg(chart_id, title, description, width, height, "".join(parts))


def rag_share_chart(
    events: Sequence[ChartEvent],
    counts: Sequence[Mapping[str, int]],
    *,
    title: str,
    chart_id: str,
    narrow: bool = False,
) -> str:
    if len(events) != len(counts):
        raise ValueError("rag_share_chart needs one set of counts per event.")
    if narrow:
        return _narrow_share_chart(events, counts, title=title, chart_id=chart_id)
    left, right, top, bottom = 64, 16, 64, 56
    bar_width, label_room = 56, 72  # labels sit to the right of each bar
    plot_height = 240
    width = max(left + right + SLOT_WIDTH * 4 // 3 * max(len(events), 1), MIN_WIDTH)
    slot = (width - left - right) / max(len(events), 1)
    inset = max(8, (slot - bar_width - label_room) / 2)
    height = top + plot_height + bottom

    def y(share: float) -> float:
        return top + plot_height * (1 - share)

    parts = [_patterns(chart_id)]
    legend_x = left
    for rag in RAG_LEVELS:
        parts.append(_swatch(chart_id, rag, legend_x, 12, 18))
        parts.append(_text(RAG_WORDS[rag], legend_x + 24, 26, weight="bold"))
        legend_x += 96
    for percent in (0, 25, 50, 75, 100):
        level = y(percent / 100)
        parts.append(_line(left, level, width - right, level, GRID))
        parts.append(_text(f"{percent}%", left - 8, level + 5, anchor="end", size=SMALL_FONT_SIZE))
    parts.append(_line(left, y(0), width - right, y(0), INK))

    for index, (event, count) in enumerate(zip(events, counts, strict=True)):
        bar_left = left + slot * index + inset
        centre = bar_left + bar_width / 2
        total = sum(int(count.get(rag, 0)) for rag in RAG_LEVELS)
        parts.append(_text(event.label, centre, y(0) + 24, anchor="middle", weight="bold"))
        parts.append(_text(event.month, centre, y(0) + 42, anchor="middle", size=SMALL_FONT_SIZE))
        if not total:
            parts.append(
                _text(
                    "No ratings",
                    centre,
                    y(0) - 10,
                    anchor="middle",
                    size=SMALL_FONT_SIZE,
                    fill=SECONDARY_INK,
                )
            )
            continue
        parts.append(
            _text(f"{total} rated", centre, y(1) - 8, anchor="middle", size=SMALL_FONT_SIZE)
        )
        below, labels = 0.0, []
        for rag in RAG_LEVELS:
            number = int(count.get(rag, 0))
            if not number:
                continue
            share = number / total
            top_edge, bottom_edge = y(below + share), y(below)
            parts.append(
                f'<rect x="{_n(bar_left)}" y="{_n(top_edge)}" width="{bar_width}" '
                f'height="{_n(bottom_edge - top_edge)}" fill="{_fill(chart_id, rag)}" '
                f'stroke="{PAPER}" stroke-width="1"/>'
            )
            labels.append((f"{number} {rag}", (top_edge + bottom_edge) / 2))
            below += share
        # Clear of the grid lines that run behind the labels: a line through a number hides it.
        grid = [y(percent / 100) for percent in (0, 25, 50, 75, 100)]
        text_box = (5 - 0.75 * SMALL_FONT_SIZE - 2, 5 + 0.25 * SMALL_FONT_SIZE + 2)
        for content, label_y in _spread(labels, gap=17, lowest=y(0) - 4, avoid=grid, box=text_box):
            parts.append(
                _text(
                    content,
                    bar_left + bar_width + 6,
                    label_y + 5,
                    size=SMALL_FONT_SIZE,
                    weight="bold",
                )
            )

    description = _share_description(events, counts)
    return _svg(chart_id, title, description, width, height, "".join(parts))


# --- Narrow: the events run down the page ------------------------------------------------


def _narrow_trajectory_chart(
    events: Sequence[ChartEvent], ratings: Sequence[str], *, title: str, chart_id: str
) -> str:
    """A column per rating (red, amber, green), a row per event: the line runs down the rows."""
    width, left, top, row = NARROW_WIDTH, 124, 50, 48
    column = (width - left) / len(RAG_LEVELS)
    height = top + row * max(len(events), 1) + 8

    def x(rag: str) -> float:
        return left + column * (RAG_LEVELS.index(rag) + 0.5)

    def y(index: int) -> float:
        return top + row * (index + 0.5)

    parts = []
    for rag in RAG_LEVELS:  # each column's heading: its marker over its word
        parts.append(_line(x(rag), top - 6, x(rag), height - 8, stroke=GRID, dash="2 4"))
        parts.append(_marker(rag, x(rag), 10, size=12))
        parts.append(_text(RAG_WORDS[rag], x(rag), 36, anchor="middle", weight="bold"))
    for index, event in enumerate(events):
        parts.append(_line(0, y(index) + row / 2, width, y(index) + row / 2, stroke=GRID))
        parts.append(_text(event.label, 0, y(index) - 3, weight="bold"))
        parts.append(
            _text(event.month, 0, y(index) + 15, size=NARROW_SMALL_FONT_SIZE, fill=SECONDARY_INK)
        )

    rated = [index for index, rag in enumerate(ratings) if rag]
    for previous, current in zip(rated, rated[1:], strict=False):
        parts.append(
            _line(
                x(ratings[previous]),
                y(previous),
                x(ratings[current]),
                y(current),
                stroke=SECONDARY_INK,
                width=3,
                dash="7 5" if current - previous > 1 else None,
            )
        )
    for index, rag in enumerate(ratings):
        if not rag:
            # Over the dashed line of an area not reviewed, on a halo of paper.
            parts.append(
                _text(
                    "Not reviewed",
                    left + (width - left) / 2,
                    y(index) + 5,
                    anchor="middle",
                    size=NARROW_SMALL_FONT_SIZE,
                    fill=SECONDARY_INK,
                    halo=True,
                )
            )
            continue
        parts.append(_marker(rag, x(rag), y(index), size=16))
        # The word beside its marker, on the side away from the chart's edge.
        last = rag == RAG_LEVELS[-1]
        parts.append(
            _text(
                RAG_WORDS[rag],
                x(rag) + (-13 if last else 13),
                y(index) + 5,
                anchor="end" if last else "start",
                size=NARROW_SMALL_FONT_SIZE,
                halo=True,
            )
        )

    description = _trajectory_description(events, ratings)
    return _svg(chart_id, title, description, width, height, "".join(parts))


def _narrow_share_chart(
    events: Sequence[ChartEvent], counts: Sequence[Mapping[str, int]], *, title: str, chart_id: str
) -> str:
    """A row per event: its name, one bar across the width (100% = the areas rated so far) and
    the number at each rating in words."""
    width, top, row, bar_height = NARROW_WIDTH, 44, 76, 20
    height = top + row * max(len(events), 1)

    parts = [_patterns(chart_id)]
    legend_x = 0
    for rag in RAG_LEVELS:
        parts.append(_swatch(chart_id, rag, legend_x, 8, 18))
        parts.append(_text(RAG_WORDS[rag], legend_x + 24, 22, weight="bold"))
        legend_x += 96
    for index, (event, count) in enumerate(zip(events, counts, strict=True)):
        base = top + row * index
        total = sum(int(count.get(rag, 0)) for rag in RAG_LEVELS)
        parts.append(
            f'<text x="0" y="{_n(base + 14)}"><tspan font-weight="bold">{escape(event.label)}'
            f'</tspan><tspan dx="8" font-size="{NARROW_SMALL_FONT_SIZE}" fill="{SECONDARY_INK}">'
            f"{escape(event.month)}</tspan></text>"
        )
        bar_top = base + 22
        if not total:
            parts.append(
                _text(
                    "No ratings",
                    0,
                    bar_top + 15,
                    size=NARROW_SMALL_FONT_SIZE,
                    fill=SECONDARY_INK,
                )
            )
            continue
        parts.append(
            _text(
                f"{total} rated",
                width,
                base + 14,
                anchor="end",
                size=NARROW_SMALL_FONT_SIZE,
            )
        )
        left, words = 0.0, []
        for rag in RAG_LEVELS:
            number = int(count.get(rag, 0))
            if not number:
                continue
            share = width * number / total
            parts.append(
                f'<rect x="{_n(left)}" y="{_n(bar_top)}" width="{_n(share)}" '
                f'height="{bar_height}" fill="{_fill(chart_id, rag)}" '
                f'stroke="{PAPER}" stroke-width="1"/>'
            )
            words.append(f"{number} {rag}")
            left += share
        parts.append(
            _text(
                ", ".join(words),
                0,
                bar_top + bar_height + 18,
                size=NARROW_SMALL_FONT_SIZE,
                weight="bold",
            )
        )

    description = _share_description(events, counts)
    return _svg(chart_id, title, description, width, height, "".join(parts))


# --- Text alternatives -------------------------------------------------------------------


def _trajectory_description(events: Sequence[ChartEvent], ratings: Sequence[str]) -> str:
    if not events:
        return "No inspections or visits have been recorded."
    steps = [
        f"{event.label} ({event.long_month}): {RAG_WORDS[rag] if rag else 'not reviewed'}"
        for event, rag in zip(events, ratings, strict=True)
    ]
    return "Rating at each event, oldest first. " + "; ".join(steps) + "."


def _share_description(events: Sequence[ChartEvent], counts: Sequence[Mapping[str, int]]) -> str:
    if not events:
        return "No inspections or visits have been recorded."
    steps = []
    for event, count in zip(events, counts, strict=True):
        numbers = ", ".join(f"{int(count.get(rag, 0))} {rag}" for rag in RAG_LEVELS)
        steps.append(f"after {event.label} ({event.long_month}): {numbers}")
    sentence = "; ".join(steps)
    return (
        "Number of areas at each rating, each area counted at its latest rating so far. "
        f"{sentence[0].upper()}{sentence[1:]}."
    )


# --- Drawing helpers ---------------------------------------------------------------------


def _checked_rag(rag: str | None) -> str:
    rag = (rag or "").lower()
    if rag and rag not in RAG_LEVELS:
        raise ValueError(f"Unknown RAG rating {rag!r}: use red, amber, green or ''.")
    return rag


def _marker(rag: str, x: float, y: float, *, size: float) -> str:
    """Red a square, amber a diamond, green a circle: the shape tells them apart without colour."""
    half = size / 2
    paint = f'fill="{RAG_FILLS[rag]}" stroke="{INK}" stroke-width="1.5"'
    if rag == "red":
        return (
            f'<rect x="{_n(x - half)}" y="{_n(y - half)}" width="{_n(size)}" '
            f'height="{_n(size)}" {paint}/>'
        )
    if rag == "amber":
        reach = half * 1.3
        points = f"{_n(x)},{_n(y - reach)} {_n(x + reach)},{_n(y)} {_n(x)},{_n(y + reach)} {_n(x - reach)},{_n(y)}"
        return f'<polygon points="{points}" {paint}/>'
    return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(half)}" {paint}/>'


def _patterns(chart_id: str) -> str:
    """Red is hatched, amber dotted, green solid: the fill tells them apart without colour."""
    return (
        "<defs>"
        + _pattern(chart_id, "red", RAG_FILLS["red"], RAG_SHADES["red"], "hatch")
        + _pattern(chart_id, "amber", RAG_FILLS["amber"], RAG_SHADES["amber"], "dots")
        + "</defs>"
    )


def _fill(chart_id: str, rag: str) -> str:
    return RAG_FILLS[rag] if rag == "green" else f"url(#{_id(chart_id, rag)})"


def _swatch(chart_id: str, rag: str, x: float, y: float, size: float) -> str:
    return (
        f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(size)}" height="{_n(size)}" '
        f'fill="{_fill(chart_id, rag)}" stroke="{INK}" stroke-width="1"/>'
    )
