"""The national picture's charts, drawn on the server as inline SVG (as findings.charts draws the
dashboard's): no JavaScript, no chart library, no external files. Each function takes plain data and
returns SVG markup; nothing here touches the database or Django.

    grade_spread_chart(counts: Mapping[str, int], *, title, chart_id, notes=None, narrow=False)
        How many authorities have each overall grade (Judgement.Grade values, best first), as a
        horizontal bar each, with the number and share written beside it. `notes` adds a word to a
        grade's row ({"inadequate": "Sefton is one of them"}).

    judgement_timeline_chart(rows: Sequence[TimelineRow], *, start, end, title, chart_id,
                             narrow=False)
        A row per authority, a marker at each graded inspection's date (its shape and fill say its
        overall grade) and a tick at each visit; the row marked `emphasis` is drawn bold on a band.

    reinspection_curve_chart(steps: Sequence[tuple[float, float]], *, title, chart_id,
                             followed=0, censored=(), median=None, marker=None, narrow=False)
        The estimated share of authorities judged inadequate that had been re-inspected, by months
        since the judgement (a Kaplan-Meier curve drawn as steps: `steps` are (months, share from
        then on) at each re-inspection), to `followed` months; a tick where a journey was still
        open (`censored`, in months), a dashed line at the median and, optionally, one
        authority's months so far (`marker`: (label, months)).

    theme_chart(rows: Sequence[tuple[str, Mapping[str, int]]], kinds: Sequence[tuple[str, str]],
                *, title, chart_id, narrow=False)
        For each theme, a bar of its visits stacked by kind (`kinds`: (value, label) pairs), with
        the numbers written out.

Drawn `narrow`, for a phone, a chart is NARROW_WIDTH wide and its labels sit above its bars and
rows rather than beside them, so its text keeps its size on a 360 px screen.

Every chart has role="img" with a <title> and a <desc> (its text alternative, naming every figure);
the page offers the same figures as a table. Grades are told apart by marker shape and fill
pattern as well as colour, and every bar carries its number in words.
"""

import datetime
import math
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from sefton_tracker.core.svg import (
    GRID,
    INK,
    MONTH_NAMES,
    NARROW_SMALL_FONT_SIZE,
    NARROW_WIDTH,
    PAPER,
    SECONDARY_INK,
    SMALL_FONT_SIZE,
    chart_svg,
    line,
    number,
    part_id,
    pattern,
    text,
)

# Best first, as Ofsted lists them.
GRADES = ("outstanding", "good", "requires_improvement", "inadequate")
GRADE_WORDS = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires_improvement": "Requires improvement to be good",
    "inadequate": "Inadequate",
}
SHORT_GRADE_WORDS = {**GRADE_WORDS, "requires_improvement": "Requires improvement"}
GRADE_FILLS = {
    "outstanding": "#1d70b8",
    "good": "#00703c",
    "requires_improvement": "#f47738",
    "inadequate": "#d4351c",
}
GRADE_SHADES = {  # the pattern drawn over the fill
    "outstanding": "#12436d",
    "good": "#00703c",
    "requires_improvement": "#a3471a",
    "inadequate": "#942514",
}
GRADE_PATTERNS = {"outstanding": "stripes", "requires_improvement": "dots", "inadequate": "hatch"}
VISIT_FILL = "#505a5f"

KIND_FILLS = ("#4c2c92", "#28a197", "#1d70b8", "#912b88")  # one per kind, in the order given
KIND_SHADES = ("#2e1a58", "#15564f", "#12436d", "#5a1b55")
KIND_PATTERNS = ("hatch", None, "dots", "stripes")  # the second kind is solid

WIDE_WIDTH = 720
SMALL = SMALL_FONT_SIZE


def _grade(grade: str) -> str:
    if grade not in GRADES:
        raise ValueError(f"Unknown grade {grade!r}: use one of {', '.join(GRADES)}.")
    return grade


def _grade_fill(chart_id: str, grade: str) -> str:
    return f"url(#{part_id(chart_id, grade)})" if grade in GRADE_PATTERNS else GRADE_FILLS[grade]


def _grade_patterns(chart_id: str) -> str:
    return (
        "<defs>"
        + "".join(
            pattern(chart_id, grade, GRADE_FILLS[grade], GRADE_SHADES[grade], kind)
            for grade, kind in GRADE_PATTERNS.items()
        )
        + "</defs>"
    )


