"""From the event page an officer gets the sixth visit's progress letter; a board member downloads it.
Accessible throughout. (Tasks run in-process here; tests/reports/test_worker.py uses a worker.)"""

import pytest

from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_officer_requests_the_letter_and_a_board_member_downloads_it(
    live_server, page, sign_in, sefton, officer, board_member, axe_check, screenshot
):
    event = InspectionEvent.objects.get(authority=sefton, visit_number=6)
    sign_in(officer)
    page.goto(f"{live_server.url}{event.get_absolute_url()}")
    panel = page.locator(".app-letter-panel")
    assert "No progress letter has been produced" in panel.inner_text()
    axe_check("event page with the letter panel")

    panel.get_by_role("button", name="Request progress letter").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Sixth monitoring visit progress letter"
    assert page.locator(".govuk-summary-list").get_by_text("Ready").is_visible()
    axe_check("report status page")
    screenshot("report-status")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reports").click()
    assert page.get_by_role(
        "link", name="Sixth monitoring visit progress letter", exact=True
    ).is_visible()
    axe_check("reports list")
    screenshot("reports-list")

    page.get_by_role("button", name="Sign out").click()
    sign_in(board_member)
    page.goto(f"{live_server.url}{event.get_absolute_url()}")
    assert page.locator(".app-letter-panel button").count() == 0
    screenshot("event-letter-panel")
    with page.expect_download() as download:
        page.locator(".app-letter-panel").get_by_role(
            "link", name="Download the progress letter"
        ).click()
    assert download.value.suggested_filename == (
        "sefton-sixth-monitoring-visit-progress-letter-2024-07-25.pdf"
    )
