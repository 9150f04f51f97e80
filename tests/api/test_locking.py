"""Optimistic locking over the API: an update or delete made from a stale copy is refused with 409
Conflict (412 Precondition Failed for a stale If-Match), the answer lists what changed meanwhile,
and nothing is overwritten or deleted."""

import pytest

from findings.models import AreaReview, Finding, ImprovementAction
from tests.support.api import api_client
from tests.support.factories import (
    AreaReviewFactory,
    FindingFactory,
    ImprovementActionFactory,
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


# Deletes respect the version read, and every versioned record carries it as an ETag: If-Match (or
# `version`) on PUT, PATCH and DELETE; a stale If-Match is 412 Precondition Failed, a stale
# `version` 409 Conflict, each listing what changed.


@pytest.fixture
def edited_finding(officer, administrator):
    """A finding the officer read (version 1) and an administrator changed afterwards."""
    finding = FindingFactory(text="Managers' oversight is inconsistent.")
    url = f"/api/v1/findings/{finding.pk}/"
    read = api_client(officer).get(url)
    assert read.status_code == 200
    saved = api_client(administrator).patch(
        url, {"text": "Managers' oversight is now consistent.", "version": 1}, format="json"
    )
    assert saved.status_code == 200 and saved.json()["version"] == 2
    return finding, url, read


def test_one_record_and_every_write_of_it_carry_its_version_as_a_strong_etag(officer):
    review = AreaReviewFactory()
    client = api_client(officer)
    url = f"/api/v1/ratings/{review.pk}/"
    read = client.get(url)
    etag = read.get("ETag")
    assert etag and etag.startswith('"') and etag.endswith('"')  # strong: no W/
    changed = client.patch(url, {"area_wording": "Reworded.", "version": 1}, format="json")
    assert changed.status_code == 200
    assert changed["ETag"] not in (None, etag)
    assert client.get(url)["ETag"] == changed["ETag"]
    other = AreaReviewFactory()
    assert client.get(f"/api/v1/ratings/{other.pk}/")["ETag"] != etag  # same version, other row
    created = client.post(
        "/api/v1/findings/",
        {"event": review.event_id, "text": "New.", "polarity": "strength", "section": "findings"},
        format="json",
    )
    assert created.status_code == 201
    assert created["ETag"] == client.get(f"/api/v1/findings/{created.json()['id']}/")["ETag"]
    assert not client.get("/api/v1/ratings/").has_header("ETag")  # a list has no one version


def test_a_delete_with_a_stale_version_is_refused_and_says_what_changed(officer, edited_finding):
    finding, url, read = edited_finding
    response = api_client(officer).delete(f"{url}?version={read.json()['version']}")
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["current_version"] == 2
    [change] = body["changes"]
    assert (change["field"], change["theirs"], change["by"]) == (
        "Quoted text",
        "Managers' oversight is now consistent.",
        "admin",
    )
    assert Finding.objects.filter(pk=finding.pk).exists()


def test_a_delete_with_a_stale_if_match_is_412_and_says_what_changed(officer, edited_finding):
    finding, url, read = edited_finding
    response = api_client(officer).delete(url, HTTP_IF_MATCH=read["ETag"])
    assert response.status_code == 412, response.content
    body = response.json()
    assert body["current_version"] == 2
    assert [c["field"] for c in body["changes"]] == ["Quoted text"]
    assert Finding.objects.filter(pk=finding.pk).exists()


def test_a_delete_must_say_which_version_it_read(officer):
    finding = FindingFactory()
    response = api_client(officer).delete(f"/api/v1/findings/{finding.pk}/")
    assert response.status_code == 400, response.content
    assert "version" in response.json()
    assert Finding.objects.filter(pk=finding.pk).exists()


@pytest.mark.parametrize("how", ["version", "if-match"])
def test_a_delete_of_the_version_read_goes_through(administrator, how):
    action = ImprovementActionFactory()
    client = api_client(administrator)
    url = f"/api/v1/actions/{action.pk}/"
    read = client.get(url)
    if how == "version":
        response = client.delete(f"{url}?version={read.json()['version']}")
    else:
        response = client.delete(url, HTTP_IF_MATCH=read["ETag"])
    assert response.status_code == 204, response.content
    assert not ImprovementAction.objects.filter(pk=action.pk).exists()


def test_an_update_may_send_the_etag_instead_of_the_version(officer, edited_finding):
    finding, url, read = edited_finding
    client = api_client(officer)
    stale = client.patch(url, {"paragraph": 9}, format="json", HTTP_IF_MATCH=read["ETag"])
    assert stale.status_code == 412, stale.content
    assert [c["field"] for c in stale.json()["changes"]] == ["Quoted text"]
    current = client.get(url)
    saved = client.patch(url, {"paragraph": 9}, format="json", HTTP_IF_MATCH=current["ETag"])
    assert saved.status_code == 200, saved.content
    assert saved.json()["version"] == 3
    assert Finding.objects.get(pk=finding.pk).paragraph == 9


def test_a_stale_version_in_the_body_is_still_409_when_the_etag_is_current(officer, edited_finding):
    finding, url, read = edited_finding
    client = api_client(officer)
    current = client.get(url)
    response = client.patch(
        url, {"paragraph": 9, "version": 1}, format="json", HTTP_IF_MATCH=current["ETag"]
    )
    assert response.status_code == 409
    assert Finding.objects.get(pk=finding.pk).paragraph != 9


@pytest.mark.parametrize("header", ["1", "version 1", '"never', "W/"])
def test_an_if_match_that_is_not_an_etag_is_a_400(officer, header):
    finding = FindingFactory()
    client = api_client(officer)
    url = f"/api/v1/findings/{finding.pk}/"
    for response in (
        client.delete(url, HTTP_IF_MATCH=header),
        client.patch(url, {"paragraph": 9}, format="json", HTTP_IF_MATCH=header),
    ):
        assert response.status_code == 400, response.content
        assert "If-Match" in response.json()
    assert Finding.objects.get(pk=finding.pk).version == 1


def test_an_etag_of_another_record_does_not_match(officer):
    finding, other = FindingFactory.create_batch(2)
    client = api_client(officer)
    etag = client.get(f"/api/v1/findings/{other.pk}/")["ETag"]
    response = client.delete(f"/api/v1/findings/{finding.pk}/", HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    assert Finding.objects.filter(pk=finding.pk).exists()


@pytest.mark.parametrize("version", ["x", "0", "1e999", "99999999999999999999"])
def test_a_version_that_is_not_one_is_a_400(officer, version):
    finding = FindingFactory()
    response = api_client(officer).delete(f"/api/v1/findings/{finding.pk}/?version={version}")
    assert response.status_code == 400
    assert "version" in response.json()
    assert Finding.objects.filter(pk=finding.pk).exists()
