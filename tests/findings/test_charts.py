"""The SVG charts: well-formed, named and described for screen readers, readable without colour,
and free of style attributes that a strict Content Security Policy would block."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from findings.charts import ChartEvent, rag_share_chart, rag_shares, trajectory_chart

SVG = "{http://www.w3.org/2000/svg}"
EVENTS = [
    ChartEvent("Inspection", datetime.date(2022, 2, 21)),
    ChartEvent("Visit 4", datetime.date(2023, 11, 15)),
    ChartEvent("Visit 6", datetime.date(2024, 6, 25)),
]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(root: ET.Element) -> list[str]:
    return [element.text for element in root.iter(f"{SVG}text")]


def assert_accessible(root: ET.Element, chart_id: str):
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.get("id").startswith(chart_id) and desc.get("id").startswith(chart_id)
    assert all(element.get("style") is None for element in root.iter())


def test_a_trajectory_names_each_rating_in_words_and_in_its_description():
    root = parse(trajectory_chart(EVENTS, ["red", "", "amber"], title="Allegations", chart_id="t"))
    assert_accessible(root, "t")
    assert root.find(f"{SVG}title").text == "Allegations"
    words = texts(root)
    assert words.count("Red") == 2  # the axis, and the rating at the inspection
    assert words.count("Amber") == 2
    assert "Not reviewed" in words
    assert root.find(f"{SVG}desc").text == (
        "Rating at each event, oldest first. Inspection (February 2022): Red; "
        "Visit 4 (November 2023): not reviewed; Visit 6 (June 2024): Amber."
    )


def test_a_trajectory_dashes_the_line_across_an_event_that_did_not_review_the_area():
    skipping = parse(trajectory_chart(EVENTS, ["red", "", "amber"], title="t", chart_id="a"))
    consecutive = parse(
        trajectory_chart(EVENTS, ["red", "amber", "green"], title="t", chart_id="b")
    )
    dashed_rating_lines = [
        line
        for line in skipping.iter(f"{SVG}line")
        if line.get("stroke-width") == "3" and line.get("stroke-dasharray")
    ]
    assert len(dashed_rating_lines) == 1
    assert not [
        line
        for line in consecutive.iter(f"{SVG}line")
        if line.get("stroke-width") == "3" and line.get("stroke-dasharray")
    ]


def test_each_rating_has_its_own_marker_shape():
    root = parse(trajectory_chart(EVENTS, ["red", "amber", "green"], title="t", chart_id="m"))
    fills = {"#d4351c": "rect", "#f47738": "polygon", "#00703c": "circle"}
    for colour, shape in fills.items():
        assert [e for e in root.iter(f"{SVG}{shape}") if e.get("fill") == colour]


def test_chart_text_is_escaped():
    svg = trajectory_chart(
        [ChartEvent("<b>Visit</b>", datetime.date(2024, 1, 1))],
        ["green"],
        title='Children & "care" <leavers>',
        chart_id="x",
    )
    root = parse(svg)
    assert root.find(f"{SVG}title").text == 'Children & "care" <leavers>'
    assert "<b>" not in svg


def test_shares_count_each_area_at_its_latest_rating_so_far():
    assert rag_shares(
        [
            ["red", "", "amber"],
            ["red", "amber", ""],
            ["red", "", "green"],
            ["", "", "red"],  # raised after the inspection
        ]
    ) == [
        {"red": 3, "amber": 0, "green": 0},
        {"red": 2, "amber": 1, "green": 0},
        {"red": 1, "amber": 2, "green": 1},
    ]


def test_shares_refuse_ragged_rows_and_unknown_ratings():
    with pytest.raises(ValueError, match="one rating"):
        rag_shares([["red", ""], ["red"]])
    with pytest.raises(ValueError, match="Unknown RAG rating 'purple'"):
        rag_shares([["purple"]])


def test_the_share_chart_labels_every_segment_with_its_number_and_word():
    counts = [{"red": 14, "amber": 0, "green": 0}, {"red": 10, "amber": 3, "green": 1}]
    root = parse(rag_share_chart(EVENTS[::2], counts, title="Share", chart_id="s"))
    assert_accessible(root, "s")
    words = texts(root)
    assert {"14 red", "10 red", "3 amber", "1 green", "14 rated"} <= set(words)
    assert "0 amber" not in words  # no empty segment is drawn or labelled
    assert [w for w in words if w.endswith("%")] == ["0%", "25%", "50%", "75%", "100%"]
    assert root.find(f"{SVG}desc").text.endswith(
        "After Inspection (February 2022): 14 red, 0 amber, 0 green; "
        "after Visit 6 (June 2024): 10 red, 3 amber, 1 green."
    )


@pytest.mark.parametrize(
    "count",
    [
        {"red": 14},  # the label's place, mid-bar, is the 50% line
        {"red": 2, "green": 2},  # 25% and 75%
        {"red": 1, "amber": 2, "green": 1},  # amber mid-bar at 50%
        {"red": 13, "amber": 1},
        {"red": 10, "amber": 3, "green": 1},
        {"red": 3, "amber": 3, "green": 2},
    ],
)
def test_the_share_chart_keeps_segment_labels_off_its_grid_lines(count):
    root = parse(rag_share_chart(EVENTS[:1], [count], title="t", chart_id="g"))
    levels = {
        float(line.get("y1"))
        for line in root.iter(f"{SVG}line")
        if line.get("y1") == line.get("y2")
    }
    labels = [
        element
        for element in root.iter(f"{SVG}text")
        if element.text.split()[-1] in ("red", "amber", "green")
    ]
    assert len(labels) == len(count)
    for label in labels:
        baseline, size = float(label.get("y")), float(label.get("font-size"))
        top, bottom = baseline - 0.75 * size, baseline + 0.25 * size  # digits and descenders
        crossing = [level for level in levels if top - 1 <= level <= bottom + 1]
        assert not crossing, f"{label.text!r} at {baseline} sits on a grid line at {crossing}"
    baselines = sorted(float(label.get("y")) for label in labels)
    assert all(b - a >= 15 for a, b in zip(baselines, baselines[1:], strict=False))


def test_the_share_chart_fills_red_and_amber_with_patterns_named_after_the_chart():
    root = parse(
        rag_share_chart(EVENTS[:1], [{"red": 1, "amber": 1, "green": 1}], title="t", chart_id="c1")
    )
    pattern_ids = {pattern.get("id") for pattern in root.iter(f"{SVG}pattern")}
    assert pattern_ids == {"c1-red", "c1-amber"}
    fills = {rect.get("fill") for rect in root.iter(f"{SVG}rect")}
    assert {"url(#c1-red)", "url(#c1-amber)", "#00703c"} <= fills


def test_an_event_with_no_ratings_says_so():
    root = parse(
        rag_share_chart(EVENTS[:1], [{"red": 0, "amber": 0, "green": 0}], title="t", chart_id="e")
    )
    assert "No ratings" in texts(root)


def test_a_chart_refuses_data_that_does_not_line_up_with_the_events():
    with pytest.raises(ValueError):
        trajectory_chart(EVENTS, ["red"], title="t", chart_id="t")
    with pytest.raises(ValueError):
        rag_share_chart(EVENTS, [{"red": 1}], title="t", chart_id="s")


def test_a_chart_event_comes_from_an_inspection_event(sefton):
    from visits.models import InspectionEvent

    event = InspectionEvent.objects.get(visit_number=6)
    assert ChartEvent.from_event(event) == ChartEvent("Visit 6", datetime.date(2024, 6, 25))


def test_the_area_page_draws_the_areas_trajectory_over_every_event(client, sefton, board_member):
    from findings.models import AreaOfConcern

    client.force_login(board_member)
    area = AreaOfConcern.objects.get(title="Response to allegations against professionals")
    content = client.get(area.get_absolute_url()).content.decode()
    svg = content[content.index("<svg", content.index('id="trajectory"')) :]
    root = parse(svg[: svg.index("</svg>") + len("</svg>")])
    assert_accessible(root, f"trajectory-{area.pk}")
    assert root.find(f"{SVG}desc").text == (
        "Rating at each event, oldest first. Inspection (February 2022): Red; "
        "Visit 4 (November 2023): not reviewed; Visit 6 (June 2024): Amber."
    )


def twelve_events() -> list[ChartEvent]:
    return [
        ChartEvent(
            "Inspection" if n == 0 else f"Visit {n}",
            datetime.date(2022, 2, 21) + datetime.timedelta(days=91 * n),
        )
        for n in range(12)
    ]


def drawn_font_sizes(root: ET.Element) -> list[float]:
    """The font size of every piece of text, inherited as SVG does."""
    sizes = []

    def walk(element: ET.Element, inherited: float):
        size = float(element.get("font-size", inherited))
        if element.tag in (f"{SVG}text", f"{SVG}tspan") and (element.text or "").strip():
            sizes.append(size)
        for child in element:
            walk(child, size)

    walk(root, float(root.get("font-size")))
    return sizes


@pytest.mark.parametrize("count", [1, 3, 12])
def test_a_narrow_trajectory_fits_a_phone_however_many_events_and_keeps_its_text_size(count):
    events = twelve_events()[:count]
    ratings = (["red", "", "amber", "green"] * 3)[:count]
    wide = parse(trajectory_chart(events, ratings, title="Allegations", chart_id="t"))
    root = parse(
        trajectory_chart(events, ratings, title="Allegations", chart_id="t-narrow", narrow=True)
    )
    assert_accessible(root, "t-narrow")
    # Drawn to a phone's column, so it is shown at its own size: its text is not shrunk.
    assert int(root.get("width")) <= 340
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert min(drawn_font_sizes(root)) >= 14
    # The same words and text alternative as the wide chart.
    assert root.find(f"{SVG}desc").text == wide.find(f"{SVG}desc").text
    words = texts(root)
    for event in events:
        assert event.label in words and event.month in words
    assert words.count("Not reviewed") == ratings.count("")
    for rag, word in (("red", "Red"), ("amber", "Amber"), ("green", "Green")):
        assert words.count(word) == 1 + ratings.count(rag)  # the heading, and each rating


def test_a_narrow_trajectory_grows_down_the_page_not_across():
    events = twelve_events()
    ratings = ["red"] * 12
    three = parse(trajectory_chart(events[:3], ratings[:3], title="t", chart_id="a", narrow=True))
    twelve = parse(trajectory_chart(events, ratings, title="t", chart_id="b", narrow=True))
    assert three.get("width") == twelve.get("width")
    assert int(twelve.get("height")) > 3 * int(three.get("height"))


def test_a_narrow_trajectory_dashes_the_line_across_an_event_that_did_not_review_the_area():
    skipping = parse(
        trajectory_chart(EVENTS, ["red", "", "amber"], title="t", chart_id="a", narrow=True)
    )
    rating_lines = [line for line in skipping.iter(f"{SVG}line") if line.get("stroke-width") == "3"]
    assert len(rating_lines) == 1 and rating_lines[0].get("stroke-dasharray")


@pytest.mark.parametrize("count", [1, 3, 12])
def test_a_narrow_share_chart_fits_a_phone_however_many_events_and_keeps_its_text_size(count):
    events = twelve_events()[:count]
    counts = [{"red": 14 - n, "amber": n, "green": n // 2} for n in range(count)]
    wide = parse(rag_share_chart(events, counts, title="Share", chart_id="s"))
    root = parse(rag_share_chart(events, counts, title="Share", chart_id="s-n", narrow=True))
    assert_accessible(root, "s-n")
    assert int(root.get("width")) <= 340
    assert min(drawn_font_sizes(root)) >= 14
    assert root.find(f"{SVG}desc").text == wide.find(f"{SVG}desc").text
    assert {pattern.get("id") for pattern in root.iter(f"{SVG}pattern")} == {"s-n-red", "s-n-amber"}
    words = texts(root)
    assert "14 red" in words  # the first event: no amber or green to list
    last = counts[-1]
    assert (
        ", ".join(f"{last[rag]} {rag}" for rag in ("red", "amber", "green") if last[rag]) in words
    )
    assert f"{counts[-1]['red'] + counts[-1]['amber'] + counts[-1]['green']} rated" in words


def test_a_narrow_share_chart_says_when_an_event_has_no_ratings():
    root = parse(
        rag_share_chart(
            EVENTS[:1], [{"red": 0, "amber": 0, "green": 0}], title="t", chart_id="e", narrow=True
        )
    )
    assert "No ratings" in texts(root)
    assert not [rect for rect in root.iter(f"{SVG}rect") if rect.get("height") == "20"]


def test_the_dashboard_draws_its_chart_wide_and_narrow_with_ids_of_their_own(
    client, sefton, board_member
):
    client.force_login(board_member)
    content = client.get("/dashboard/").content.decode()
    wide = content[content.index('<div class="app-chart-frame') :]
    narrow = content[content.index('<div class="app-chart-narrow') :]
    wide = parse(wide[wide.index("<svg") : wide.index("</svg>") + len("</svg>")])
    narrow = parse(narrow[narrow.index("<svg") : narrow.index("</svg>") + len("</svg>")])
    assert wide.get("id") == "rag-share" and narrow.get("id") == "rag-share-narrow"
    assert_accessible(narrow, "rag-share-narrow")
    assert narrow.find(f"{SVG}desc").text == wide.find(f"{SVG}desc").text
    assert int(narrow.get("width")) <= 340 < int(wide.get("width"))


def test_the_area_page_draws_its_chart_wide_and_narrow_with_ids_of_their_own(
    client, sefton, board_member
):
    from findings.models import AreaOfConcern

    client.force_login(board_member)
    area = AreaOfConcern.objects.get(title="Response to allegations against professionals")
    content = client.get(area.get_absolute_url()).content.decode()
    narrow = content[content.index('<div class="app-chart-narrow') :]
    narrow = parse(narrow[narrow.index("<svg") : narrow.index("</svg>") + len("</svg>")])
    assert_accessible(narrow, f"trajectory-{area.pk}-narrow")
    assert narrow.find(f"{SVG}desc").text == (
        "Rating at each event, oldest first. Inspection (February 2022): Red; "
        "Visit 4 (November 2023): not reviewed; Visit 6 (June 2024): Amber."
    )