def grade_marker(chart_id: str, grade: str, x: float, y: float, *, size: float = 16) -> str:
    """Outstanding a star, good a circle, requires improvement a diamond, inadequate a square,
    each filled with its grade's pattern: the shape tells them apart without colour."""
    half = size / 2
    paint = f'fill="{_grade_fill(chart_id, grade)}" stroke="{INK}" stroke-width="1.5"'
    if grade == "inadequate":
        return (
            f'<rect x="{number(x - half)}" y="{number(y - half)}" width="{number(size)}" '
            f'height="{number(size)}" {paint}/>'
        )
    if grade == "requires_improvement":
        reach = half * 1.3
        points = [(x, y - reach), (x + reach, y), (x, y + reach), (x - reach, y)]
    elif grade == "outstanding":
        outer, inner = half * 1.35, half * 0.6
        points = [
            (
                x + (outer if i % 2 == 0 else inner) * math.sin(math.pi * i / 5),
                y - (outer if i % 2 == 0 else inner) * math.cos(math.pi * i / 5),
            )
            for i in range(10)
        ]
    else:
        return f'<circle cx="{number(x)}" cy="{number(y)}" r="{number(half)}" {paint}/>'
    return f'<polygon points="{" ".join(f"{number(a)},{number(b)}" for a, b in points)}" {paint}/>'


def _visit_tick(x: float, y: float, *, size: float = 16) -> str:
    """A visit (not graded): a short upright bar."""
    return (
        f'<rect x="{number(x - 2)}" y="{number(y - size / 2)}" width="4" '
        f'height="{number(size)}" fill="{VISIT_FILL}"/>'
    )


def _legend(chart_id: str, x: float, y: float, width: float, *, visits: bool, size: int) -> tuple:
    """The grades' markers and words, as many to a line as fit in `width`: (markup, height)."""
    items = [(grade, SHORT_GRADE_WORDS[grade]) for grade in GRADES]
    if visits:
        items.append(("visit", "Monitoring or focused visit"))
    parts, left, top = [], x, y
    for key, word in items:
        room = 26 + len(word) * size * 0.56 + 18
        if left > x and left + room > x + width:
            left, top = x, top + 26
        marker = (
            _visit_tick(left + 9, top, size=14)
            if key == "visit"
            else grade_marker(chart_id, key, left + 9, top, size=14)
        )
        parts.append(marker + text(word, left + 24, top + 5, size=size))
        left += room
    return "".join(parts), top - y + 26


# --- How authorities are spread across the grades -------------------------------------------


def grade_spread_chart(
    counts: Mapping[str, int],
    *,
    title: str,
    chart_id: str,
    notes: Mapping[str, str] | None = None,
    narrow: bool = False,
) -> str:
    notes = {_grade(grade): note for grade, note in (notes or {}).items()}
    total = sum(int(counts.get(grade, 0)) for grade in GRADES)
    most = max([int(counts.get(grade, 0)) for grade in GRADES] + [1])
    width = NARROW_WIDTH if narrow else 640
    size = NARROW_SMALL_FONT_SIZE if narrow else SMALL
    figure_room = 96 if narrow else 120  # "67 (44%)" beside the longest bar
    bar_height, gap = 24, 18
    edge = 2  # room for the first marker's and bar's outline

    parts = [_grade_patterns(chart_id)]
    base = 4
    for grade in GRADES:
        number_of = int(counts.get(grade, 0))
        parts.append(grade_marker(chart_id, grade, edge + 8, base + 10, size=14))
        parts.append(text(GRADE_WORDS[grade], edge + 24, base + 15, weight="bold"))
        bar_top = base + 24
        length = (width - figure_room - edge) * number_of / most
        if number_of:
            parts.append(
                f'<rect x="{edge}" y="{number(bar_top)}" width="{number(length)}" '
                f'height="{bar_height}" fill="{_grade_fill(chart_id, grade)}" '
                f'stroke="{INK}" stroke-width="1"/>'
            )
        share = f" ({round(100 * number_of / total)}%)" if total else ""
        parts.append(
            text(
                f"{number_of}{share}", edge + length + 8, bar_top + 17, weight="bold", size=size + 2
            )
        )
        base = bar_top + bar_height
        if grade in notes:
            parts.append(text(notes[grade], edge, base + 18, size=size))
            base += 24
        base += gap
    height = base - gap + 8
    description = _spread_description(counts, total, notes)
    return chart_svg(chart_id, title, description, width, height, "".join(parts))


