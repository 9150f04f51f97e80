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

    # The officer corrects one polarity the import was sure of before saving: its tag follows.
    sure = page.locator("#finding-4")
    sure.get_by_text("Change the polarity or area").click()
    page.locator("#id_findings-3-polarity_2").check()  # Mixed
    assert sure.locator(".app-polarity").inner_text() == "Mixed"
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
    assert findings[3].polarity == "mixed"
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
    page.locator("#finding-3").get_by_text("Edit the quoted text, or leave finding 3 out").click()
    page.locator("#id_findings-2-text").fill("")
    page.get_by_text("Change the event's details").click()
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
    judgements = page.locator(".govuk-summary-list__row", has_text="Judgements")
    assert "The experiences and progress of care leavers: Inadequate" in judgements.inner_text()
    axe_check("review of an inspection report")
    screenshot("import-review-report")


VISIBLE_CONTROLS = """() => {
  const form = document.querySelector('[name="findings-TOTAL_FORMS"]').form;
  return [...form.querySelectorAll("input, select, textarea, button")].filter(
    (control) => control.type !== "hidden" && control.checkVisibility()
  ).length;
}"""


def test_the_review_can_be_checked_in_minutes_and_many_findings_changed_at_once(
    live_server, page, sign_in, officer, tmp_path, axe_check, screenshot
):
    sefton_2022_only(tmp_path)
    sign_in(officer)
    page.goto(f"{live_server.url}/import/")
    page.get_by_label("Paste the text of the letter or report").fill(read(SIXTH_VISIT_LETTER))
    page.get_by_role("button", name="Read the document").click()
    page.wait_for_load_state()

    # Before: about 19,800 px tall, with 208 controls showing and findings clipped in text boxes.
    assert page.evaluate("document.body.scrollHeight") < 14_000
    # Each finding marked for checking is open for changing (4 controls); the rest are closed.
    assert page.evaluate(VISIBLE_CONTROLS) < 70
    banner = page.get_by_role("region", name="What to check first")
    assert "17 of 46 proposals need checking" in banner.inner_text()

    # A marked finding is open for changing; one the import is sure of shows its proposal only.
    banner.get_by_role("link", name="Finding 14").click()
    assert page.url.endswith("#finding-14")
    marked = page.locator("#finding-14")
    assert marked.get_by_text("Check the area").is_visible()
    assert marked.get_by_text("It has few words in common with any area.").is_visible()
    assert page.locator("#id_findings-13-area_ref").is_visible()
    assert not page.locator("#id_findings-3-area_ref").is_visible()
    sure = page.locator("#finding-4")
    assert sure.locator(".app-polarity").inner_text() == "Strength"
    assert sure.locator("[data-area-label]").inner_text().startswith("Area 1: The local authority")
    assert SIXTH_VISIT["findings"][3]["text"] in sure.locator("blockquote").inner_text()
    axe_check("review page, for checking")
    screenshot("import-review-check-1280")

    # Every finding now given to area 4 goes to area 3 instead, in one go.
    area_4 = page.evaluate(
        """() => [...document.querySelectorAll('select[name$="-area_ref"]')]
            .filter((select) => select.value === "4").map((select) => select.name)"""
    )
    assert area_4
    tool = page.locator("[data-module=app-import-bulk]")
    tool.get_by_label("Which findings").select_option(label="Those now given to area 4")
    tool.get_by_label("Give them the area").select_option("3")
    tool.get_by_role("button", name="Change these findings").click()
    status = tool.get_by_role("status")
    assert status.inner_text().startswith(f"Changed {len(area_4)} finding")
    for name in area_4:
        assert page.locator(f'select[name="{name}"]').input_value() == "3"
        card = page.locator(f"#finding-{int(name.split('-')[1]) + 1}")
        assert card.locator("[data-area-label]").inner_text().startswith("Area 3: ")
    axe_check("review page, after changing many findings")

    page.set_viewport_size({"width": 390, "height": 844})
    axe_check("review page, on a phone")
    screenshot("import-review-check-390")

    page.get_by_role("button", name="Save as a draft event").click()
    page.wait_for_load_state()
    event = InspectionEvent.objects.get(visit_number=6)
    allegations = event.reviews.get(area_wording__startswith="The management of allegations")
    saved = list(Finding.objects.filter(event=event).order_by("order"))
    for name in area_4:
        assert saved[int(name.split("-")[1])].area_id == allegations.area_id
