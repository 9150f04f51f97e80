"""The indicators' charts, drawn on the server as inline SVG (as findings.charts draws the
dashboard's): no JavaScript, no chart library, no external files. Each function takes plain data
and returns SVG markup; nothing here touches the database or Django.

    Series(label, values, notes=())
        One line: a value per period (a Decimal or float, or None where there is no figure) and,
        for a period without one, a note saying why ("withheld (c)"; "no figure" if none).

    line_chart(periods: Sequence[str], series: Sequence[Series], *, title, chart_id, fmt,
               target=None, axis_labels=None, narrow=False) -> str
        Up to four lines over the periods, oldest first: the authority's (solid), then its
        statistical neighbours' mean, its region's and England's, each with its own dash pattern
        and marker shape (circle, square, triangle, diamond) as well as its own colour, named in a
        legend above the plot. A period without a figure breaks the line; it never drops to zero.
        `fmt` writes a value as the page does ("24.6%"); `target` draws a dashed line across,
        named in the legend; `axis_labels` are shorter names for the periods ("Nov 2024"). The
        scale starts at zero unless the figures sit far above it, and the authority's latest
        figure is written beside its last point.

    sparkline(periods, values, *, title, chart_id, fmt) -> str
        A small line of one authority's figures, for a table cell, described in words (first,
        last, highest, lowest, and the periods without a figure).

Drawn `narrow`, for a phone, the line chart is NARROW_WIDTH wide, its legend one entry to a line
where it must be, and it labels only as many periods as fit, always the last.

Every chart has role="img" with a <title> and a <desc> (its text alternative, naming every figure
but the sparkline's, which the row beside it gives); the page offers the same figures as a table.
"""

import math
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import NamedTuple

from sefton_tracker.core.svg import (
    GRID,
    INK,
    NARROW_SMALL_FONT_SIZE,
    NARROW_WIDTH,
    PAPER,
    SMALL_FONT_SIZE,
    chart_svg,
    line,
    number,
    text,
)

WIDE_WIDTH = 720
TARGET_DASH = "5 4"


class Series(NamedTuple):
    label: str
    values: Sequence[Decimal | float | None]
    notes: Sequence[str] = ()


class Style(NamedTuple):
    colour: str
    width: float
    dash: str | None
    marker: str


# The authority first (solid and heaviest), then its neighbours, its region and England.
STYLES = (
    Style("#1d70b8", 3.5, None, "circle"),
    Style("#4c2c92", 2.5, "9 5", "square"),
    Style("#a3471a", 2.5, "2 4", "triangle"),
    Style("#505a5f", 2.5, "14 4 3 4", "diamond"),
)


def marker(shape: str, x: float, y: float, colour: str, *, size: float = 9) -> str:
    half = size / 2
    paint = f'fill="{colour}" stroke="{PAPER}" stroke-width="1.5"'
    if shape == "circle":
        return f'<circle cx="{number(x)}" cy="{number(y)}" r="{number(half + 0.5)}" {paint}/>'
    if shape == "square":
        return (
            f'<rect x="{number(x - half)}" y="{number(y - half)}" width="{number(size)}" '
            f'height="{number(size)}" {paint}/>'
        )
    if shape == "triangle":
        reach = half * 1.35
        points = [(x, y - reach), (x + reach, y + reach * 0.8), (x - reach, y + reach * 0.8)]
    elif shape == "diamond":
        reach = half * 1.4
        points = [(x, y - reach), (x + reach, y), (x, y + reach), (x - reach, y)]
    else:
        raise ValueError(f"Unknown marker {shape!r}.")
    return f'<polygon points="{" ".join(f"{number(a)},{number(b)}" for a, b in points)}" {paint}/>'


