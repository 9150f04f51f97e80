"""A board member reads the national picture in a real browser, on Ofsted's and DfE's real data:
Sefton in context, journeys out of inadequate, what Ofsted is looking at, and another authority's
page found by a search. On a 1280 px desktop and a 390 px phone every page is accessible, no wider
than the screen, and shows the chart drawn for its width. Screenshots go to
test-artifacts/screenshots/national-*.png."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 390, "height": 844}
READABLE_PX = 12


@pytest.fixture
def national(sefton):
    from visits.national.loading import load_national_data

    load_national_data()
    return sefton


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def shown_charts(page) -> list[str]:
    return page.evaluate(
        """() => [...document.querySelectorAll("svg.app-chart")]
            .filter((svg) => svg.getClientRects().length).map((svg) => svg.id)"""
    )


def smallest_chart_text(page) -> float:
    return page.evaluate(
        """() => Math.min(...[...document.querySelectorAll("svg.app-chart")]
            .filter((svg) => svg.getClientRects().length)
            .flatMap((svg) => [...svg.querySelectorAll("text")].map(
                (text) => parseFloat(getComputedStyle(text).fontSize) * svg.getScreenCTM().a)))"""
    )


def check(page, viewport, axe_check, screenshot, name, charts=()):
    expect(page.locator("h1")).to_be_visible()
    assert page_width(page) <= viewport["width"], f"{name} is wider than the screen"
    narrow = viewport["width"] < 641
    shown = shown_charts(page)
    for chart in charts:
        assert (f"{chart}-narrow" if narrow else chart) in shown
        assert (chart if narrow else f"{chart}-narrow") not in shown
    if charts:
        assert smallest_chart_text(page) >= READABLE_PX
    axe_check(f"{name} at {viewport['width']} px")
    screenshot(f"national-{name}-{viewport['width']}")


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1280", "390"])
def test_a_board_member_reads_the_national_picture(
    live_server, page, sign_in, national, board_member, axe_check, screenshot, viewport
):
    page.set_viewport_size(viewport)
    sign_in(board_member)
    if viewport == WIDE:
        page.get_by_role("navigation", name="Menu").get_by_role(
            "link", name="National picture"
        ).click()
    else:
        page.goto(f"{live_server.url}/national/")

    # Sefton in context: the 2022 inspection once, Wirral its closest neighbour.
    expect(page.locator("h1")).to_have_text("Sefton in context")
    history = page.locator("#history + .app-table-wrapper table")
    expect(history.get_by_text("Inadequate", exact=True)).to_have_count(1)
    expect(history.get_by_role("link", name="Standard ILACS inspection")).to_be_visible()
    neighbours = page.locator("#neighbours ~ .app-table-wrapper table tbody tr")
    expect(neighbours).to_have_count(10)
    expect(neighbours.first).to_contain_text("Wirral")
    page.locator("#england ~ .govuk-grid-row").get_by_text("Show as a table").click()
    expect(page.get_by_role("rowheader", name="Inadequate", exact=True)).to_be_visible()
    check(page, viewport, axe_check, screenshot, "context", charts=("timeline", "grade-spread"))

    # Journeys out of inadequate, from the sub-navigation.
    page.get_by_role("navigation", name="National picture").get_by_role(
        "link", name="Journeys out of inadequate"
    ).click()
    expect(page.locator("h1")).to_have_text("Journeys out of inadequate")
    expect(page.locator("#where-we-stand")).to_contain_text("months since the inadequate judgement")
    expect(page.get_by_role("heading", name="What the data cannot show")).to_be_visible()
    expect(page.locator("#journeys-caption")).to_be_attached()
    sefton_row = page.locator("table.app-journeys tbody tr").filter(
        has=page.get_by_role("link", name="Sefton", exact=True)
    )
    expect(sefton_row).to_contain_text("21 Feb 2022")
    check(page, viewport, axe_check, screenshot, "journeys", charts=("reinspection",))

    # What Ofsted is looking at: the year's themes beside Sefton's areas of concern.
    page.get_by_role("navigation", name="National picture").get_by_role(
        "link", name="What Ofsted is looking at"
    ).click()
    expect(page.locator("h1")).to_have_text("What Ofsted is looking at")
    expect(page.locator("#own-visits ~ ul")).to_contain_text("Front door")
    beside = page.locator("#beside ~ .app-table-wrapper table")
    expect(
        beside.get_by_role("link", name="Parental consent before information-sharing in the MASH")
    ).to_be_visible()
    check(page, viewport, axe_check, screenshot, "themes", charts=("themes",))

    # Another authority, found by the name its council goes by.
    page.get_by_role("navigation", name="National picture").get_by_role(
        "link", name="Find an authority"
    ).click()
    page.get_by_label("Search by name or code").fill("Wirral Council")
    page.get_by_role("button", name="Search").click()
    assert re.search(r"\?q=Wirral\+Council$", page.url)
    check(page, viewport, axe_check, screenshot, "search")
    page.locator("table tbody").get_by_role("link", name="Wirral", exact=True).click()
    expect(page.locator("h1")).to_have_text("Wirral")
    expect(page.get_by_text("E08000015", exact=True)).to_be_visible()
    # Its neighbours are linked, Sefton among them.
    expect(
        page.locator("#neighbours ~ .app-table-wrapper").get_by_role("link", name="Sefton")
    ).to_be_visible()
    check(page, viewport, axe_check, screenshot, "authority", charts=("timeline",))
