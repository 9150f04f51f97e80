"""Returning a published event to draft: officers confirm with a reason, which the event's history
shows; the board no longer sees the event; what was already sent (progress letters, digests) stays
as sent."""

import re
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reports.models import Report
from sefton_tracker.core.locking import StaleVersionError
from tests.support.factories import AreaReviewFactory, InspectionEventFactory, LetterFactory
from tests.support.forms import error_summary, summary_text
from visits.models import InspectionEvent
from visits.services import save_event

pytestmark = pytest.mark.django_db

REASON = "Ofsted reissued the letter with a corrected paragraph 11."


def text(response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_the_service_returns_the_event_to_draft_with_its_reason_in_the_history(officer):
    from visits.services import unpublish_event

    event = InspectionEventFactory()
    unpublish_event(event, reason=f"  {REASON} ", expected_version=event.version)
    event.refresh_from_db()
    assert event.status == InspectionEvent.Status.DRAFT
    latest = event.history.latest()
    assert (latest.status, latest.history_change_reason) == ("draft", REASON)
    # The reason is not carried on to the next save of the same object.
    event.headline_summary = "Changed later."
    save_event(event)
    assert event.history.latest().history_change_reason is None


def test_the_service_needs_a_reason_a_published_event_and_the_version_seen():
    from visits.services import unpublish_event

    event = InspectionEventFactory()
    with pytest.raises(ValidationError) as caught:
        unpublish_event(event, reason=" ", expected_version=event.version)
    assert caught.value.message_dict == {
        "reason": ["Enter why the event is being returned to draft"]
    }
    with pytest.raises(StaleVersionError):
        unpublish_event(event, reason=REASON, expected_version=event.version + 5)
    draft = InspectionEventFactory(status=InspectionEvent.Status.DRAFT)
    with pytest.raises(ValidationError, match="already a draft"):
        unpublish_event(draft, reason=REASON, expected_version=draft.version)
    assert InspectionEvent.objects.get(pk=event.pk).is_published


def test_an_officer_returns_a_published_visit_to_draft_after_giving_a_reason(
    client, officer, board_member
):
    event = InspectionEventFactory()
    AreaReviewFactory(event=event)
    letter = LetterFactory(event=event, status=Report.Status.READY)
    client.force_login(officer)
    page = client.get(event.get_absolute_url()).content.decode()
    url = reverse("event-unpublish", args=[event.pk])
    assert url in page and "Return to draft" in page

    confirm = client.get(url)
    assert f"Return the {event.title_in_sentence} to draft" in text(confirm)
    assert "Progress letters and digests already produced or emailed stay as they are" in text(
        confirm
    )

    response = client.post(url, {"version": event.version, "reason": ""})
    assert response.status_code == 200
    assert error_summary(response) == [
        ("id_reason", "Enter why the event is being returned to draft")
    ]
    event.refresh_from_db()
    assert event.is_published

    response = client.post(url, {"version": event.version, "reason": REASON}, follow=True)
    assert response.redirect_chain[-1][0] == event.get_absolute_url()
    assert f"The {event.title_in_sentence} is a draft again" in text(response)
    event.refresh_from_db()
    assert event.status == InspectionEvent.Status.DRAFT
    # What was already produced is kept.
    assert Report.objects.filter(pk=letter.pk, status=Report.Status.READY).exists()

    client.force_login(board_member)
    assert client.get(event.get_absolute_url()).status_code == 404


def test_the_reason_is_shown_in_the_events_history(client, officer):
    event = InspectionEventFactory()
    client.force_login(officer)
    client.post(
        reverse("event-unpublish", args=[event.pk]), {"version": event.version, "reason": REASON}
    )
    history = text(client.get(reverse("event-history", args=[event.pk])))
    newest = history[history.index("The event's details") :]
    assert newest.index("Changed by Olu Officer") < newest.index(f"Reason: {REASON}")
    assert "Status Published Draft" in newest
    # And on the draft's own page, for the officers who see it.
    assert "Returned to draft by Olu Officer" in text(client.get(event.get_absolute_url()))
    assert REASON in text(client.get(event.get_absolute_url()))


def test_a_stale_confirmation_is_refused(client, officer):
    event = InspectionEventFactory()
    seen = event.version
    event.headline_summary = "Someone else's change."
    save_event(event)
    client.force_login(officer)
    response = client.post(
        reverse("event-unpublish", args=[event.pk]), {"version": seen, "reason": REASON}
    )
    assert response.status_code == 200
    assert "changed this" in summary_text(response)
    assert InspectionEvent.objects.get(pk=event.pk).is_published


def test_a_draft_is_not_offered_the_return(client, officer):
    event = InspectionEventFactory(status=InspectionEvent.Status.DRAFT)
    client.force_login(officer)
    assert (
        reverse("event-unpublish", args=[event.pk])
        not in client.get(event.get_absolute_url()).content.decode()
    )
    response = client.get(reverse("event-unpublish", args=[event.pk]))
    assert response["Location"] == event.get_absolute_url()


def test_a_board_member_is_not_offered_the_return(client, board_member):
    event = InspectionEventFactory()
    client.force_login(board_member)
    assert "Return to draft" not in client.get(event.get_absolute_url()).content.decode()
