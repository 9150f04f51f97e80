"""The national picture's SVG charts: named and described for screen readers, grades told apart by
shape and pattern as well as colour, every figure in words, phone versions that fit 340 px without
shrinking their text, and no style attributes (a strict Content Security Policy)."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from sefton_tracker.core.svg import pattern
from visits.national.charts import (
    TimelineMark,
    TimelineRow,
    grade_spread_chart,
    judgement_timeline_chart,
    reinspection_curve_chart,
    theme_chart,
)

SVG = "{http://www.w3.org/2000/svg}"
D = datetime.date
COUNTS = {"outstanding": 36, "good": 67, "requires_improvement": 31, "inadequate": 19}
ROWS = [
    TimelineRow(
        "Sefton",
        [
            TimelineMark(D(2022, 2, 21), "inadequate", "Standard ILACS inspection"),
            TimelineMark(D(2023, 11, 15), "", "Monitoring visit"),
        ],
        emphasis=True,
    ),
    TimelineRow(
        "Wirral", [TimelineMark(D(2019, 6, 3), "good"), TimelineMark(D(2022, 3, 7), "outstanding")]
    ),
    TimelineRow("Bournemouth, Christchurch and Poole", []),
]
STEPS = [(41.2, 0.06), (43.9, 0.12), (45.5, 0.5), (48.3, 0.75), (56.3, 1.0)]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(root) -> list[str]:
    return [element.text for element in root.iter(f"{SVG}text")]


def assert_accessible(root, chart_id):
    assert root.get("role") == "img" and root.get("id") == chart_id
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text and desc.text
    assert all(element.get("style") is None for element in root.iter())


def drawn_font_sizes(root) -> list[float]:
    sizes = []

    def walk(element, size):
        size = float(element.get("font-size", size))
        if element.tag == f"{SVG}text":
            sizes.append(size)
        for child in element:
            walk(child, size)

    walk(root, float(root.get("font-size")))
    return sizes


def charts(narrow: bool):
    suffix = "-narrow" if narrow else ""
    return {
        "spread": grade_spread_chart(COUNTS, title="England", chart_id=f"s{suffix}", narrow=narrow),
        "timeline": judgement_timeline_chart(
            ROWS,
            start=D(2018, 1, 1),
            end=D(2025, 3, 31),
            title="Over time",
            chart_id=f"t{suffix}",
            narrow=narrow,
        ),  # fmt: skip
        "curve": reinspection_curve_chart(
            STEPS,
            title="Curve",
            chart_id=f"c{suffix}",
            followed=56.3,
            censored=[3.2, 30.1],
            median=45.5,
            marker=("Sefton so far", 57.3),
            narrow=narrow,
        ),  # fmt: skip
        "themes": theme_chart(
            [("Care leavers", {"focused": 13, "monitoring": 4}), ("Front door", {"monitoring": 5})],
            [("monitoring", "Monitoring visit"), ("focused", "Focused visit")],
            title="Themes",
            chart_id=f"th{suffix}",
            narrow=narrow,
        ),  # fmt: skip
    }


@pytest.mark.parametrize("name", ["spread", "timeline", "curve", "themes"])
def test_each_chart_is_an_image_with_a_title_and_a_description(name):
    wide, narrow = parse(charts(False)[name]), parse(charts(True)[name])
    assert_accessible(wide, wide.get("id"))
    assert_accessible(narrow, narrow.get("id"))
    assert wide.find(f"{SVG}desc").text == narrow.find(f"{SVG}desc").text


@pytest.mark.parametrize("name", ["spread", "timeline", "curve", "themes"])
def test_the_phone_version_fits_a_phone_and_keeps_its_text_size(name):
    root = parse(charts(True)[name])
    assert int(root.get("width")) <= 340
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert min(drawn_font_sizes(root)) >= 14


def test_the_spread_writes_each_grade_its_number_and_share():
    root = parse(charts(False)["spread"])
    words = texts(root)
    for label in ("Outstanding", "Good", "Requires improvement to be good", "Inadequate"):
        assert label in words
    assert {"36 (24%)", "67 (44%)", "31 (20%)", "19 (12%)"} <= set(words)
    assert root.find(f"{SVG}desc").text == (
        "153 authorities by their latest overall effectiveness grade. Outstanding: 36 (24%); "
        "Good: 67 (44%); Requires improvement to be good: 31 (20%); Inadequate: 19 (12%)."
    )


def test_the_spread_can_say_which_grade_the_authority_is_at():
    svg = grade_spread_chart(
        COUNTS, title="t", chart_id="n", notes={"inadequate": "Sefton is one of them"}
    )
    assert "Sefton is one of them" in texts(parse(svg))
    with pytest.raises(ValueError, match="Unknown grade"):
        grade_spread_chart(COUNTS, title="t", chart_id="x", notes={"poor": "?"})


def test_grades_are_told_apart_by_shape_and_pattern_not_colour_alone():
    root = parse(charts(False)["timeline"])
    patterns = {element.get("id") for element in root.iter(f"{SVG}pattern")}
    assert patterns == {"t-outstanding", "t-requires_improvement", "t-inadequate"}
    squares = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == "url(#t-inadequate)"]
    circles = [c for c in root.iter(f"{SVG}circle") if c.get("fill") == "#00703c"]
    stars = [p for p in root.iter(f"{SVG}polygon") if p.get("fill") == "url(#t-outstanding)"]
    assert len(squares) == 2 and len(circles) == 2 and len(stars) == 2  # the legend, the marks
    assert {"Outstanding", "Good", "Requires improvement", "Inadequate"} <= set(texts(root))
    assert "Monitoring or focused visit" in texts(root)


def test_the_timeline_describes_each_authority_in_words():
    desc = parse(charts(False)["timeline"]).find(f"{SVG}desc").text
    assert desc == (
        "Overall effectiveness at each graded inspection from January 2018 to March 2025, and "
        "visits, by authority. Sefton: February 2022, Inadequate; November 2023, monitoring "
        "visit. Wirral: June 2019, Good; March 2022, Outstanding. Bournemouth, Christchurch and "
        "Poole: no inspection in this period."
    )


def test_the_timeline_keeps_long_names_in_view_and_bold_for_the_authority_itself():
    root = parse(charts(False)["timeline"])
    labels = [t for t in root.iter(f"{SVG}text") if t.text in ("Sefton", "Wirral")]
    assert [t.get("font-weight") for t in labels] == ["bold", None]
    longest = next(t for t in root.iter(f"{SVG}text") if t.text.startswith("Bournemouth"))
    assert float(longest.get("x")) == 0


def test_the_curve_marks_the_median_and_the_authority():
    root = parse(charts(False)["curve"])
    words = texts(root)
    assert "Half by 45.5 months" in words and "Sefton so far: 57 months" in words
    assert "Months since judged inadequate" in words
    assert [w for w in words if w.endswith("%")] == ["0%", "25%", "50%", "75%", "100%"]
    desc = root.find(f"{SVG}desc").text
    assert "Half had been re-inspected by 45.5 months." in desc
    assert "2 journeys were still open when the data ends." in desc
    assert desc.endswith("Sefton so far: 57 months.")


def test_the_curve_says_when_there_is_no_median_yet():
    svg = reinspection_curve_chart([(20.0, 0.25)], title="t", chart_id="c", followed=30)
    assert "there is no median yet" in parse(svg).find(f"{SVG}desc").text
    with pytest.raises(ValueError):
        reinspection_curve_chart([(20.0, 1.5)], title="t", chart_id="c")


def test_the_theme_chart_writes_every_number():
    root = parse(charts(False)["themes"])
    words = texts(root)
    assert {"Care leavers", "17", "Front door", "5"} <= set(words)
    assert {"4 monitoring visits, 13 focused visits", "5 monitoring visits"} <= set(words)
    assert root.find(f"{SVG}desc").text == (
        "Visits by theme, most first. Care leavers: 17 (4 monitoring visits, 13 focused visits); "
        "Front door: 5 (5 monitoring visits, 0 focused visits)."
    )


def test_chart_text_is_escaped():
    svg = judgement_timeline_chart(
        [TimelineRow("<b>Brent</b> & co", [])],
        start=D(2018, 1, 1),
        end=D(2019, 1, 1),
        title='Children & "care"',
        chart_id="e",
    )
    assert "<b>" not in svg
    assert parse(svg).find(f"{SVG}title").text == 'Children & "care"'


def test_a_fill_pattern_is_one_of_three():
    assert 'id="c-x"' in pattern("c", "x", "#fff", "#000", "stripes")
    with pytest.raises(ValueError, match="Unknown pattern"):
        pattern("c", "x", "#fff", "#000", "zigzag")
