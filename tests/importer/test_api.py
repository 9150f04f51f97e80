"""The import over the API: a document in, a draft out; the reviewed draft in, an event out."""

import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from findings.importer.parsing.confidence import proposals_to_check
from findings.importer.parsing.draft import Draft
from findings.models import AreaOfConcern, Finding
from tests.support.factories import LocalAuthorityFactory
from tests.support.importing import (
    DATA,
    SIXTH_VISIT,
    SIXTH_VISIT_LETTER,
    pdf_of,
    read,
)
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db
DRAFTS = "/api/v1/import/drafts/"
EVENTS = "/api/v1/import/events/"


def send(api, payload, format="json") -> dict:
    """Send a document to be read: 202 with where to follow the reading, which (tasks run
    in-process here) has finished by the time it is asked."""
    response = api.post(DRAFTS, payload, format=format)
    assert response.status_code == 202, response.json()
    assert response["Location"] == response.json()["url"]
    reading = api.get(response["Location"])
    assert reading.status_code == 200
    return reading.json()


def draft_of(api, payload, format="json") -> dict:
    reading = send(api, payload, format)
    assert reading["status"] == "ready", reading
    return reading["draft"]


def test_a_board_member_may_neither_read_nor_save_a_draft(api, board_member):
    api.force_authenticate(board_member)
    assert api.post(DRAFTS, {"text": read(SIXTH_VISIT_LETTER)}, format="json").status_code == 403
    assert api.post(EVENTS, {}, format="json").status_code == 403


def test_someone_signed_out_may_not_import(api):
    assert api.post(DRAFTS, {"text": "x"}, format="json").status_code in (401, 403)


def test_posting_the_text_returns_the_draft_and_saves_nothing(
    api, officer, sefton_before_the_visits
):
    api.force_authenticate(officer)
    draft = draft_of(api, {"text": read(SIXTH_VISIT_LETTER)})
    assert draft["document"] == "monitoring_letter"
    assert draft["event"]["visit_number"] == 6
    assert draft["event"]["fieldwork_start"] == "2024-06-25"
    assert draft["event"]["authority_ons_code"] == "E08000014"
    assert [a["wording"] for a in draft["areas"]] == [
        r["area_wording"] for r in SIXTH_VISIT["reviews"]
    ]
    assert all(a["area_id"] for a in draft["areas"])
    assert len(draft["findings"]) == 21
    assert draft["duplicate_of"] is None
    assert InspectionEvent.objects.filter(visit_number=6).count() == 0


def test_the_draft_marks_the_proposals_to_check_as_the_page_and_the_command_do(
    api, officer, sefton_before_the_visits
):
    api.force_authenticate(officer)
    draft = draft_of(api, {"text": read(SIXTH_VISIT_LETTER)})
    for finding in draft["findings"]:
        for what in ("area", "polarity"):
            assert 0 <= finding[f"{what}_confidence"] <= 1
            assert finding[f"{what}_unsure"] == bool(finding[f"{what}_reason"])
    for area in draft["areas"]:
        assert area["unsure"] == bool(area["reason"])
    out = StringIO()
    call_command("import_letter", str(SIXTH_VISIT_LETTER), stdout=out, stderr=StringIO())
    from_command = json.loads(out.getvalue())
    assert from_command == {k: v for k, v in draft.items() if k != "duplicate_of"}
    assert sum(len(c.about) for c in proposals_to_check(Draft.from_dict(draft))) == 17


def test_posting_a_pdf_returns_the_same_draft_as_the_text(api, officer, sefton_before_the_visits):
    api.force_authenticate(officer)
    from_text = draft_of(api, {"text": read(SIXTH_VISIT_LETTER)})
    upload = SimpleUploadedFile("letter.pdf", pdf_of(read(SIXTH_VISIT_LETTER)))
    assert draft_of(api, {"file": upload}, format="multipart") == from_text


