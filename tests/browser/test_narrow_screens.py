"""Phones and long histories in a real browser.

On a 390 px phone and a 1280 px desktop, with twelve inspections and visits (Sefton has had more
than six): the dashboard's matrix keeps each area's name, latest rating and direction of travel in
view, and only the matrix scrolls sideways, in its own labelled region with a visible cue; the
charts' text stays readable; an area's rationale reads as prose, not one word a line; and no board
page is wider than a phone's screen. Screenshots go to test-artifacts/screenshots/narrow-*.png and
long-history-*.png."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.support.factories import (
    AreaOfConcernFactory,
    AreaReviewFactory,
    InspectionEventFactory,
    InspectionFactory,
    LetterFactory,
    LocalAuthorityFactory,
)
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db(transaction=True)

WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 390, "height": 844}
VIEWPORTS = pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1280", "390"])

VISITS = 11  # after the inspection: twelve events in all
TITLES = [
    "Urgency and robustness of the child protection response",
    "Parental consent before information-sharing in the MASH",
    "Response to allegations against professionals",
    "Caseloads and management oversight, including out of hours",
    "Systems and resources for a safe, integrated service",
]
RATIONALE = (
    "Responses are more timely and better recorded, but decisions are not always shared with the "
    "LADO, and managers do not yet check that strategy meetings happen within a working day."
)
READABLE_PX = 12


@pytest.fixture
def long_history(db):
    """An authority with an inspection and eleven monitoring visits, rating five areas: not every
    visit reviews every area, and the ratings move both ways."""
    authority = LocalAuthorityFactory(name="Sefton")
    start = datetime.date(2022, 2, 21)
    events = [InspectionFactory(authority=authority, fieldwork_start=start)]
    for number in range(1, VISITS + 1):
        day = start + datetime.timedelta(days=91 * number)
        events.append(
            InspectionEventFactory(
                authority=authority,
                visit_number=number,
                fieldwork_start=day,
                fieldwork_end=day + datetime.timedelta(days=1),
                published_on=day + datetime.timedelta(days=30),
            )
        )
    cycle = ["red", "red", "amber", "red", "amber", "green", "amber", "green"]
    for row, title in enumerate(TITLES):
        area = AreaOfConcernFactory(authority=authority, title=title, position=row + 1)
        for column, event in enumerate(events):
            if column and (row + column) % 3 == 0:
                continue  # this visit did not review the area
            AreaReviewFactory(
                event=event, area=area, rag=cycle[(row + column) % len(cycle)], rationale=RATIONALE
            )
    return authority


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def assert_within(page, locator, left: float, right: float, what: str):
    box = locator.bounding_box()
    assert box is not None, f"{what} is not rendered"
    assert box["width"] > 0 and box["x"] >= left - 0.5 and box["x"] + box["width"] <= right + 0.5, (
        f"{what} is outside {left:.0f}–{right:.0f} px: {box}"
    )


def assert_on_top(locator, what: str):
    """Nothing scrolled over it: the element at its centre is it, or inside it."""
    assert locator.evaluate(
        """element => {
            const box = element.getBoundingClientRect();
            const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
            return element.contains(hit);
        }"""
    ), f"{what} is covered by another cell"


def smallest_chart_text(page) -> dict | None:
    """The smallest text in any chart on show: its font size as drawn on the screen (the font size
    times the SVG's scale) and the height of its box, in CSS pixels."""
    return page.evaluate(
        """() => {
            let smallest = null;
            for (const svg of document.querySelectorAll("svg.app-chart")) {
                if (!svg.getClientRects().length) continue;  // not shown at this width
                const scale = svg.getScreenCTM().a;
                for (const text of svg.querySelectorAll("text")) {
                    const size = parseFloat(getComputedStyle(text).fontSize) * scale;
                    const height = text.getBoundingClientRect().height;
                    if (!smallest || size < smallest.size) {
                        smallest = {size, height, text: text.textContent, chart: svg.id};
                    }
                }
            }
            return smallest;
        }"""
    )


@VIEWPORTS
def test_the_matrix_keeps_each_areas_name_latest_rating_and_direction_in_view(
    live_server, page, sign_in, long_history, board_member, axe_check, screenshot, viewport
):
    page.set_viewport_size(viewport)
    sign_in(board_member)
    matrix = page.locator("table.app-matrix")
    headings = [" ".join(h.split()) for h in matrix.locator("thead th").all_inner_texts()]
    assert headings[:3] == ["Area of concern", "Latest rating", "Direction of travel"]
    assert len(headings) == 3 + 1 + VISITS
    assert headings[3].startswith("Inspection") and headings[-1].startswith(f"Visit {VISITS}")

    # The events scroll sideways inside a focusable, labelled region; the page itself does not.
    region = page.locator(".app-table-wrapper", has=matrix)
    assert region.get_attribute("role") == "region"
    assert region.get_attribute("tabindex") == "0"
    assert region.get_attribute("aria-label") or region.get_attribute("aria-labelledby")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    assert page_width(page) <= viewport["width"]
    expect(page.get_by_text("Scroll the table sideways")).to_be_visible()

    rows = matrix.locator("tbody tr")
    expect(rows).to_have_count(len(TITLES))
    region_box = region.bounding_box()
    left, right = (
        max(region_box["x"], 0),
        min(region_box["x"] + region_box["width"], viewport["width"]),
    )
    for index in range(len(TITLES)):
        row = rows.nth(index)
        assert_within(page, row.locator("th a"), left, right, f"row {index}'s area name")
        assert_within(
            page, row.locator("td").nth(0).locator(".app-rag"), left, right, "latest rating"
        )
        assert_within(
            page, row.locator("td").nth(1).locator(".app-direction"), left, right, "direction"
        )
    region.focus()
    screenshot(f"long-history-dashboard-{viewport['width']}")
    axe_check(f"dashboard with {1 + VISITS} events at {viewport['width']} px")

    # Scrolled to the newest visit, each row still says which area it is; on a desktop its
    # latest rating and direction stay in view too.
    region.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    page.wait_for_timeout(100)
    assert region.evaluate("el => el.scrollLeft > 0")
    last_visit = rows.first.locator("td").last
    assert_within(page, last_visit, left, right, "the newest visit's rating")
    for index in range(len(TITLES)):
        row = rows.nth(index)
        assert_within(page, row.locator("th a"), left, right, f"row {index}'s area name, scrolled")
        assert_on_top(row.locator("th a"), f"row {index}'s area name, scrolled")
        if viewport == WIDE:
            for cell, what in ((0, "latest rating"), (1, "direction")):
                content = row.locator("td").nth(cell).locator(".app-rag, .app-direction")
                assert_within(page, content, left, right, f"row {index}'s {what}, scrolled")
                assert_on_top(content, f"row {index}'s {what}, scrolled")
    screenshot(f"long-history-dashboard-{viewport['width']}-scrolled")


@VIEWPORTS
def test_the_charts_keep_readable_text_however_many_events(
    live_server, page, sign_in, long_history, board_member, axe_check, screenshot, viewport
):
    page.set_viewport_size(viewport)
    sign_in(board_member)
    smallest = smallest_chart_text(page)
    assert smallest, "no chart is shown on the dashboard"
    assert smallest["size"] >= READABLE_PX and smallest["height"] >= READABLE_PX, smallest
    assert page_width(page) <= viewport["width"]
    # On a desktop the chart runs across, wider than its column, and says it scrolls; on a phone
    # it runs down the page and fits.
    hint = page.get_by_text("Scroll the chart sideways")
    if viewport == WIDE:
        expect(hint).to_be_visible()
    else:
        expect(hint).to_be_hidden()
        shown = page.locator("svg.app-chart:visible")
        expect(shown).to_have_count(1)
        assert shown.bounding_box()["width"] <= viewport["width"] - 30
    page.locator("table.app-matrix").get_by_role("link", name=TITLES[2], exact=True).click()
    smallest = smallest_chart_text(page)
    assert smallest, "no chart is shown on the area page"
    assert smallest["size"] >= READABLE_PX and smallest["height"] >= READABLE_PX, smallest
    assert page_width(page) <= viewport["width"]
    axe_check(f"area page with {1 + VISITS} events at {viewport['width']} px")
    screenshot(f"long-history-area-{viewport['width']}")


def lines_of(locator) -> int:
    """How many lines a cell's first text runs over, as laid out."""
    return locator.evaluate(
        """cell => {
            const text = [...cell.childNodes].find(node => node.nodeType === Node.TEXT_NODE
                && node.textContent.trim());
            const range = document.createRange();
            range.selectNodeContents(text);
            return new Set([...range.getClientRects()].map(rect => Math.round(rect.bottom))).size;
        }"""
    )


def test_a_rationale_reads_as_prose_on_a_phone(
    live_server, page, sign_in, long_history, board_member, axe_check, screenshot
):
    page.set_viewport_size(NARROW)
    sign_in(board_member)
    page.locator("table.app-matrix").get_by_role("link", name=TITLES[0], exact=True).click()
    words = len(RATIONALE.split())
    rationale = page.locator("#trajectory ~ .app-table-wrapper td", has_text=RATIONALE).first
    assert lines_of(rationale) <= words // 4, "the rationale runs to a word or two a line"
    assert_within(page, rationale, 0, NARROW["width"], "the rationale")
    assert page_width(page) <= NARROW["width"]

    # The event page's table of ratings has the same cells.
    page.locator("#trajectory ~ .app-table-wrapper").get_by_role(
        "link", name="Eleventh monitoring visit"
    ).click()
    rationale = page.locator("#areas ~ .app-table-wrapper td", has_text=RATIONALE).first
    assert lines_of(rationale) <= words // 4, "the event page's rationale runs to a word a line"
    assert page_width(page) <= NARROW["width"]
    axe_check("event page, narrow")


def test_no_board_page_is_wider_than_a_phone(
    live_server, page, sign_in, sefton, board_member, axe_check, screenshot
):
    event = InspectionEvent.objects.get(authority=sefton, visit_number=6)
    LetterFactory(event=event)
    page.set_viewport_size(NARROW)
    sign_in(board_member)
    area = page.locator("table.app-matrix tbody th a").first.get_attribute("href")
    pages = {
        "home": "/",
        "dashboard": "/dashboard/",
        "findings": "/findings/?q=allegations",
        "event": event.get_absolute_url(),
        "area": area,
        "reports": "/reports/",
    }
    too_wide = {}
    for name, path in pages.items():
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("h1")).to_be_visible()
        screenshot(f"narrow-{name}")
        if (width := page_width(page)) > NARROW["width"]:
            too_wide[name] = width
        else:
            axe_check(f"{name} page, narrow")
    assert not too_wide, f"pages wider than a {NARROW['width']} px screen: {too_wide}"
