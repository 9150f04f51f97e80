"""The sixth monitoring visit's progress letter, rendered through the same path as a request from the
event page (tasks run in-process here; tests/reports/test_worker.py uses a real worker)."""

import datetime

import pytest

from findings.models import ImprovementAction
from reports import services
from reports.models import Report
from tests.support.factories import ImprovementActionFactory
from tests.support.pdf_text import pdf_pages, pdf_text
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(sixth_visit, officer, django_capture_on_commit_callbacks):
    front_door = sixth_visit.reviews.get(area__title__icontains="MASH").area
    ImprovementActionFactory(
        area=front_door,
        title="Record the reason whenever consent is dispensed with",
        lead_name="Head of the front door",
        due_date=datetime.date.today() + datetime.timedelta(days=60),
        status=ImprovementAction.Status.IN_PROGRESS,
    )
    with django_capture_on_commit_callbacks(execute=True):
        report, created = services.request_letter(sixth_visit, user=officer)
    assert created
    report.refresh_from_db()
    return report


def test_the_letter_is_rendered_and_kept_with_its_checksum(letter):
    assert letter.status == Report.Status.READY
    assert letter.error_message == ""
    data = letter.pdf.read()
    assert data.startswith(b"%PDF-")
    assert letter.size_bytes == len(data)
    assert len(letter.sha256) == 64
    assert letter.page_count == len(pdf_pages(data)) >= 2
    assert letter.download_name == "sefton-sixth-monitoring-visit-progress-letter-2024-07-25.pdf"


def test_it_holds_the_events_facts_and_every_section(letter):
    text = pdf_text(letter.pdf.read())
    for expected in (
        "Sixth monitoring visit",
        "Fieldwork 25 to 26 June 2024",
        "Letter or report published 25 July 2024",
        "Lisa Summers, Rachel Fairhurst",
        "Summary",
        "Areas reviewed",
        "Findings by area",
        "Open improvement actions",
    ):
        assert expected in text, expected


def test_it_quotes_the_letter_word_for_word(letter):
    text = pdf_text(letter.pdf.read())
    for quotation in (
        "Leaders have not taken sufficient action to tackle some of the weaknesses found at the "
        "last inspection.",
        "Children who need early help receive an effective and timely response from FAST.",
        "When children need to be protected, the response is not consistently timely.",
        "Responses to allegations made against professionals working with children are now more "
        "robust",
    ):
        assert quotation in text, quotation


def test_each_area_has_its_rag_word_and_direction_of_travel(letter):
    text = pdf_text(letter.pdf.read())
    assert "Rating: GREEN · Direction of travel: Better (previously Red" in text
    assert "Rating: RED · Direction of travel: Same (previously Red" in text
    assert text.count("Rating: AMBER · Direction of travel: Better") == 2


def test_strengths_and_weaknesses_are_told_apart(letter):
    text = pdf_text(letter.pdf.read())
    child_protection = text.index(
        "Urgency and robustness of the child protection response", text.index("Findings by area")
    )
    section = text[child_protection:]
    assert section.index("Weaknesses") < section.index("When children need to be protected")


def test_it_lists_the_open_actions_of_the_areas_reviewed(letter):
    text = pdf_text(letter.pdf.read())
    assert "Record the reason whenever consent is dispensed with" in text
    assert "Head of the front door" in text


def test_every_page_carries_the_council_and_its_page_number(letter):
    pages = pdf_pages(letter.pdf.read())
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Sefton Council" in page


def test_a_letter_for_a_draft_event_says_so(
    sixth_visit, officer, django_capture_on_commit_callbacks
):
    sixth_visit.status = InspectionEvent.Status.DRAFT
    sixth_visit.save()
    with django_capture_on_commit_callbacks(execute=True):
        report, _ = services.request_letter(sixth_visit, user=officer)
    report.refresh_from_db()
    assert "Draft: this event is not yet published" in pdf_text(report.pdf.read())
