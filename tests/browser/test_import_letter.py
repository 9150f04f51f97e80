"""An officer imports the sixth-visit letter in a real browser: paste, review, save, see the visit."""

import pytest

from findings.models import Finding
from tests.support.factories import LocalAuthorityFactory
from tests.support.importing import (
    SIXTH_VISIT,
    SIXTH_VISIT_LETTER,
    SOUTHDALE_REPORT_2023,
    read,
    sefton_2022_only,
)
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_officer_imports_the_sixth_visit_letter_and_sees_the_saved_visit(
    live_server, page, sign_in, officer, tmp_path, axe_check, screenshot
):
    sefton_2022_only(tmp_path)
    sign_in(officer)
    page.get_by_role("link", name="Import a letter").click()
    assert page.locator("h1").inner_text() == "Import a letter or report"
    axe_check("import page")

    page.get_by_label("Paste the text of the letter or report").fill(read(SIXTH_VISIT_LETTER))
    page.get_by_role("button", name="Read the document").click()
    page.wait_for_load_state()

    assert page.locator("h1").inner_text() == "Check the imported monitoring visit letter"
    assert page.get_by_role("heading", name="Areas covered (4)").is_visible()
    assert page.get_by_role("heading", name="Findings (21)").is_visible()
    assert page.locator("#id_event-visit_number").input_value() == "6"
    assert page.locator("#id_areas-0-area option:checked").inner_text() == (
        "Parental consent before information-sharing in the MASH"
    )
    axe_check("review page")
    screenshot("import-review")
    assert InspectionEvent.objects.filter(visit_number=6).count() == 0  # nothing saved yet

    # The officer corrects one polarity before saving.
    page.locator("#id_findings-0-polarity_2").check()  # Mixed
    page.get_by_role("button", name="Save as a draft event").click()
    page.wait_for_load_state()

    event = InspectionEvent.objects.get(visit_number=6)
    assert page.url.endswith(event.get_absolute_url())
    assert page.get_by_text("saved as a draft with 4 areas and 21 findings").is_visible()
    assert "Sixth monitoring visit" in page.locator("h1").inner_text()
    assert event.status == InspectionEvent.Status.DRAFT
    assert event.reviews.count() == 4
    findings = list(Finding.objects.filter(event=event).order_by("order"))
    assert [f.text for f in findings] == [f["text"] for f in SIXTH_VISIT["findings"]]
    assert findings[0].polarity == "mixed"
    axe_check("saved visit")
    screenshot("import-saved-visit")


def test_a_review_with_errors_is_explained_accessibly(
    live_server, page, sign_in, officer, tmp_path, axe_check
):
    sefton_2022_only(tmp_path)
    sign_in(officer)
    page.goto(f"{live_server.url}/import/")
    page.get_by_label("Paste the text of the letter or report").fill(read(SIXTH_VISIT_LETTER))
    page.get_by_role("button", name="Read the document").click()
    page.wait_for_load_state()
    page.locator("#id_findings-2-text").fill("")
    page.locator("#id_event-fieldwork_end_day").fill("20")
    page.get_by_role("button", name="Save as a draft event").click()
    page.wait_for_load_state()

    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "Fieldwork end must be the same as or after fieldwork start." in summary.inner_text()
    summary.get_by_role("link", name="Finding 3: Enter the finding's quoted text.").click()
    assert page.evaluate("document.activeElement.id") == "id_findings-2-text"
    axe_check("review page with errors")
    assert not InspectionEvent.objects.filter(visit_number=6).exists()


def test_the_review_of_a_2023_inspection_report_is_accessible(
    live_server, page, sign_in, officer, axe_check, screenshot
):
    LocalAuthorityFactory(name="Southdale", ons_code="E09900004")
    sign_in(officer)
    page.goto(f"{live_server.url}/import/")
    page.get_by_label("Paste the text of the letter or report").fill(read(SOUTHDALE_REPORT_2023))
    page.get_by_role("button", name="Read the document").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Check the imported inspection report"
    assert page.get_by_role("heading", name="What needs to improve (4)").is_visible()
    assert page.get_by_label("The experiences and progress of care leavers").input_value() == (
        "inadequate"
    )
    axe_check("review of an inspection report")
    screenshot("import-review-report")
