"""A board member in a real browser: reads the dashboard, follows an area to the inspectors' words,
filters the matrix and searches the findings; every page accessible. Screenshots of the dashboard
(wide and narrow), an area page, an event page and the findings page go to test-artifacts/."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

SIXTH_VISIT_RATINGS = {
    "Parental consent before information-sharing in the MASH": "Amber",  # the front door
    "Urgency and robustness of the child protection response": "Red",  # initial responses
    "Response to allegations against professionals": "Amber",
    "Caseloads and management oversight, including out of hours": "Green",
}
ALLEGATIONS = "Response to allegations against professionals"
QUOTE = "Responses to allegations made against professionals working with children are now"


def matrix_cell(page, area_title: str, column_heading: str):
    matrix = page.locator("table.app-matrix")
    headings = [h.strip() for h in matrix.locator("thead th").all_inner_texts()]
    column = next(i for i, h in enumerate(headings) if h.startswith(column_heading))
    row = matrix.locator("tbody tr").filter(
        has=page.get_by_role("link", name=area_title, exact=True)
    )
    return row.locator("th, td").nth(column)


def test_a_board_member_answers_the_three_questions_from_the_dashboard(
    live_server, page, sign_in, sefton, board_member, axe_check, screenshot
):
    sign_in(board_member)
    assert page.url == f"{live_server.url}/dashboard/"
    expect(page.locator("h1")).to_have_text("Improvement dashboard")

    # Where are we red, and where has the sixth visit moved things?
    for title, rating in SIXTH_VISIT_RATINGS.items():
        expect(matrix_cell(page, title, "Visit 6")).to_have_text(rating)
        expect(matrix_cell(page, title, "Latest rating")).to_have_text(rating)
    expect(matrix_cell(page, ALLEGATIONS, "Direction of travel")).to_have_text("Better")
    expect(page.locator(".app-stat--red .app-stat__figure")).to_have_text("10")

    # Are we getting better? The chart has a text alternative and a table.
    chart = page.locator("#progress ~ .app-chart-frame svg[role=img]")
    expect(chart).to_be_visible()
    page.get_by_text("Show as a table").click()
    expect(page.get_by_role("rowheader", name="Sixth monitoring visit, June 2024")).to_be_visible()
    axe_check("dashboard")
    screenshot("dashboard")

    # What did the inspectors say? Follow an area to its quoted evidence.
    page.locator("table.app-matrix").get_by_role("link", name=ALLEGATIONS, exact=True).click()
    expect(page.locator("h1")).to_have_text(ALLEGATIONS)
    expect(page.get_by_text(QUOTE)).to_be_visible()
    expect(page.locator("#trajectory ~ .app-chart-frame svg[role=img]")).to_be_visible()
    axe_check("area page")
    screenshot("area")

    page.locator("#evidence ~ h3").get_by_role("link", name="Sixth monitoring visit").click()
    expect(page.locator("h1")).to_contain_text("Sixth monitoring visit")
    axe_check("event page")
    screenshot("event")


def test_a_board_member_filters_the_matrix_and_searches_the_findings(
    live_server, page, sign_in, sefton, board_member, axe_check, screenshot
):
    sign_in(board_member)
    page.get_by_label("Latest rating", exact=True).select_option("green")
    page.get_by_role("button", name="Apply filters").click()
    assert re.search(r"[?&]rag=green", page.url)
    rows = page.locator("table.app-matrix tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Caseloads and management oversight")
    expect(page.get_by_text("Showing 1 of 14 areas.")).to_be_visible()
    axe_check("filtered dashboard")

    page.get_by_role("link", name="Clear filters").click()
    expect(page.locator("table.app-matrix tbody tr")).to_have_count(14)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Findings").click()
    page.get_by_label("Search the inspectors' words", exact=True).fill("allegations")
    page.get_by_label("Strength or weakness", exact=True).select_option("mixed")
    page.get_by_role("button", name="Show findings").click()
    assert "q=allegations" in page.url and "polarity=mixed" in page.url
    expect(page.locator("mark.app-mark").first).to_be_visible()
    expect(page.get_by_text(QUOTE)).to_be_visible()
    axe_check("findings page")
    screenshot("findings")


def test_the_dashboard_reads_well_on_a_narrow_screen(
    live_server, page, sign_in, sefton, board_member, axe_check, screenshot
):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(board_member)
    # Nothing but the matrix and the chart scrolls sideways, each in its own region.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    expect(matrix_cell(page, ALLEGATIONS, "Visit 6")).to_have_text("Amber")
    axe_check("dashboard, narrow")
    screenshot("dashboard-narrow")