def _spread_description(counts, total, notes) -> str:
    figures = "; ".join(
        f"{GRADE_WORDS[grade]}: {int(counts.get(grade, 0))}"
        + (f" ({round(100 * int(counts.get(grade, 0)) / total)}%)" if total else "")
        + (f", {notes[grade]}" if grade in notes else "")
        for grade in GRADES
    )
    return f"{total} authorities by their latest overall effectiveness grade. {figures}."


# --- Judgements over time ----------------------------------------------------------------------


class TimelineMark(NamedTuple):
    date: datetime.date
    grade: str  # a Judgement.Grade value, or "" for a visit that is not graded
    label: str = ""  # what it was, for the text alternative: "Standard ILACS inspection"


class TimelineRow(NamedTuple):
    label: str
    marks: Sequence[TimelineMark]
    emphasis: bool = False


def _month_name(day: datetime.date) -> str:
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


def judgement_timeline_chart(
    rows: Sequence[TimelineRow],
    *,
    start: datetime.date,
    end: datetime.date,
    title: str,
    chart_id: str,
    narrow: bool = False,
) -> str:
    if end <= start:
        raise ValueError("A timeline needs its end after its start.")
    for row in rows:
        for mark in row.marks:
            if mark.grade:
                _grade(mark.grade)
    visits = any(not mark.grade for row in rows for mark in row.marks)
    size = NARROW_SMALL_FONT_SIZE if narrow else SMALL
    if narrow:
        width, left, right = NARROW_WIDTH, 20, 16
        label_room, track = 20, 26  # the name above its track
    else:
        longest = max((len(row.label) for row in rows), default=8)
        width, right = WIDE_WIDTH + 200, 24
        left = min(max(120, math.ceil(longest * 8.4) + 24), 300)
        label_room, track = 0, 36
    row_height = label_room + track
    legend, legend_height = _legend(chart_id, 0, 12, width, visits=visits, size=size)
    top = legend_height + 16
    axis = top + row_height * max(len(rows), 1)
    height = axis + 34
    span = (end - start).days

    def x(day: datetime.date) -> float:
        return left + (width - left - right) * (day - start).days / span

    parts = [_grade_patterns(chart_id), legend]
    for index, row in enumerate(rows):
        base = top + row_height * index
        middle = base + label_room + track / 2
        if row.emphasis:
            parts.append(
                f'<rect x="0" y="{number(base)}" width="{width}" height="{row_height}" '
                f'fill="#f3f2f1"/>'
            )
        parts.append(line(left, middle, width - right, middle, GRID))
        weight = "bold" if row.emphasis else None
        if narrow:
            parts.append(text(row.label, 0, base + 15, weight=weight, size=size))
        else:
            parts.append(text(row.label, 0, middle + 5, weight=weight))
    years = range(start.year + (start.month > 1 or start.day > 1), end.year + 1)
    every = 2 if narrow and len(years) > 5 else 1
    for year in years:
        day = datetime.date(year, 1, 1)
        parts.append(line(x(day), top, x(day), axis + 4, GRID, dash="2 4"))
        if (year - years[0]) % every == 0:
            parts.append(text(str(year), x(day), axis + 22, anchor="middle", size=size))
    parts.append(line(left, axis, width - right, axis, INK))
    for index, row in enumerate(rows):
        middle = top + row_height * index + label_room + track / 2
        for mark in sorted(row.marks, key=lambda mark: mark.date):
            if not start <= mark.date <= end:
                continue
            if mark.grade:
                parts.append(grade_marker(chart_id, mark.grade, x(mark.date), middle))
            else:
                parts.append(_visit_tick(x(mark.date), middle))
    description = _timeline_description(rows, start, end)
    return chart_svg(chart_id, title, description, width, math.ceil(height), "".join(parts))


def _timeline_description(rows: Sequence[TimelineRow], start, end) -> str:
    sentences = []
    for row in rows:
        marks = sorted(
            (mark for mark in row.marks if start <= mark.date <= end), key=lambda m: m.date
        )
        if not marks:
            sentences.append(f"{row.label}: no inspection in this period.")
            continue
        said = [
            f"{_month_name(mark.date)}, "
            + (GRADE_WORDS[mark.grade] if mark.grade else (mark.label or "visit").lower())
            for mark in marks
        ]
        sentences.append(f"{row.label}: {'; '.join(said)}.")
    return (
        f"Overall effectiveness at each graded inspection from {_month_name(start)} to "
        f"{_month_name(end)}, and visits, by authority. " + " ".join(sentences)
    )


