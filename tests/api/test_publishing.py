"""The API publishes an event only as the pages do (findings.services.publish), accepts "not rated
at this visit" with its reason on a rating, and returns a published event to draft only with a
reason, recorded in the event's history."""

import pytest

from findings.models import AreaReview
from tests.support.api import api_client
from tests.support.factories import (
    AreaOfConcernFactory,
    AreaReviewFactory,
    InspectionEventFactory,
    LocalAuthorityFactory,
)
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db

REASON = "The letter says too little about the area to rate it."
NO_AREAS = "Record the areas of concern this monitoring visit reviewed before publishing it"


def patch(client, url, body):
    return client.patch(url, body, format="json")


def test_a_monitoring_visit_without_areas_is_not_published_by_a_patch(officer):
    event = InspectionEventFactory(status=InspectionEvent.Status.DRAFT)
    response = patch(
        api_client(officer),
        f"/api/v1/events/{event.pk}/",
        {"status": "published", "headline_summary": "Changed too.", "version": event.version},
    )
    assert response.status_code == 400
    assert response.json() == {"status": [NO_AREAS]}
    event.refresh_from_db()
    assert (event.status, event.headline_summary) == ("draft", "")


def test_an_unrated_area_is_named_and_a_complete_visit_is_published(officer):
    event = InspectionEventFactory(status=InspectionEvent.Status.DRAFT)
    review = AreaReviewFactory(event=event, rag="", rationale="")
    client = api_client(officer)
    response = patch(
        client, f"/api/v1/events/{event.pk}/", {"status": "published", "version": event.version}
    )
    assert response.status_code == 400
    assert response.json() == {
        "status": [f"Rate “{review.area.title}”, or record why it was not rated at this visit"]
    }
    response = patch(
        client,
        f"/api/v1/ratings/{review.pk}/",
        {"not_rated_reason": REASON, "version": review.version},
    )
    assert response.status_code == 200, response.content
    assert (response.json()["rag"], response.json()["not_rated_reason"]) == ("", REASON)
    response = patch(
        client, f"/api/v1/events/{event.pk}/", {"status": "published", "version": event.version}
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "published"
    assert response.json()["version"] == event.version + 1


def test_a_monitoring_visit_cannot_be_created_published(officer):
    response = api_client(officer).post(
        "/api/v1/events/",
        {
            "authority": LocalAuthorityFactory().pk,
            "kind": "monitoring",
            "visit_number": 9,
            "fieldwork_start": "2024-10-01",
            "fieldwork_end": "2024-10-02",
            "status": "published",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"status": [NO_AREAS]}
    assert not InspectionEvent.objects.filter(visit_number=9).exists()


def test_a_rating_is_either_rated_or_not_rated_with_a_reason_not_both(officer):
    review = AreaReviewFactory(rag="amber")
    response = patch(
        api_client(officer),
        f"/api/v1/ratings/{review.pk}/",
        {"not_rated_reason": REASON, "version": review.version},
    )
    assert response.status_code == 400
    assert response.json() == {
        "not_rated_reason": [
            "Give either a rating with its rationale or the reason the area was not rated, "
            "not both."
        ]
    }
    assert AreaReview.objects.get(pk=review.pk).not_rated_reason == ""


def test_a_published_visits_rating_cannot_be_cleared(officer):
    review = AreaReviewFactory(rag="amber")
    response = patch(
        api_client(officer),
        f"/api/v1/ratings/{review.pk}/",
        {"rag": "", "rationale": "", "version": review.version},
    )
    assert response.status_code == 400
    assert list(response.json()) == ["rag"]
    assert AreaReview.objects.get(pk=review.pk).rag == "amber"


def test_the_last_area_of_a_published_monitoring_visit_cannot_be_removed(officer):
    review = AreaReviewFactory(rag="amber")
    client = api_client(officer)
    response = client.delete(f"/api/v1/ratings/{review.pk}/?version={review.version}")
    assert response.status_code == 400
    assert AreaReview.objects.filter(pk=review.pk).exists()
    other = AreaReviewFactory(
        event=review.event, area=AreaOfConcernFactory(authority=review.event.authority)
    )
    response = client.delete(f"/api/v1/ratings/{other.pk}/?version={other.version}")
    assert response.status_code == 204


def test_returning_to_draft_needs_a_reason_and_records_it(officer, board_member):
    event = InspectionEventFactory()
    client = api_client(officer)
    url = f"/api/v1/events/{event.pk}/"
    response = patch(client, url, {"status": "draft", "version": event.version})
    assert response.status_code == 400
    assert response.json() == {
        "return_to_draft_reason": ["Enter why the event is being returned to draft"]
    }
    assert InspectionEvent.objects.get(pk=event.pk).is_published
    response = patch(
        client,
        url,
        {"status": "draft", "return_to_draft_reason": REASON, "version": event.version},
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "draft"
    assert "return_to_draft_reason" not in response.json()
    assert event.history.latest().history_change_reason == REASON
    assert api_client(board_member).get(url).status_code == 404


def test_the_ratings_say_why_an_area_was_not_rated(board_member):
    review = AreaReviewFactory(rag="", rationale="", not_rated_reason=REASON)
    client = api_client(board_member)
    assert client.get(f"/api/v1/ratings/{review.pk}/").json()["not_rated_reason"] == REASON
    event = client.get(f"/api/v1/events/{review.event_id}/").json()
    assert event["areas_reviewed"][0]["not_rated_reason"] == REASON
    area = client.get(f"/api/v1/areas/{review.area_id}/").json()
    assert area["trajectory"][0]["not_rated_reason"] == REASON
    assert area["current_rag"] is None


def test_the_ratings_download_says_why_an_area_was_not_rated(board_member):
    import csv
    import io

    AreaReviewFactory(rag="", rationale="", not_rated_reason=REASON)
    response = api_client(board_member).get("/api/v1/ratings/export.csv")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    heading, row = list(csv.reader(io.StringIO(content)))
    record = dict(zip(heading, row, strict=True))
    assert (record["RAG rating"], record["Reason not rated"]) == ("", REASON)
