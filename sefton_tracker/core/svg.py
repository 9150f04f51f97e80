"""The drawing primitives of the app's server-side charts (findings.charts, visits.national.charts):
inline SVG built from escaped text, with presentation attributes only (no style attributes), so a
chart renders under a strict Content Security Policy, on a page or in a WeasyPrint PDF.

    chart_svg(chart_id, title, description, width, height, body) -> str
        The <svg> element: role="img", named by its <title> and described by its <desc> (its text
        alternative) through aria-labelledby; `chart_id` prefixes every id, so several charts can
        share a page.
    text(content, x, y, *, anchor, size, weight, fill, halo) -> str
    line(x1, y1, x2, y2, stroke, *, width, dash) -> str
    part_id(chart_id, name) -> str         an id inside one chart, e.g. for a fill pattern
    number(value) -> str                   a coordinate without trailing zeros
    pattern(chart_id, name, fill, shade, kind) -> str   a fill pattern (hatch, dots, stripes)
    spread(labels, *, gap, lowest, avoid, box)         labels kept apart and off grid lines

Nothing here touches the database or Django.
"""

from collections.abc import Sequence
from html import escape

INK = "#0b0c0c"
SECONDARY_INK = "#505a5f"
GRID = "#b1b4b6"
PAPER = "#ffffff"

MONTHS = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip

# A page's own stylesheet may set another font on .app-chart; this is the default (e.g. in a PDF).
FONT_FAMILY = "Arial, Helvetica, sans-serif"
FONT_SIZE = 15
SMALL_FONT_SIZE = 13
NARROW_WIDTH = 336  # a phone's 360 px column, less room for the focus outline
NARROW_SMALL_FONT_SIZE = 14  # still 12 px if a 320 px phone shrinks the chart to fit


def number(value: float) -> str:
    """A coordinate, without trailing zeros."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def part_id(chart_id: str, name: str) -> str:
    return escape(f"{chart_id}-{name}")


def chart_svg(
    chart_id: str, title: str, description: str, width: float, height: float, body: str
) -> str:
    title_id, desc_id = part_id(chart_id, "title"), part_id(chart_id, "desc")
    width, height = number(width), number(height)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'id="{escape(chart_id)}" aria-labelledby="{title_id} {desc_id}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="{FONT_FAMILY}" font-size="{FONT_SIZE}" fill="{INK}">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(description)}</desc>'
        f"{body}</svg>"
    )


def text(
    content: str,
    x: float,
    y: float,
    *,
    anchor: str = "start",
    size: int | None = None,
    weight: str | None = None,
    fill: str | None = None,
    halo: bool = False,
) -> str:
    attributes = f'x="{number(x)}" y="{number(y)}"'
    if anchor != "start":
        attributes += f' text-anchor="{anchor}"'
    if size:
        attributes += f' font-size="{size}"'
    if weight:
        attributes += f' font-weight="{weight}"'
    if fill:
        attributes += f' fill="{fill}"'
    if halo:  # a rim of paper keeps the text clear of any line drawn under it
        attributes += (
            f' stroke="{PAPER}" stroke-width="4" stroke-linejoin="round" paint-order="stroke"'
        )
    return f"<text {attributes}>{escape(content)}</text>"


def line(
    x1: float,
    y1: float,
    x2: float,
    y2: float,
    stroke: str,
    *,
    width: float = 1,
    dash: str | None = None,
) -> str:
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{number(x1)}" y1="{number(y1)}" x2="{number(x2)}" y2="{number(y2)}" '
        f'stroke="{stroke}" stroke-width="{width}"{dashes}/>'
    )


PATTERN_KINDS = ("hatch", "dots", "stripes")


def pattern(chart_id: str, name: str, fill: str, shade: str, kind: str) -> str:
    """A <pattern> (to go inside <defs>) with the id part_id(chart_id, name): `fill` with `shade`
    drawn over it as diagonal hatching, dots or horizontal stripes, so that a fill is told apart
    by more than its colour. Fill a shape with it as `url(#<id>)`."""
    pattern_id = part_id(chart_id, name)
    if kind == "hatch":
        return (
            f'<pattern id="{pattern_id}" width="10" height="10" '
            f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            f'<rect width="10" height="10" fill="{fill}"/>'
            f'<rect width="3" height="10" fill="{shade}"/></pattern>'
        )
    if kind == "dots":
        return (
            f'<pattern id="{pattern_id}" width="10" height="10" patternUnits="userSpaceOnUse">'
            f'<rect width="10" height="10" fill="{fill}"/>'
            f'<circle cx="5" cy="5" r="2" fill="{shade}"/></pattern>'
        )
    if kind == "stripes":
        return (
            f'<pattern id="{pattern_id}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f'<rect width="8" height="8" fill="{fill}"/>'
            f'<rect width="8" height="3" fill="{shade}"/></pattern>'
        )
    raise ValueError(f"Unknown pattern {kind!r}: use one of {', '.join(PATTERN_KINDS)}.")


def spread(
    labels: list[tuple[str, float]],
    *,
    gap: float,
    lowest: float,
    avoid: Sequence[float] = (),
    box: tuple[float, float] = (0, 0),
):
    """Labels listed bottom first, each at least `gap` above the one below, none below `lowest`,
    and none on a line at one of the `avoid` levels: `box` is the label's text from its place (top,
    bottom); a label that would touch a line moves just clear of it, down if there is room."""
    floor = lowest + gap
    for content, wanted in labels:
        placed = min(wanted, floor - gap)
        for level in avoid:
            if level - box[1] < placed < level - box[0]:
                down = level - box[0]
                placed = down if down <= min(floor - gap, lowest) else level - box[1]
        floor = placed
        yield content, placed