def _segments(points: Sequence[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """Runs of points without a gap: a missing figure breaks the line."""
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(point)
    return [run for run in runs if run]


def _polyline(run, style: Style, *, extra: str = "") -> str:
    path = " ".join(f"{number(x)},{number(y)}" for x, y in run)
    dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
    return (
        f'<polyline points="{path}" fill="none" stroke="{style.colour}" '
        f'stroke-width="{style.width}" stroke-linejoin="round" stroke-linecap="round"'
        f"{dash}{extra}/>"
    )


def _nice_step(span: float, ticks: int = 4) -> float:
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _labelled(count: int, room: float, label_width: float) -> set[int]:
    """The periods to label so that no two labels touch: every nth from the last, and the first
    too where it has room."""
    if count <= 1:
        return set(range(count))
    spacing = room / (count - 1)
    every = max(1, math.ceil((label_width + 10) / spacing))
    for even in range(every, min(every * 2, count)):  # a step that reaches the first, if close
        if (count - 1) % even == 0:
            every = even
            break
    chosen = set(range(count - 1, -1, -every))
    if 0 not in chosen and min(chosen) * spacing >= label_width + 10:
        chosen.add(0)
    return chosen


def line_chart(
    periods: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    chart_id: str,
    fmt: Callable[[Decimal | float], str],
    target: Decimal | float | None = None,
    axis_labels: Sequence[str] | None = None,
    narrow: bool = False,
) -> str:
    axis_labels = list(axis_labels or periods)
    if len(axis_labels) != len(periods):
        raise ValueError("line_chart needs one axis label per period.")
    if any(len(one.values) != len(periods) for one in series):
        raise ValueError("line_chart needs one value (or None) per period in every series.")
    if len(series) > len(STYLES):
        raise ValueError(f"line_chart draws at most {len(STYLES)} lines.")
    size = NARROW_SMALL_FONT_SIZE if narrow else SMALL_FONT_SIZE
    width = NARROW_WIDTH if narrow else WIDE_WIDTH
    plot_height = 200 if narrow else 240

    values = [float(v) for one in series for v in one.values if v is not None]
    if target is not None:
        values.append(float(target))
    high, low = max(values, default=0.0), min(values, default=0.0)
    # The scale starts at zero, unless the figures sit far above it (a share of assessments on
    # time between 78% and 87%): then just below the lowest, so that their moves show.
    base = low - (high - low) / 4 if low > 0 and low > high - low else min(0.0, low)
    step = _nice_step((high - base) or 1)
    ceiling = math.ceil(high / step) * step if high > 0 else step
    floor = math.floor(base / step) * step
    if ceiling <= floor:
        ceiling = floor + step
    ticks = [floor + step * i for i in range(round((ceiling - floor) / step) + 1)]
    tick_labels = [_tick(fmt(Decimal(str(round(tick, 6))).normalize())) for tick in ticks]
    left = max(len(label) for label in tick_labels) * size * 0.6 + 14
    right = 16 if narrow else 24

    target_label = f"Target {_tick(fmt(target))}" if target is not None else ""
    legend, legend_height = _legend(series, width, size, target_label)
    top = legend_height + 20
    axis = top + plot_height
    height = axis + 34

    def y(value) -> float:
        return top + plot_height * (1 - (float(value) - floor) / (ceiling - floor))

    room = width - left - right - 24
    count = len(periods)

    def x(index: int) -> float:
        if count == 1:
            return left + 12 + room / 2
        return left + 12 + room * index / (count - 1)

    parts = [legend]
    for tick, label in zip(ticks, tick_labels, strict=True):
        parts.append(line(left, y(tick), width - right, y(tick), GRID))
        parts.append(text(label, left - 6, y(tick) + 5, anchor="end", size=size))
    parts.append(line(left, axis, width - right, axis, INK))
    longest = max((len(label) for label in axis_labels), default=4) * size * 0.6
    labelled = _labelled(count, room, longest)
    for index, period in enumerate(axis_labels):
        if index not in labelled:
            continue
        parts.append(line(x(index), axis, x(index), axis + 5, INK))
        half = len(period) * size * 0.3  # kept inside the chart
        middle = min(max(x(index), half), width - half)
        label = text(period, middle, axis + 22, anchor="middle", size=size)
        parts.append(label.replace("<text ", '<text class="axis-x" ', 1))
    if target is not None:  # named in the legend, clear of the lines
        parts.append(
            line(left, y(target), width - right, y(target), INK, width=1.5, dash=TARGET_DASH)
        )
    # England first and the authority last, so the authority's line is drawn on top.
    for index in reversed(range(len(series))):
        one, style = series[index], STYLES[index]
        points = [None if value is None else (x(i), y(value)) for i, value in enumerate(one.values)]
        for run in _segments(points):
            if len(run) > 1:
                parts.append(_polyline(run, style, extra=f' data-series="{index}"'))
        for point in points:
            if point is not None:
                parts.append(marker(style.marker, *point, style.colour))
    latest = (
        next(
            ((i, v) for i, v in reversed(list(enumerate(series[0].values))) if v is not None), None
        )
        if series
        else None
    )
    if latest is not None:  # the authority's latest figure, written beside its last point
        words = fmt(latest[1])
        half = len(words) * (size + 1) * 0.3
        middle = min(max(x(latest[0]), half), width - half)
        parts.append(
            text(
                words,
                middle,
                y(latest[1]) - 12,
                anchor="middle",
                size=size + 1,
                weight="bold",
                halo=True,
            )
        )
    description = _line_description(periods, series, fmt, target)
    return chart_svg(chart_id, title, description, width, math.ceil(height), "".join(parts))


def _tick(label: str) -> str:
    """A scale's label without its zero decimals: '40%', not '40.0%'."""
    return re.sub(r"\.0+(?=\D*$)", "", label)


def _legend(
    series: Sequence[Series], width: float, size: int, target: str = ""
) -> tuple[str, float]:
    """Each line's sample (its dash and marker) and name, and the target's, as many to a row as
    fit."""
    entries = [(one.label, STYLES[index]) for index, one in enumerate(series)]
    if target:
        entries.append((target, Style(INK, 1.5, TARGET_DASH, "")))
    parts, left, top = [], 0.0, 12.0
    for label, style in entries:
        room = 40 + len(label) * size * 0.56 + 22
        if left > 0 and left + room > width:
            left, top = 0.0, top + 26
        parts.append(
            line(left + 2, top, left + 34, top, style.colour, width=style.width, dash=style.dash)
        )
        if style.marker:
            parts.append(marker(style.marker, left + 18, top, style.colour))
        parts.append(text(label, left + 42, top + 5, size=size))
        left += room
    return "".join(parts), top + 14


def _said(value, note: str, fmt) -> str:
    return fmt(value) if value is not None else (note or "no figure")


def _line_description(periods, series, fmt, target) -> str:
    sentences = []
    for one in series:
        notes = list(one.notes) + [""] * (len(periods) - len(one.notes))
        said = [
            f"{_said(value, note, fmt)} in {period}"
            for period, value, note in zip(periods, one.values, notes, strict=True)
        ]
        sentences.append(f"{one.label}: {', '.join(said)}.")
    if target is not None:
        sentences.append(f"The target is {_tick(fmt(target))}.")
    return " ".join(sentences)


# --- The scorecard's sparkline ------------------------------------------------------------------

SPARK_WIDTH, SPARK_HEIGHT = 112, 32


def sparkline(
    periods: Sequence[str],
    values: Sequence[Decimal | float | None],
    *,
    title: str,
    chart_id: str,
    fmt: Callable[[Decimal | float], str],
) -> str:
    if len(values) != len(periods):
        raise ValueError("sparkline needs one value (or None) per period.")
    present = [float(value) for value in values if value is not None]
    low, high = min(present, default=0), max(present, default=0)
    spread = (high - low) or 1
    edge = 5
    count = len(periods)

    def x(index: int) -> float:
        if count == 1:
            return SPARK_WIDTH / 2
        return edge + (SPARK_WIDTH - 2 * edge) * index / (count - 1)

    def y(value) -> float:
        if high == low:
            return SPARK_HEIGHT / 2
        return edge + (SPARK_HEIGHT - 2 * edge) * (1 - (float(value) - low) / spread)

    points = [None if value is None else (x(i), y(value)) for i, value in enumerate(values)]
    style = Style(STYLES[0].colour, 2, None, "circle")
    parts = [_polyline(run, style) for run in _segments(points) if len(run) > 1]
    for point in points:
        if point is not None:
            parts.append(
                f'<circle cx="{number(point[0])}" cy="{number(point[1])}" r="2" '
                f'fill="{style.colour}"/>'
            )
    last = next((point for point in reversed(points) if point is not None), None)
    if last is not None:  # the latest figure, larger
        parts.append(
            f'<circle cx="{number(last[0])}" cy="{number(last[1])}" r="3.5" fill="{INK}"/>'
        )
    description = _spark_description(periods, values, fmt)
    return chart_svg(chart_id, title, description, SPARK_WIDTH, SPARK_HEIGHT, "".join(parts))


def _spark_description(periods, values, fmt) -> str:
    known = [
        (period, value) for period, value in zip(periods, values, strict=True) if value is not None
    ]
    missing = [period for period, value in zip(periods, values, strict=True) if value is None]
    if not known:
        return "No figures."
    (first_period, first), (last_period, last) = known[0], known[-1]
    if len(known) == 1:
        said = f"{fmt(last)} in {last_period}"
    else:
        highest = max(known, key=lambda pair: pair[1])
        lowest = min(known, key=lambda pair: pair[1])
        said = (
            f"From {fmt(first)} in {first_period} to {fmt(last)} in {last_period}; "
            f"highest {fmt(highest[1])} in {highest[0]}, lowest {fmt(lowest[1])} in {lowest[0]}"
        )
    if missing:
        said += f"; no figure for {_listed(missing)}"
    return said + "."


def _listed(words: Sequence[str]) -> str:
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} and {words[-1]}"