# --- Journeys out of inadequate --------------------------------------------------------------


def reinspection_curve_chart(
    steps: Sequence[tuple[float, float]],
    *,
    title: str,
    chart_id: str,
    followed: float = 0,
    censored: Sequence[float] = (),
    median: float | None = None,
    marker: tuple[str, float] | None = None,
    narrow: bool = False,
) -> str:
    if any(not 0 <= share <= 1 for _, share in steps):
        raise ValueError("A share re-inspected is between 0 and 1.")
    size = NARROW_SMALL_FONT_SIZE if narrow else SMALL
    if narrow:
        width, left, right, top, bottom, plot_height = NARROW_WIDTH, 44, 14, 56, 70, 220
    else:
        width, left, right, top, bottom, plot_height = 640, 56, 24, 56, 70, 260
    followed = max([followed, *(months for months, _ in steps), *censored])
    last = max(followed, marker[1] if marker else 0, 12)
    reach = math.ceil(last / 12) * 12
    height = top + plot_height + bottom

    def x(months: float) -> float:
        return left + (width - left - right) * months / reach

    def y(share: float) -> float:
        return top + plot_height * (1 - share)

    parts = [
        line(0, 14, 22, 14, INK, width=3),
        text("Share re-inspected", 28, 19, size=size, weight="bold"),
    ]
    if censored:
        legend_x = 28 + math.ceil(len("Share re-inspected") * size * 0.6) + 24
        parts.append(line(legend_x + 8, 7, legend_x + 8, 21, INK, width=2))
        parts.append(text("Still waiting", legend_x + 18, 19, size=size))
    for percent in (0, 25, 50, 75, 100):
        parts.append(line(left, y(percent / 100), width - right, y(percent / 100), GRID))
        parts.append(text(f"{percent}%", left - 6, y(percent / 100) + 5, anchor="end", size=size))
    # The axis sits clear of the 0% line, so the curve along it and the ticks of authorities
    # still waiting are not mistaken for the axis and its marks.
    axis = y(0) + 10
    every = 24 if narrow and reach > 48 else 12
    for months in range(0, reach + 1, every):
        parts.append(line(x(months), axis, x(months), axis + 5, INK))
        parts.append(text(str(months), x(months), axis + 22, anchor="middle", size=size))
    parts.append(
        text(
            "Months since judged inadequate",
            (left + width - right) / 2,
            height - 10,
            anchor="middle",
            size=size,
        )
    )
    parts.append(line(left, axis, width - right, axis, INK))
    points, share = [(x(0), y(0))], 0.0
    for months, after in sorted(steps):
        points.append((x(months), y(share)))
        points.append((x(months), y(after)))
        share = after
    points.append((x(followed), y(share)))
    path = " ".join(f"{number(a)},{number(b)}" for a, b in points)
    parts.append(
        f'<polyline points="{path}" fill="none" stroke="{INK}" stroke-width="3" '
        f'stroke-linejoin="round"/>'
    )
    for months in censored:  # a tick on the curve where a journey was still open
        at = _share_at(steps, months)
        parts.append(line(x(months), y(at) - 7, x(months), y(at) + 7, INK, width=2))
    if median is not None:
        parts.append(line(x(median), y(0), x(median), y(0.5), SECONDARY_INK, width=2, dash="6 4"))
        parts.append(line(left, y(0.5), x(median), y(0.5), SECONDARY_INK, width=2, dash="6 4"))
        parts.append(
            text(
                f"Half by {median:.1f} months",
                x(median) - 8,
                y(0.5) - 10,
                anchor="end",
                size=size,
                weight="bold",
                halo=True,
            )
        )
    if marker is not None:  # above the plot, where no line runs
        label, months = marker
        parts.append(line(x(months), y(0), x(months), top - 14, INK, width=2, dash="2 3"))
        anchor = "end" if x(months) > (left + width) / 2 else "start"
        parts.append(
            text(
                f"{label}: {_months(months)}",
                x(months) + 4,
                top - 20,
                anchor=anchor,
                size=size,
                weight="bold",
            )
        )
    description = _curve_description(steps, followed, len(censored), median, marker)
    return chart_svg(chart_id, title, description, width, height, "".join(parts))


def _months(months: float) -> str:
    whole = int(months)
    return f"{whole} month{'s' if whole != 1 else ''}"