def test_posting_the_draft_back_saves_the_event_and_answers_201(
    api, officer, sefton_before_the_visits
):
    api.force_authenticate(officer)
    draft = draft_of(api, {"text": read(SIXTH_VISIT_LETTER)})
    draft["findings"][0]["polarity"] = "mixed"  # an officer's correction
    response = api.post(EVENTS, draft, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    event = InspectionEvent.objects.get(pk=body["id"])
    assert body["url"].endswith(event.get_absolute_url())
    assert body["status"] == "draft" == event.status
    assert (body["areas_reviewed"], body["findings"]) == (4, 21)
    assert event.findings.order_by("order").first().polarity == "mixed"


def test_a_draft_for_a_visit_already_recorded_is_flagged_and_refused(api, officer, sefton):
    api.force_authenticate(officer)
    draft = draft_of(api, {"text": read(SIXTH_VISIT_LETTER)})
    assert draft["duplicate_of"]["title"] == "Sixth monitoring visit"
    before = InspectionEvent.objects.count()
    response = api.post(EVENTS, draft, format="json")
    assert response.status_code == 400
    errors = response.json()
    existing = InspectionEvent.objects.get(authority=sefton, visit_number=6)
    assert errors["event"] == {
        "visit_number": [
            "Sefton's sixth monitoring visit (25 to 26 June 2024) is already recorded, so this "
            "import would duplicate it. Edit the recorded event instead."
        ]
    }
    assert errors["duplicate_of"] == {
        "id": existing.pk,
        "title": "Sixth monitoring visit",
        "url": f"http://testserver{existing.get_absolute_url()}",
    }
    assert InspectionEvent.objects.count() == before


def test_a_draft_with_errors_is_refused_with_them_by_field(api, officer, sefton_before_the_visits):
    api.force_authenticate(officer)
    draft = draft_of(api, {"text": read(SIXTH_VISIT_LETTER)})
    draft["event"]["fieldwork_end"] = "2024-06-01"
    draft["findings"][2]["text"] = ""
    draft["findings"][3]["polarity"] = "glowing"
    draft["areas"][0]["area_id"] = None
    draft["areas"][0]["new_title"] = ""
    findings_before = Finding.objects.count()
    response = api.post(EVENTS, draft, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert errors["event"]["fieldwork_end"] == [
        "Fieldwork end must be the same as or after fieldwork start."
    ]
    assert errors["findings"][2]["text"] == ["Enter the finding's quoted text."]
    assert "glowing" in errors["findings"][3]["polarity"][0]
    assert errors["areas"][0]["new_title"] == ["Enter a title for the new area of concern"]
    assert Finding.objects.count() == findings_before
    assert AreaOfConcern.objects.count() == 14
    assert not InspectionEvent.objects.filter(visit_number=6).exists()


def test_a_request_without_a_document_gets_a_400_saying_why(api, officer):
    api.force_authenticate(officer)
    response = api.post(DRAFTS, {"text": ""}, format="json")
    assert response.status_code == 400
    assert response.json()["text"] == ["Send the text of the letter or report, or upload its file."]


def test_a_document_that_cannot_be_read_fails_saying_why(api, officer):
    api.force_authenticate(officer)
    reading = send(api, {"text": "Shopping: milk."})
    assert reading["status"] == "failed"
    assert reading["draft"] is None
    assert "does not look like an Ofsted monitoring visit" in reading["errors"]["text"][0]


def test_a_file_that_is_not_a_pdf_gets_a_400(api, officer):
    api.force_authenticate(officer)
    upload = SimpleUploadedFile("letter.pdf", b"PK\x03\x04 a word processor file")
    response = api.post(DRAFTS, {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert "is not a PDF" in response.json()["file"][0]


def test_an_unknown_authority_is_asked_for_and_can_then_be_given(api, officer):
    api.force_authenticate(officer)
    letter = read(DATA / "northmoor-third-monitoring-visit-letter.txt")
    reading = send(api, {"text": letter})
    assert reading["status"] == "failed"
    assert "'Northmoor', which is not a local authority" in reading["errors"]["authority"][0]
    LocalAuthorityFactory(name="Moorland", ons_code="E09900001")
    draft = draft_of(api, {"text": letter, "authority": "E09900001"})
    assert draft["event"]["authority_ons_code"] == "E09900001"


@pytest.mark.parametrize(
    ("payload", "says"),
    [
        ([], "The draft must be a JSON object."),
        ({"event": {}}, "event.kind: this field is required."),
        ({"event": {"kind": "monitoring", "fieldwork_start": "25/06/2024"}}, "YYYY-MM-DD"),
    ],
)
def test_a_draft_that_cannot_be_read_gets_a_400_saying_why(api, officer, payload, says):
    api.force_authenticate(officer)
    response = api.post(EVENTS, payload, format="json")
    assert response.status_code == 400
    assert says in response.json()["non_field_errors"][0]


def test_a_draft_without_a_known_authority_gets_a_400(api, officer):
    api.force_authenticate(officer)
    response = api.post(EVENTS, {"event": {"kind": "monitoring"}}, format="json")
    assert response.status_code == 400
    assert response.json()["event"]["authority_ons_code"] == [
        "Give the local authority's ONS code."
    ]
