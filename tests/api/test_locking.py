"""Optimistic locking over the API: an update made from a stale copy is refused with 409 Conflict,
the answer lists what changed meanwhile, and nothing is overwritten."""

import pytest

from findings.models import AreaReview
from tests.support.api import api_client
from tests.support.factories import (
    AreaReviewFactory,
    InspectionFactory,
    JudgementFactory,
    UserFactory,
)
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db


def test_a_stale_update_of_an_event_is_refused_and_says_what_changed(officer, administrator):
    inspection = InspectionFactory(headline_summary="Services are inadequate.")
    JudgementFactory(event=inspection)
    mine, theirs = api_client(officer), api_client(administrator)
    url = f"/api/v1/events/{inspection.pk}/"
    read = mine.get(url).json()

    saved = theirs.patch(
        url, {"headline_summary": "Their summary.", "version": read["version"]}, format="json"
    )
    assert saved.status_code == 200 and saved.json()["version"] == read["version"] + 1

    stale = {**read, "headline_summary": "My summary.", "judgements": []}
    response = mine.put(url, stale, format="json")

    assert response.status_code == 409
    body = response.json()
    assert body["current_version"] == read["version"] + 1
    assert body["detail"].endswith("Your changes have not been saved.")
    [change] = body["changes"]
    assert (change["field"], change["yours"], change["theirs"], change["by"]) == (
        "Headline summary",
        "Services are inadequate.",
        "Their summary.",
        "admin",
    )
    event = InspectionEvent.objects.get(pk=inspection.pk)
    assert event.headline_summary == "Their summary."
    assert event.judgements.count() == 1  # the stale change's removal was not applied either


def test_a_stale_rating_is_refused_and_the_rating_and_rater_stand(officer):
    colleague = UserFactory(first_name="Cal", last_name="Colleague")
    colleague.groups.set(officer.groups.all())
    review = AreaReviewFactory(rag="amber")
    url = f"/api/v1/ratings/{review.pk}/"
    version = api_client(officer).get(url).json()["version"]

    api_client(colleague).patch(
        url, {"rag": "green", "rationale": "Effective.", "version": version}, format="json"
    )
    response = api_client(officer).patch(
        url,
        {
            "rag": "red",
            "rationale": "Risk remains for children at the front door.",
            "version": version,
        },
        format="json",
    )

    assert response.status_code == 409
    assert {c["field"] for c in response.json()["changes"]} >= {"RAG rating", "Rationale"}
    saved = AreaReview.objects.get(pk=review.pk)
    assert (saved.rag, saved.rated_by) == ("green", colleague)


def test_an_update_with_the_current_version_succeeds_and_moves_it_on(officer):
    review = AreaReviewFactory()
    client = api_client(officer)
    url = f"/api/v1/ratings/{review.pk}/"
    first = client.patch(url, {"area_wording": "One.", "version": 1}, format="json")
    second = client.patch(url, {"area_wording": "Two.", "version": 2}, format="json")
    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json()["version"] == 3
