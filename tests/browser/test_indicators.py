"""A board member reads Sefton's indicators in a real browser, on DfE's real statistics and a
monthly indicator of Sefton's own: the scorecard, an indicator's page, an area's indicators and
the dashboard's "moved most". On a 1280 px desktop and a 390 px phone every page is accessible,
no wider than the screen, and shows the chart drawn for its width. Screenshots go to
test-artifacts/screenshots/indicators-*.png."""

import calendar
import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 390, "height": 844}
READABLE_PX = 12
MONTHLY = ["78.2", "80.1", "79.5", "82.4", "84.0", "81.7", "83.9", "86.2", "85.1", "87.4", "84.6"]


@pytest.fixture
def figures(sefton):
    """DfE's statistics, and Sefton's own assessments on time, month by month, with a target;
    both linked to Sefton's area of concern about caseloads."""
    from findings.indicators.models import Indicator, IndicatorValue
    from tests.indicators.making import local_indicator
    from visits.national.loading import load_national_data

    load_national_data()
    area = sefton.areas.get(position=3)
    Indicator.objects.get(key="agency-rate").areas.add(area)
    own = local_indicator(sefton, theme="practice")
    own.areas.add(area)
    for index, value in enumerate(MONTHLY):
        year, month = divmod(2024 * 12 + 10 + index, 12)  # November 2024 onwards
        end = datetime.date(year, month + 1, calendar.monthrange(year, month + 1)[1])
        IndicatorValue.objects.create(
            indicator=own,
            level=IndicatorValue.Level.AUTHORITY,
            authority=sefton,
            period_end=end,
            period=end.strftime("%B %Y"),
            value=Decimal(value),
        )
    return area


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
    screenshot(f"indicators-{name}-{viewport['width']}")


def open_menu_item(page, name):
    """The header's menu: on a phone behind its Menu button."""
    toggle = page.locator(".govuk-service-navigation__toggle")
    if toggle.is_visible():
        toggle.click()
    page.get_by_role("navigation", name="Menu").get_by_role("link", name=name).click()


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1280", "390"])
def test_a_board_member_reads_seftons_indicators(
    live_server, page, sign_in, figures, board_member, axe_check, screenshot, viewport
):
    page.set_viewport_size(viewport)
    sign_in(board_member)
    open_menu_item(page, "Indicators")

    # The scorecard: Sefton's agency rate beside its neighbours, the North West and England.
    expect(page.locator("h1")).to_have_text("Sefton’s indicators")
    agency = page.locator("tbody tr").filter(
        has=page.get_by_role("link", name="Agency social workers")
    )
    for words in ("24.6%", "Down 8.0 points from 32.6% in 2024", "Better", "13.0%", "9th of 11"):
        expect(agency).to_contain_text(words)
    expect(agency.locator("svg[role=img]")).to_have_count(1)
    own = page.locator("tbody tr").filter(
        has=page.get_by_role("link", name="Assessments completed within 45 working days")
    )
    expect(own).to_contain_text("Amber")
    expect(own).to_contain_text("No neighbour has this figure")
    page.get_by_text("How to read the scorecard").click()
    expect(page.get_by_text("1 the best")).to_be_visible()
    check(page, viewport, axe_check, screenshot, "scorecard")

    # An indicator's page: the four over time, then the same figures as a table.
    agency.get_by_role("link", name="Agency social workers").click()
    expect(page.locator("h1")).to_have_text("Agency social workers")
    expect(page.locator("#figures ~ .app-table-wrapper tbody tr").first).to_contain_text("24.6%")
    check(page, viewport, axe_check, screenshot, "agency-rate", charts=("indicator-chart",))

    # Sefton's own indicator, against its target.
    page.goto(f"{live_server.url}/indicators/assessments-45-days/")
    expect(page.locator("#figures ~ .app-table-wrapper tbody tr").first).to_contain_text(
        "September 2025"
    )
    check(page, viewport, axe_check, screenshot, "own", charts=("indicator-chart",))

    # The area of concern they bear on.
    page.goto(f"{live_server.url}{figures.get_absolute_url()}")
    indicators = page.locator("#indicators ~ .app-table-wrapper table")
    expect(indicators.get_by_role("link", name="Agency social workers")).to_be_visible()
    check(page, viewport, axe_check, screenshot, "area")

    # The dashboard names what moved most.
    page.goto(f"{live_server.url}/dashboard/")
    moved = page.locator("#indicators-moved")
    expect(moved).to_be_visible()
    expect(
        moved.locator("xpath=..").get_by_role("link", name="Social worker vacancies")
    ).to_be_visible()
    moved.scroll_into_view_if_needed()
    assert page_width(page) <= viewport["width"]
    screenshot(f"indicators-dashboard-{viewport['width']}")
