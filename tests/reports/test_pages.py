"""The reports pages: who may see, request, retry and download what."""

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from reports.models import Report
from tests.support.factories import LetterFactory, UserFactory
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready_letter(sixth_visit, officer, django_capture_on_commit_callbacks):
    from reports import services

    with django_capture_on_commit_callbacks(execute=True):
        report, _ = services.request_letter(sixth_visit, user=officer)
    report.refresh_from_db()
    assert report.status == Report.Status.READY
    return report


def request_url(event):
    return f"/reports/letters/{event.pk}/"


def test_an_officer_requests_the_letter_and_is_shown_its_status(
    client, officer, sixth_visit, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(request_url(sixth_visit), follow=True)
    report = Report.objects.get()
    assert response.redirect_chain == [(f"/reports/{report.pk}/", 302)]
    page = response.content.decode()
    assert "Sixth monitoring visit: progress letter requested" in page
    assert "This PDF is being prepared in the background" in page
    assert report.requested_by == officer
    # The task ran once the request's transaction had committed.
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "Download PDF" in page and "sefton-sixth-monitoring-visit-progress-letter" in page


def test_a_second_request_while_one_is_being_prepared_reuses_it(client, officer, sixth_visit):
    client.force_login(officer)
    client.post(request_url(sixth_visit))
    response = client.post(request_url(sixth_visit), follow=True)
    assert Report.objects.count() == 1
    assert "already being prepared" in response.content.decode()


def test_requesting_needs_a_post(client, officer, sixth_visit):
    client.force_login(officer)
    assert client.get(request_url(sixth_visit)).status_code == 405


def test_a_board_member_may_not_request_a_letter(client, board_member, sixth_visit):
    client.force_login(board_member)
    assert client.post(request_url(sixth_visit)).status_code == 403
    assert not Report.objects.exists()


def test_a_board_member_may_download_a_ready_letter(client, board_member, ready_letter):
    client.force_login(board_member)
    response = client.get(f"/reports/{ready_letter.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="sefton-sixth-monitoring-visit-progress-letter-2024-07-25.pdf"'
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_letter_that_is_not_ready_cannot_be_downloaded(client, board_member, sixth_visit):
    letter = LetterFactory(event=sixth_visit)
    client.force_login(board_member)
    assert client.get(f"/reports/{letter.pk}/download/").status_code == 404


def test_someone_without_a_role_sees_no_reports(client, ready_letter):
    client.force_login(UserFactory())
    for url in (
        "/reports/",
        f"/reports/{ready_letter.pk}/",
        f"/reports/{ready_letter.pk}/download/",
    ):
        assert client.get(url).status_code == 403, url


def test_a_letter_about_a_draft_event_is_hidden_from_the_board(
    client, board_member, officer, ready_letter, sixth_visit
):
    InspectionEvent.objects.filter(pk=sixth_visit.pk).update(status=InspectionEvent.Status.DRAFT)
    client.force_login(board_member)
    assert ready_letter.title not in client.get("/reports/").content.decode()
    assert client.get(f"/reports/{ready_letter.pk}/").status_code == 404
    assert client.get(f"/reports/{ready_letter.pk}/download/").status_code == 404
    assert client.post(request_url(sixth_visit)).status_code == 403
    client.force_login(officer)
    assert client.get(f"/reports/{ready_letter.pk}/download/").status_code == 200


def test_a_failed_report_shows_its_error_and_an_officer_can_try_again(
    client, officer, board_member, sixth_visit, django_capture_on_commit_callbacks
):
    letter = LetterFactory(
        event=sixth_visit, status=Report.Status.FAILED, error_message="ValueError: no fonts"
    )
    client.force_login(board_member)
    page = client.get(f"/reports/{letter.pk}/").content.decode()
    assert "ValueError: no fonts" in page and "Try again" not in page
    assert client.post(f"/reports/{letter.pk}/retry/").status_code == 403

    client.force_login(officer)
    assert "Try again" in client.get(f"/reports/{letter.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/reports/{letter.pk}/retry/", follow=True)
    assert "being prepared again" in response.content.decode()
    letter.refresh_from_db()
    assert letter.status == Report.Status.READY


def test_the_list_filters_by_type_and_status(client, board_member, sixth_visit):
    LetterFactory(event=sixth_visit, title="Queued letter")
    LetterFactory(event=sixth_visit, title="Failed letter", status=Report.Status.FAILED)
    client.force_login(board_member)
    page = client.get("/reports/?status=failed").content.decode()
    assert "Failed letter" in page and "Queued letter" not in page
    page = client.get("/reports/?kind=digest").content.decode()
    assert "No reports match these filters." in page


def test_the_list_pages_through_reports_keeping_its_filters(client, board_member, sixth_visit):
    for number in range(30):
        LetterFactory(event=sixth_visit, title=f"Letter {number:02}", status=Report.Status.FAILED)
    client.force_login(board_member)
    first = client.get("/reports/?status=failed").content.decode()
    assert "30 reports" in first
    assert 'href="?status=failed&amp;page=2" rel="prev"' not in first
    assert 'href="?status=failed&amp;page=2" rel="next"' in first
    second = client.get("/reports/?status=failed&page=2").content.decode()
    assert second.count('class="govuk-table__row"') == 1 + 5  # the header and the last 5


def test_the_list_runs_the_same_queries_however_many_reports(client, board_member, sixth_visit):
    client.force_login(board_member)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/reports/").status_code == 200
        return len(queries)

    LetterFactory(event=sixth_visit, status=Report.Status.FAILED)
    few = count_queries()
    for _ in range(12):
        LetterFactory(event=sixth_visit, status=Report.Status.FAILED, requested_by=board_member)
    assert count_queries() == few


def test_the_navigation_links_to_the_reports(client, board_member):
    client.force_login(board_member)
    assert 'href="/reports/"' in client.get("/").content.decode()


def render_panel(event, user):
    template = Template("{% load reports_tags %}{% event_letter_panel event user %}")
    return template.render(Context({"event": event, "user": user, "csrf_token": "t0ken"}))


def test_the_event_panel_offers_an_officer_the_request_button(officer, sixth_visit):
    html = render_panel(sixth_visit, officer)
    assert "No progress letter has been produced for this event yet." in html
    assert f'action="{request_url(sixth_visit)}"' in html
    assert "Request progress letter" in html and 'value="t0ken"' in html


def test_the_event_panel_gives_a_board_member_the_download_link(
    board_member, ready_letter, sixth_visit
):
    html = render_panel(sixth_visit, board_member)
    assert f'href="/reports/{ready_letter.pk}/download/"' in html
    assert "Ready" in html
    assert "<form" not in html and "Request progress letter" not in html


def test_the_event_panel_shows_a_letter_being_prepared(officer, sixth_visit):
    LetterFactory(event=sixth_visit, status=Report.Status.RENDERING)
    html = render_panel(sixth_visit, officer)
    assert "Rendering" in html and "The letter is being prepared." in html
    assert "<form" not in html and "Request progress letter" not in html


def test_the_navigation_marks_the_section_of_a_page_below_it(
    client, board_member, officer, ready_letter
):
    client.force_login(board_member)
    content = client.get(ready_letter.get_absolute_url()).content.decode()
    assert 'href="/reports/" aria-current="true"' in content  # a report, in the Reports section
    assert "Record a visit" not in content  # officers' links only for officers
    client.force_login(officer)
    assert 'href="/events/new/" aria-current="page"' in client.get("/events/new/").content.decode()
