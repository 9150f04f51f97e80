"""In a real browser: an officer records the seventh monitoring visit from nothing — two areas,
three findings, two ratings — meets validation errors and corrects them, publishes, and sees the
result; a board member sees no edit control and is refused an edit page. Every page visited is
checked with axe-core; screenshots of the key pages go to test-artifacts/screenshots/."""

import re

import pytest
from playwright.sync_api import expect

from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db(transaction=True)

CONSENT = "Parental consent before information-sharing in the MASH"
CHILD_PROTECTION = "Urgency and robustness of the child protection response"


def fill_date(page, name, day, month, year):
    page.fill(f"#id_{name}_day", day)
    page.fill(f"#id_{name}_month", month)
    page.fill(f"#id_{name}_year", year)


def errors(page) -> list[str]:
    """The error summary's messages, once the refused form has come back."""
    page.locator(".govuk-error-summary").wait_for()
    return [
        " ".join(text.split())
        for text in page.locator(".govuk-error-summary__list > li").all_inner_texts()
    ]


def test_an_officer_records_a_new_monitoring_visit(
    live_server, page, sign_in, sefton, officer, axe_check, screenshot
):
    sign_in(officer)
    axe_check("home page")
    page.get_by_role("link", name="Record a visit").click()

    # The event's facts, first with mistakes.
    expect(page.locator("h1")).to_have_text("Record a visit")
    axe_check("new event form")
    page.get_by_label("Monitoring visit", exact=True).check()
    expect(page.get_by_label("Monitoring visit number")).to_be_visible()
    page.get_by_label("Monitoring visit number").fill("7")
    fill_date(page, "fieldwork_start", "21", "1", "2025")
    fill_date(page, "fieldwork_end", "20", "1", "2025")
    fill_date(page, "published_on", "31", "2", "2025")
    page.get_by_label("Inspectors").fill("Lisa Summers, Rachel Fairhurst")
    page.get_by_label("Lead inspector").fill("Lisa Summers")
    page.get_by_label("Source").fill("Ofsted monitoring visit letter, 20 February 2025")
    screenshot("record-visit-event-form")
    page.get_by_role("button", name="Save and continue").click()

    assert errors(page) == [
        "Fieldwork end must be the same as or after fieldwork start.",
        "Letter or publication date must be a real date",
    ]
    assert page.title().startswith("Error: ")
    expect(page.get_by_label("Inspectors")).to_have_value("Lisa Summers, Rachel Fairhurst")
    expect(page.get_by_label("Monitoring visit number")).to_have_value("7")
    axe_check("event form with errors")
    screenshot("record-visit-event-form-errors")
    page.get_by_role("link", name="Letter or publication date must be a real date").click()
    expect(page.locator("#id_published_on_day")).to_be_focused()

    fill_date(page, "fieldwork_end", "22", "1", "2025")
    fill_date(page, "published_on", "20", "2", "2025")
    page.get_by_role("button", name="Save and continue").click()

    # The areas covered.
    expect(page.locator("h1")).to_have_text("Which areas of concern did the visit review?")
    axe_check("areas covered")
    page.get_by_label(CONSENT).check()
    page.get_by_label(CHILD_PROTECTION).check()
    page.get_by_label("The letter's wording of area 5 (optional)").fill(
        "The local authority's arrangements for the 'front door'."
    )
    screenshot("record-visit-areas")
    page.get_by_role("button", name="Save and continue").click()

    # The first area: two findings, one at a time, and an amber rating.
    expect(page.locator("h1")).to_have_text(CONSENT)
    expect(page.locator(".govuk-caption-l")).to_contain_text("Step 3 of 4: area 1 of 2")
    axe_check("first area's screen")
    page.fill(
        "#id_findings-0-text",
        "Children who need early help receive an effective and timely response from FAST.",
    )
    page.check("#id_findings-0-polarity_0")  # Strength
    page.fill("#id_findings-0-paragraph", "2")
    page.get_by_role("button", name="Save and add another finding").click()
    expect(page.locator("#id_findings-0-text")).to_have_value(
        re.compile("^Children who need early help")
    )
    page.fill(
        "#id_findings-1-text", "Consent is now mostly considered and secured when appropriate."
    )
    page.check("#id_findings-1-polarity_2")  # Mixed
    page.fill("#id_findings-1-paragraph", "11")
    page.get_by_label("Amber").check()
    page.get_by_label("Rationale").fill(
        "Early help is timely; consent is mostly, but not always, secured."
    )
    screenshot("record-visit-area-screen")
    page.get_by_role("button", name="Save and continue").click()

    # The second area: a red rating whose rationale is too short, then corrected.
    expect(page.locator("h1")).to_have_text(CHILD_PROTECTION)
    page.fill(
        "#id_findings-0-text",
        "When children need to be protected, the response is not consistently timely.",
    )
    page.check("#id_findings-0-polarity_1")  # Weakness
    page.fill("#id_findings-0-paragraph", "5")
    page.get_by_label("Red").check()
    page.get_by_label("Rationale").fill("Too slow.")
    page.get_by_role("button", name="Save and continue").click()
    assert errors(page) == [
        "A red rating's rationale must say what risk remains for children, in at least one "
        "full sentence."
    ]
    expect(page.locator("#id_findings-0-text")).to_have_value(re.compile("^When children need"))
    axe_check("area screen with an error")
    screenshot("record-visit-area-screen-error")
    page.get_by_label("Rationale").fill(
        "Strategy discussions are still late, so some children remain at risk of harm for too long."
    )
    page.get_by_role("button", name="Save and continue").click()

    # Check the answers and publish.
    expect(page.locator("h1")).to_have_text("Check your answers before publishing")
    axe_check("check answers")
    screenshot("record-visit-check-answers")
    page.get_by_role("button", name="Publish").click()

    expect(page.locator("h1")).to_have_text("Seventh monitoring visit")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("is published")
    areas = page.locator("#areas + p + .app-table-wrapper")
    expect(areas.locator(".app-rag")).to_have_text(["Amber", "Red"])
    expect(page.locator(".app-finding")).to_have_count(3)
    axe_check("published event")
    screenshot("record-visit-published-event")

    event = InspectionEvent.objects.get(visit_number=7)
    assert event.is_published and event.findings.count() == 3

    page.get_by_role("link", name=CHILD_PROTECTION).first.click()
    page.get_by_role("link", name="History of the ratings").click()
    expect(page.locator(".app-history-entry").first).to_contain_text("by Olu Officer")
    axe_check("rating history")
    screenshot("rating-history")


def test_a_board_member_sees_no_edit_control_and_is_refused_an_edit_page(
    live_server, page, sign_in, sefton, board_member, axe_check, screenshot
):
    sixth = InspectionEvent.objects.get(visit_number=6)
    sign_in(board_member)
    expect(page.get_by_role("link", name="Record a visit")).to_have_count(0)
    page.goto(f"{live_server.url}{sixth.get_absolute_url()}")
    expect(page.locator("h1")).to_have_text("Sixth monitoring visit")
    for name in ("Change", "Add finding", "Delete", "Check and publish"):
        expect(page.get_by_role("link", name=re.compile(f"^{name}"))).to_have_count(0)
    axe_check("event page as a board member")
    screenshot("event-page-board-member")

    response = page.goto(f"{live_server.url}/events/{sixth.pk}/edit/")
    assert response.status == 403
    expect(page.locator("h1")).to_have_text("You do not have permission to see or change this")
    axe_check("refused page")
    screenshot("board-member-refused")
