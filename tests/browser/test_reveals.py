"""In a real browser, the questions that belong to one answer show only under that answer: the
letter's wording under each area ticked at step 2 of recording a visit, and a new area's title and
theme on the import's review page only when "A new area of concern" is chosen. Checked with
axe-core; screenshots at 1280 and 390 pixels wide go to test-artifacts/screenshots/."""

import pytest
from playwright.sync_api import expect

from findings.models import AreaOfConcern
from tests.support.factories import AreaReviewFactory, FindingFactory, InspectionEventFactory
from tests.support.importing import SIXTH_VISIT_LETTER, read, sefton_2022_only
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db(transaction=True)

CONSENT = "Parental consent before information-sharing in the MASH"
CHILD_PROTECTION = "Urgency and robustness of the child protection response"


def wording_box(page, area: AreaOfConcern):
    return page.locator(f"#id_wording_{area.pk}")


def test_the_letters_wording_shows_only_under_the_areas_ticked(
    live_server, page, sign_in, sefton, officer, axe_check, screenshot
):
    event = InspectionEventFactory(
        authority=sefton, visit_number=7, status=InspectionEvent.Status.DRAFT
    )
    consent = AreaOfConcern.objects.get(title=CONSENT)
    child_protection = AreaOfConcern.objects.get(title=CHILD_PROTECTION)
    AreaReviewFactory(event=event, area=consent, area_wording="The 'front door'.")
    sign_in(officer)
    page.goto(f"{live_server.url}/events/{event.pk}/areas/")

    expect(page.locator("h1")).to_have_text("Which areas of concern did the visit review?")
    # One wording box shows, the ticked area's, with the wording already recorded.
    expect(page.locator("input[id^=id_wording_]:visible")).to_have_count(1)
    expect(wording_box(page, consent)).to_be_visible()
    expect(wording_box(page, consent)).to_have_value("The 'front door'.")
    expect(wording_box(page, child_protection)).to_be_hidden()
    expect(page.get_by_label(CHILD_PROTECTION)).to_have_attribute(
        "aria-controls", f"conditional-{page.get_by_label(CHILD_PROTECTION).get_attribute('id')}"
    )
    axe_check("areas covered, one area ticked")
    screenshot("reveals-areas-1280")

    page.get_by_label(CHILD_PROTECTION).check()
    expect(wording_box(page, child_protection)).to_be_visible()
    page.get_by_label(CONSENT).uncheck()
    expect(wording_box(page, consent)).to_be_hidden()
    expect(page.locator("input[id^=id_wording_]:visible")).to_have_count(1)
    axe_check("areas covered, the other area ticked")

    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("reveals-areas-390")


def test_unticking_an_area_with_findings_says_why_first_and_loses_no_wording(
    live_server, page, sign_in, sefton, officer, axe_check, screenshot
):
    event = InspectionEventFactory(
        authority=sefton, visit_number=7, status=InspectionEvent.Status.DRAFT
    )
    consent = AreaOfConcern.objects.get(title=CONSENT)
    review = AreaReviewFactory(event=event, area=consent, area_wording="The 'front door'.")
    FindingFactory(event=event, area=consent)
    FindingFactory(event=event, area=consent)
    sign_in(officer)
    page.goto(f"{live_server.url}/events/{event.pk}/areas/")

    page.get_by_label(CONSENT).uncheck()
    page.get_by_role("button", name="Save and continue").click()
    summary = page.locator(".govuk-error-summary__list > li")
    expect(summary).to_have_text(
        [f"“{CONSENT}” has 2 findings at this visit: move or delete them first"]
    )
    axe_check("areas covered, refused")
    screenshot("reveals-areas-refused-1280")

    page.get_by_label(CONSENT).check()
    expect(wording_box(page, consent)).to_have_value("The 'front door'.")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("h1")).to_have_text(CONSENT)
    review.refresh_from_db()
    assert review.area_wording == "The 'front door'."


def test_a_new_areas_title_and_theme_show_only_for_a_new_area(
    live_server, page, sign_in, officer, tmp_path, axe_check, screenshot
):
    sefton_2022_only(tmp_path)
    sign_in(officer)
    page.goto(f"{live_server.url}/import/")
    page.get_by_label("Paste the text of the letter or report").fill(read(SIXTH_VISIT_LETTER))
    page.get_by_role("button", name="Read the document").click()
    expect(page.locator("h1")).to_have_text("Check the imported monitoring visit letter")

    # The first area matched an existing one: no new area's details are asked for.
    expect(page.locator("#id_areas-0-new_title")).to_be_hidden()
    expect(page.locator("#id_areas-0-new_theme")).to_be_hidden()
    page.locator("#id_areas-0-area").select_option("new")
    expect(page.locator("#id_areas-0-new_title")).to_be_visible()
    expect(page.locator("#id_areas-0-new_theme")).to_be_visible()
    axe_check("import review, a new area chosen")
    screenshot("reveals-import-new-area-1280")
    page.locator("#id_areas-0-area").select_option(label=CONSENT)
    expect(page.locator("#id_areas-0-new_title")).to_be_hidden()
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("#id_areas-0-area").select_option("new")
    screenshot("reveals-import-new-area-390")


def test_a_question_under_a_radio_is_revealed_without_aria_expanded(
    live_server, page, sign_in, sefton, officer, axe_check, screenshot
):
    """The area screen's rating: a question drawn under one of its radios (a form's
    nested_fields) shows only while that radio is chosen; axe-core finds nothing serious."""
    event = InspectionEventFactory(
        authority=sefton, visit_number=7, status=InspectionEvent.Status.DRAFT
    )
    consent = AreaOfConcern.objects.get(title=CONSENT)
    AreaReviewFactory(event=event, area=consent, rag="", rationale="")
    sign_in(officer)
    page.goto(f"{live_server.url}/events/{event.pk}/areas/{consent.pk}/")

    reveal = page.locator(".govuk-radios__conditional").first
    radio = reveal.locator(
        "xpath=preceding-sibling::div[contains(@class, 'govuk-radios__item')][1]//input"
    )
    expect(reveal).to_be_hidden()
    axe_check("area screen, nothing revealed")
    radio.check()
    expect(reveal).to_be_visible()
    assert radio.get_attribute("aria-expanded") is None
    axe_check("area screen, a question revealed")
    screenshot("reveals-area-screen-radio-1280")
    page.locator("input[name='rating-rag']").first.check()
    expect(reveal).to_be_hidden()
