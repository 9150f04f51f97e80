"""In a real browser: an officer cannot go on from step 2 with no area ticked, records an area as
not rated at this visit (with its reason), is refused publishing while an area has no rating, follows
the error to the area's screen, rates it and publishes; the dashboard then says why the area was not
rated instead of a change. And an officer returns a published visit to draft with a reason, which
the event's history shows. Each page is checked with axe-core; screenshots at 1280 and 390 pixels
wide go to test-artifacts/screenshots/."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS
from tests.support.factories import InspectionEventFactory
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db(transaction=True)

CONSENT = "Parental consent before information-sharing in the MASH"
CHILD_PROTECTION = "Urgency and robustness of the child protection response"
REASON = "The letter says too little about consent to rate it."
NARROW = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 900}


def errors(page) -> list[str]:
    page.locator(".govuk-error-summary").wait_for()
    return [
        " ".join(text.split())
        for text in page.locator(".govuk-error-summary__list > li").all_inner_texts()
    ]


def top_of_page(page, name: str):
    """What the first screenful shows, at 1280 and at 390 pixels wide."""
    for size, width in ((WIDE, 1280), (NARROW, 390)):
        page.set_viewport_size(size)
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(SCREENSHOTS / f"{name}-top-{width}.png"))
    page.set_viewport_size(WIDE)


@pytest.fixture
def both_widths(page, screenshot):
    """Screenshots of the page at 1280 and at 390 pixels wide: shots("name")."""

    def _shots(name: str):
        screenshot(f"{name}-1280")
        page.set_viewport_size(NARROW)
        screenshot(f"{name}-390")
        page.set_viewport_size(WIDE)

    return _shots


def test_an_officer_cannot_publish_an_incomplete_visit(
    live_server, page, sign_in, sefton, officer, axe_check, both_widths
):
    seventh = InspectionEventFactory(
        authority=sefton,
        visit_number=7,
        fieldwork_start=datetime.date(2025, 1, 21),
        fieldwork_end=datetime.date(2025, 1, 22),
        published_on=datetime.date(2025, 2, 20),
        status=InspectionEvent.Status.DRAFT,
    )
    sign_in(officer)
    page.goto(f"{live_server.url}/events/{seventh.pk}/areas/")

    # Step 2 with nothing ticked stays on the page.
    page.get_by_role("button", name="Save and continue").click()
    assert errors(page) == ["Select the areas of concern this visit reviewed"]
    expect(page.locator(".govuk-caption-l")).to_contain_text("Step 2 of 4")
    axe_check("areas covered with nothing ticked")
    both_widths("publishing-step-2-nothing-ticked")
    page.get_by_role("link", name="Select the areas of concern this visit reviewed").click()
    expect(page.locator("#id_areas_0")).to_be_focused()  # the first area's checkbox
    page.get_by_label(CONSENT).check()
    page.get_by_label(CHILD_PROTECTION).check()
    page.get_by_role("button", name="Save and continue").click()

    # The first area: not rated at this visit, first without its reason.
    expect(page.locator("h1")).to_have_text(CONSENT)
    page.get_by_label("Not rated at this visit").check()
    page.get_by_role("button", name="Save and continue").click()
    assert errors(page) == ["Enter why the area was not rated at this visit"]
    axe_check("not rated without a reason")
    both_widths("publishing-not-rated-needs-reason")
    page.get_by_label("Why was it not rated?").fill(REASON)
    page.get_by_role("button", name="Save and continue").click()

    # The second area is left for later.
    expect(page.locator("h1")).to_have_text(CHILD_PROTECTION)
    expect(page.get_by_label("Decide later")).to_be_checked()
    page.get_by_role("button", name="Save and continue").click()

    # Step 4 warns, and publishing is refused with a link to the area's screen.
    expect(page.locator("h1")).to_have_text("Check your answers before publishing")
    expect(page.locator(".govuk-warning-text")).to_contain_text("1 area covered has no rating")
    expect(page.locator(".govuk-summary-list").last).to_contain_text(
        f"Not rated at this visit: {REASON}"
    )
    page.get_by_role("button", name="Publish").click()
    problem = f"Rate “{CHILD_PROTECTION}”, or record why it was not rated at this visit"
    assert errors(page) == [problem]
    assert page.title().startswith("Error: ")
    axe_check("publishing refused")
    both_widths("publishing-refused")
    page.get_by_role("link", name=problem).click()

    expect(page.locator("h1")).to_have_text(CHILD_PROTECTION)
    page.get_by_label("Red").check()
    page.get_by_label("Rationale").fill(
        "Strategy discussions are still late, so some children remain at risk of harm."
    )
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("h1")).to_have_text("Check your answers before publishing")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("is published")
    seventh.refresh_from_db()
    assert seventh.is_published
    areas = page.get_by_role("region", name="Areas reviewed and their ratings")
    expect(areas).to_contain_text(f"Not rated at this visit: {REASON}")
    axe_check("published event")
    for size, width in ((WIDE, 1280), (NARROW, 390)):
        page.set_viewport_size(size)
        areas.screenshot(path=str(SCREENSHOTS / f"publishing-event-areas-{width}.png"))
    page.set_viewport_size(WIDE)

    # The dashboard: the area not rated is no change, and says why.
    page.goto(f"{live_server.url}/dashboard/")
    changes = page.locator(".app-changes")
    expect(changes).to_contain_text(f"Not rated at this visit: {REASON}")
    expect(changes).not_to_contain_text("No earlier rating")
    expect(
        changes.locator(".app-change").filter(has_text=CONSENT).locator(".app-rag")
    ).to_have_count(0)
    axe_check("dashboard after publishing")
    both_widths("publishing-dashboard")
    page.set_viewport_size(NARROW)
    page.locator(".app-changes").screenshot(
        path=str(SCREENSHOTS / "publishing-what-changed-390.png")
    )
    page.set_viewport_size(WIDE)


def test_an_officer_returns_a_published_visit_to_draft_with_a_reason(
    live_server, page, sign_in, sefton, officer, axe_check, both_widths
):
    sixth = InspectionEvent.objects.get(authority=sefton, visit_number=6)
    sign_in(officer)
    page.goto(f"{live_server.url}{sixth.get_absolute_url()}")
    offer = page.get_by_role("button", name="Return to draft")
    offer.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "return-to-draft-offer-1280.png"))
    offer.click()

    expect(page.locator("h1")).to_have_text("Return the sixth monitoring visit to draft")
    axe_check("return to draft")
    page.get_by_role("button", name="Return to draft").click()
    assert errors(page) == ["Enter why the event is being returned to draft"]
    axe_check("return to draft without a reason")
    both_widths("return-to-draft-error")
    page.get_by_label("Why is it being returned to draft?").fill(
        "Ofsted reissued the letter with a corrected paragraph 11."
    )
    page.get_by_role("button", name="Return to draft").click()

    expect(page.locator("h1")).to_contain_text("Sixth monitoring visit")
    expect(page.locator("h1 .govuk-tag")).to_have_text("Draft")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("is a draft again")
    expect(page.locator(".govuk-inset-text").first).to_contain_text(
        "Returned to draft by Olu Officer"
    )
    axe_check("event returned to draft")
    top_of_page(page, "return-to-draft-event-page")

    page.get_by_role("link", name="History of the event").click()
    first = page.locator(".app-history-entry").first
    expect(first).to_contain_text(
        "Reason: Ofsted reissued the letter with a corrected paragraph 11."
    )
    axe_check("event history with the reason")
    both_widths("return-to-draft-history")