def _share_at(steps: Sequence[tuple[float, float]], months: float) -> float:
    share = 0.0
    for at, after in sorted(steps):
        if at > months:
            break
        share = after
    return share


def _curve_description(steps, followed, censored, median, marker) -> str:
    said = [f"by {months:.1f} months, {round(100 * share)}%" for months, share in sorted(steps)]
    parts = [
        "The estimated share of authorities judged inadequate that had had a graded "
        "re-inspection, by months since the judgement (Kaplan-Meier), followed to "
        f"{_months(followed)}. "
    ]
    if said:
        parts.append(f"Re-inspected {'; '.join(said)}. ")
    if censored:
        parts.append(f"{censored} journeys were still open when the data ends. ")
    parts.append(
        f"Half had been re-inspected by {median:.1f} months. "
        if median is not None
        else "Fewer than half have been re-inspected, so there is no median yet. "
    )
    if marker is not None:
        parts.append(f"{marker[0]}: {_months(marker[1])}.")
    return "".join(parts).strip()


# --- What Ofsted is looking at -----------------------------------------------------------------


def theme_chart(
    rows: Sequence[tuple[str, Mapping[str, int]]],
    kinds: Sequence[tuple[str, str]],
    *,
    title: str,
    chart_id: str,
    narrow: bool = False,
) -> str:
    if len(kinds) > len(KIND_FILLS):
        raise ValueError(f"theme_chart draws at most {len(KIND_FILLS)} kinds.")
    size = NARROW_SMALL_FONT_SIZE if narrow else SMALL
    width = NARROW_WIDTH if narrow else 640
    most = max([sum(int(c.get(k, 0)) for k, _ in kinds) for _, c in rows] + [1])
    bar_height, row = 22, 80
    fills = {
        kind: f"url(#{part_id(chart_id, f'kind-{index}')})"
        if KIND_PATTERNS[index]
        else KIND_FILLS[index]
        for index, (kind, _) in enumerate(kinds)
    }
    defs = "".join(
        pattern(chart_id, f"kind-{index}", KIND_FILLS[index], KIND_SHADES[index], kind_pattern)
        for index, kind_pattern in enumerate(KIND_PATTERNS[: len(kinds)])
        if kind_pattern
    )
    parts = [f"<defs>{defs}</defs>"]
    left = 0
    for kind, label in kinds:
        parts.append(
            f'<rect x="{left}" y="4" width="18" height="18" fill="{fills[kind]}" '
            f'stroke="{INK}" stroke-width="1"/>'
        )
        parts.append(text(label, left + 24, 18, weight="bold", size=size))
        left += 24 + math.ceil(len(label) * size * 0.6) + 20
    top = 36
    room = width - (56 if narrow else 72)
    for index, (theme, counts) in enumerate(rows):
        base = top + row * index
        parts.append(text(theme, 0, base + 16, weight="bold"))
        bar_top, start, words = base + 24, 0.0, []
        total = sum(int(counts.get(kind, 0)) for kind, _ in kinds)
        for kind, label in kinds:
            count = int(counts.get(kind, 0))
            if not count:
                continue
            length = room * count / most
            parts.append(
                f'<rect x="{number(start)}" y="{bar_top}" width="{number(length)}" '
                f'height="{bar_height}" fill="{fills[kind]}" stroke="{PAPER}" stroke-width="1"/>'
            )
            start += length
            words.append(_counted(count, label))
        parts.append(text(str(total), start + 8, bar_top + 17, weight="bold", size=size + 2))
        parts.append(
            text(
                ", ".join(words) or "none",
                0,
                bar_top + bar_height + 17,
                size=size,
                fill=SECONDARY_INK,
            )
        )
    height = top + row * max(len(rows), 1)
    description = _theme_description(rows, kinds)
    return chart_svg(chart_id, title, description, width, height, "".join(parts))


def _counted(count: int, label: str) -> str:
    """'1 monitoring visit', '4 monitoring visits'."""
    return f"{count} {label.lower()}{'' if count == 1 else 's'}"


def _theme_description(rows, kinds) -> str:
    said = []
    for theme, counts in rows:
        total = sum(int(counts.get(kind, 0)) for kind, _ in kinds)
        split = ", ".join(_counted(int(counts.get(kind, 0)), label) for kind, label in kinds)
        said.append(f"{theme}: {total} ({split})")
    return "Visits by theme, most first. " + "; ".join(said) + "."
