"""What the pages say about a progress letter matches its status, and a reader who cannot produce one
is told who can."""

import pytest

from reports import services
from reports.models import Report
from tests.support.factories import LetterFactory

pytestmark = pytest.mark.django_db

BEING_PREPARED = "being prepared"


@pytest.fixture
def ready_letter(sixth_visit, officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report, _ = services.request_letter(sixth_visit, user=officer)
    report.refresh_from_db()
    assert report.status == Report.Status.READY
    return report


def banner(page: str) -> str:
    start = page.index("govuk-notification-banner__heading")
    return page[start : page.index("</p>", start)]


def test_a_letter_prepared_at_once_is_announced_as_ready(
    client, officer, sixth_visit, ready_letter, monkeypatch
):
    # As in the embedded default, where the task runs in-process before the page answers.
    monkeypatch.setattr(services, "request_letter", lambda event, user: (ready_letter, True))
    client.force_login(officer)
    response = client.post(f"/reports/letters/{sixth_visit.pk}/", follow=True)
    page = response.content.decode()
    assert ">Ready</strong>" in page and "Download PDF" in page
    assert BEING_PREPARED not in page
    assert "Sixth monitoring visit: the progress letter is ready to download." in banner(page)


def test_a_letter_still_queued_is_announced_as_being_prepared(client, officer, sixth_visit):
    queued = LetterFactory(event=sixth_visit)
    client.force_login(officer)
    response = client.post(f"/reports/letters/{sixth_visit.pk}/", follow=True)
    page = response.content.decode()
    assert response.redirect_chain == [(queued.get_absolute_url(), 302)]
    assert ">Queued</strong>" in page
    assert "already being prepared" in banner(page)


def test_a_board_member_is_told_who_can_produce_a_letter(client, board_member, sixth_visit):
    client.force_login(board_member)
    page = " ".join(client.get(sixth_visit.get_absolute_url()).content.decode().split())
    assert "No progress letter has been produced for this event yet." in page
    assert "Officers can produce one" in page


def test_an_officer_is_offered_the_button_instead(client, officer, sixth_visit):
    client.force_login(officer)
    page = " ".join(client.get(sixth_visit.get_absolute_url()).content.decode().split())
    assert "No progress letter has been produced for this event yet." in page
    assert "Officers can produce one" not in page
    assert "Request progress letter" in page
