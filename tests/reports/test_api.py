"""Reports through the API: the same rules as the pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from drf_spectacular.generators import SchemaGenerator

from reports.models import Report
from tests.support.factories import LetterFactory
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/reports/"


@pytest.fixture
def ready_letter(api, officer, sixth_visit, django_capture_on_commit_callbacks):
    api.force_authenticate(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(REPORTS, {"event": sixth_visit.pk}, format="json")
    api.force_authenticate(None)
    return Report.objects.get(pk=response.json()["id"])


def test_an_officer_requests_a_letter_and_gets_202_with_its_status(api, officer, sixth_visit):
    api.force_authenticate(officer)
    response = api.post(REPORTS, {"event": sixth_visit.pk}, format="json")
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "queued" and body["event"] == sixth_visit.pk
    assert body["download_url"] is None
    assert response["Location"] == f"http://testserver{REPORTS}{body['id']}/"
    again = api.post(REPORTS, {"event": sixth_visit.pk}, format="json")
    assert again.status_code == 200 and again.json()["id"] == body["id"]


def test_it_names_the_field_when_the_event_does_not_exist(api, officer):
    api.force_authenticate(officer)
    response = api.post(REPORTS, {"event": 999999}, format="json")
    assert response.status_code == 400
    assert "event" in response.json()
    assert api.post(REPORTS, {}, format="json").json() == {"event": ["This field is required."]}


def test_a_board_member_may_read_but_not_request(api, board_member, sixth_visit, ready_letter):
    api.force_authenticate(board_member)
    assert api.post(REPORTS, {"event": sixth_visit.pk}, format="json").status_code == 403
    [item] = api.get(REPORTS).json()["results"]
    assert item["status"] == "ready" and item["page_count"] == ready_letter.page_count
    assert item["download_url"] == f"http://testserver{REPORTS}{ready_letter.pk}/download/"


def test_the_pdf_downloads_with_its_file_name(api, board_member, ready_letter):
    api.force_authenticate(board_member)
    for accept in ("*/*", "application/pdf"):
        response = api.get(f"{REPORTS}{ready_letter.pk}/download/", HTTP_ACCEPT=accept)
        assert response.status_code == 200, accept
        assert response["Content-Type"] == "application/pdf"
        assert ready_letter.download_name in response["Content-Disposition"]
        assert response["Cache-Control"] == "private, no-store"  # as the page's download
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_pdf_that_is_not_ready_is_404(api, board_member, sixth_visit):
    letter = LetterFactory(event=sixth_visit)
    api.force_authenticate(board_member)
    response = api.get(f"{REPORTS}{letter.pk}/download/")
    assert response.status_code == 404
    assert response.json() == {"detail": "This report's PDF is not ready."}


def test_the_list_filters_by_status_and_kind(api, board_member, sixth_visit):
    LetterFactory(event=sixth_visit, status=Report.Status.FAILED, error_message="boom")
    LetterFactory(event=sixth_visit, status=Report.Status.QUEUED)
    api.force_authenticate(board_member)
    assert [r["status"] for r in api.get(REPORTS, {"status": "failed"}).json()["results"]] == [
        "failed"
    ]
    assert api.get(REPORTS, {"kind": "digest"}).json()["count"] == 0
    assert api.get(REPORTS, {"status": "lost"}).status_code == 400


def test_letters_about_drafts_are_hidden_from_the_board(
    api, board_member, ready_letter, sixth_visit
):
    InspectionEvent.objects.filter(pk=sixth_visit.pk).update(status=InspectionEvent.Status.DRAFT)
    api.force_authenticate(board_member)
    assert api.get(REPORTS).json()["count"] == 0
    assert api.get(f"{REPORTS}{ready_letter.pk}/download/").status_code == 404


def test_an_anonymous_client_is_refused(api, ready_letter):
    assert api.get(REPORTS).status_code in (401, 403)
    assert api.get(f"{REPORTS}{ready_letter.pk}/download/").status_code in (401, 403)


def test_the_list_runs_the_same_queries_however_many_reports(api, board_member, sixth_visit):
    api.force_authenticate(board_member)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert api.get(REPORTS).status_code == 200
        return len(queries)

    LetterFactory(event=sixth_visit, status=Report.Status.FAILED, requested_by=board_member)
    count_queries()  # the user's permissions are cached from here on
    few = count_queries()
    for _ in range(10):
        LetterFactory(event=sixth_visit, status=Report.Status.FAILED, requested_by=board_member)
    assert count_queries() == few


def test_the_schema_documents_the_report_endpoints():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = schema["paths"]
    assert set(paths[REPORTS]) >= {"get", "post"}
    download = paths[REPORTS + "{id}/download/"]["get"]
    assert "application/pdf" in download["responses"]["200"]["content"]
