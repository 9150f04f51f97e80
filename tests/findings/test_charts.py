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
