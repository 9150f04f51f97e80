"""An officer keeps Sefton's own figures in a real browser: defines an indicator with a target,
enters a month's value, uploads a file with mistakes (every bad cell listed, nothing saved) and
then a good one (what was added and changed confirmed). On a 1280 px desktop and a 390 px phone
every page is accessible and no wider than the screen. Screenshots go to
test-artifacts/screenshots/indicator-forms-*.png."""

import datetime

import pytest
from playwright.sync_api import expect

from findings.indicators.models import Indicator, IndicatorValue

pytestmark = pytest.mark.django_db(transaction=True)

VIEWPORTS = [{"width": 1280, "height": 900}, {"width": 390, "height": 844}]


def check(page, viewport, axe_check, screenshot, name):
    expect(page.locator("h1")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"{name} is wider than the screen"
    axe_check(f"{name} at {viewport['width']} px")
    screenshot(f"indicator-forms-{name}-{viewport['width']}")


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v['width']}px")
def test_an_officer_keeps_seftons_own_figures(
    viewport, live_server, page, sign_in, officer, sefton, axe_check, screenshot, tmp_path
):
    page.set_viewport_size(viewport)
    sign_in(officer)
    base = live_server.url

    page.goto(f"{base}/indicators/local/?authority={sefton.pk}")
    check(page, viewport, axe_check, screenshot, "local-empty")

    page.get_by_role("link", name="Add an indicator").click()
    page.get_by_role("button", name="Add the indicator").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the indicator's name")
    check(page, viewport, axe_check, screenshot, "definition-errors")
    page.get_by_label("Name", exact=True).fill("Assessments completed within 45 working days")
    page.get_by_label("What it measures").fill(
        "Single assessments completed within 45 working days of the referral."
    )
    page.get_by_label("Percentage (%)").check()
    page.get_by_label("Higher is better").check()
    page.get_by_label("Where the figures come from").fill("Liquidlogic performance report")
    page.get_by_label("Target (optional)").fill("85")
    page.get_by_label("Tolerance (optional)").fill("5")
    page.get_by_label("Quality of assessments, plans and planning").check()
    page.get_by_role("button", name="Add the indicator").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been added")
    indicator = Indicator.objects.get(authority=sefton)

    page.get_by_role("link", name="Enter a month's value").click()
    page.get_by_label("Month", exact=True).fill("4")
    page.get_by_label("Year").fill("2025")
    page.get_by_label("Value").fill("81.5")
    check(page, viewport, axe_check, screenshot, "value")
    page.get_by_role("button", name="Save the value").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("April 2025")

    bad = tmp_path / "figures.csv"
    bad.write_text(
        "indicator,month,value,note\n"
        f"{indicator.key},2025-05,eighty,\n"
        f"{indicator.key},Smarch 2025,80,\n"
    )
    page.goto(f"{base}/indicators/upload/?authority={sefton.pk}")
    check(page, viewport, axe_check, screenshot, "upload")
    page.get_by_label("Upload a file").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Row 2, column 'value': 'eighty' is not a number.")
    expect(summary).to_contain_text("Row 3, column 'month'")
    check(page, viewport, axe_check, screenshot, "upload-errors")
    assert IndicatorValue.objects.count() == 1

    good = tmp_path / "good.csv"
    good.write_text(
        f"indicator,month,value,note\n{indicator.key},2025-04,82,\n{indicator.key},2025-05,86,\n"
    )
    page.get_by_label("Upload a file").set_input_files(str(good))
    page.get_by_role("button", name="Upload and save").click()
    expect(page.locator(".govuk-panel")).to_contain_text("1 value added and 1 changed")
    check(page, viewport, axe_check, screenshot, "upload-done")

    page.goto(f"{base}/indicators/local/?authority={sefton.pk}")
    expect(page.locator(".app-indicator")).to_contain_text("May 2025")
    check(page, viewport, axe_check, screenshot, "local")
    page.goto(f"{base}/indicators/{indicator.key}/values/history/")
    check(page, viewport, axe_check, screenshot, "values-history")
    assert IndicatorValue.objects.get(period_end=datetime.date(2025, 4, 30)).value == 82
