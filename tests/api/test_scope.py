"""Authority scope over the API: an officer's lists and searches hold no draft of another
authority; every write to another authority's records (create, replace, change, delete, or moving
a record to it) is refused with 403 naming the authority; administrators write anywhere.
(visits.scope; the pages' side is tests/visits/test_scope.py.)"""

import datetime

import pytest

from tests.support.api import api_client, ids
from tests.support.importing import SIXTH_VISIT_LETTER, read
from tests.visits.test_scope import journey
from visits.models import InspectionEvent, LocalAuthority

pytestmark = pytest.mark.django_db
TOMORROW = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()


@pytest.fixture
def world(officer):
    from tests.support.factories import LocalAuthorityFactory

    own = journey(LocalAuthorityFactory(name="Sefton", ons_code="E08000014"), "Sefton")
    other = journey(LocalAuthorityFactory(name="Wirral", ons_code="E08000015"), "Wirral", 8)
    officer.authorities.set([own.authority])
    return own, other


LISTS = {
    "/api/v1/events/": ("published", "draft"),
    "/api/v1/areas/": ("area", "draft_area"),
    "/api/v1/ratings/": ("review", "draft_review"),
    "/api/v1/findings/": ("finding", "draft_finding"),
    "/api/v1/actions/": ("action", "draft_action"),
    "/api/v1/reports/": (None, "letter"),
}


@pytest.mark.parametrize("path", LISTS)
def test_an_officer_s_lists_hold_their_own_drafts_and_no_other_authority_s(
    world, officer, administrator, path
):
    own, other = world
    published, draft = LISTS[path]
    listed = ids(api_client(officer).get(path, {"page_size": 500}))
    assert getattr(own, draft).pk in listed
    assert getattr(other, draft).pk not in listed
    if published:
        assert getattr(other, published).pk in listed  # published: read by everyone
    everything = ids(api_client(administrator).get(path, {"page_size": 500}))
    assert {getattr(own, draft).pk, getattr(other, draft).pk} <= everything


def test_another_authority_s_draft_is_not_found_by_id_or_search(world, officer):
    _, other = world
    api = api_client(officer)
    assert api.get(f"/api/v1/events/{other.draft.pk}/").status_code == 404
    assert api.get(f"/api/v1/findings/{other.draft_finding.pk}/").status_code == 404
    assert api.get(f"/api/v1/areas/{other.draft_area.pk}/").status_code == 404
    assert ids(api.get("/api/v1/events/", {"status": "draft"})) == {world[0].draft.pk}
    found = api.get("/api/v1/findings/", {"q": "embargoed"}).content.decode()
    assert "Embargoed Wirral finding" not in found and "Embargoed Sefton finding" in found


def writes(journey):
    """(method, path, body) for each write of the journey's published records."""
    event, area, review, finding, action = (
        journey.published,
        journey.area,
        journey.review,
        journey.finding,
        journey.action,
    )
    authority = journey.authority.pk
    return {
        "add an event": (
            "post",
            "/api/v1/events/",
            {
                "authority": authority,
                "kind": "monitoring",
                "visit_number": 9,
                "fieldwork_start": "2025-01-06",
                "fieldwork_end": "2025-01-07",
            },
        ),
        "change an event": (
            "patch",
            f"/api/v1/events/{event.pk}/",
            {"headline_summary": "Changed.", "version": event.version},
        ),
        "return an event to draft": (
            "patch",
            f"/api/v1/events/{event.pk}/",
            {"status": "draft", "return_to_draft_reason": "Reissued.", "version": event.version},
        ),
        "add an area": (
            "post",
            "/api/v1/areas/",
            {
                "authority": authority,
                "title": "Children missing from home and care",
                "description": "The response to children who go missing.",
                "theme": "vulnerable_children",
            },
        ),
        "change an area": (
            "patch",
            f"/api/v1/areas/{area.pk}/",
            {"description": "Reworded.", "version": area.version},
        ),
        "rate an area": (
            "put",
            f"/api/v1/ratings/{review.pk}/",
            {
                "event": event.pk,
                "area": area.pk,
                "rag": "green",
                "rationale": "Effective and consistent.",
                "version": review.version,
            },
        ),
        "remove a rating": (
            "delete",
            f"/api/v1/ratings/{review.pk}/?version={review.version}",
            None,
        ),
        "add a finding": (
            "post",
            "/api/v1/findings/",
            {
                "event": event.pk,
                "area": area.pk,
                "text": "Leaders know their services well.",
                "polarity": "strength",
                "section": "findings",
            },
        ),
        "change a finding": (
            "patch",
            f"/api/v1/findings/{finding.pk}/",
            {"text": "Changed.", "version": finding.version},
        ),
        "delete a finding": (
            "delete",
            f"/api/v1/findings/{finding.pk}/?version={finding.version}",
            None,
        ),
        "add an action": (
            "post",
            "/api/v1/actions/",
            {
                "area": area.pk,
                "title": "Audit",
                "lead": {"name": "Head of service"},
                "due_date": TOMORROW,
            },
        ),
        "change an action": (
            "patch",
            f"/api/v1/actions/{action.pk}/",
            {"status": "in_progress", "version": action.version},
        ),
    }


WRITES = [
    "add an event",
    "change an event",
    "return an event to draft",
    "add an area",
    "change an area",
    "rate an area",
    "remove a rating",
    "add a finding",
    "change a finding",
    "delete a finding",
    "add an action",
    "change an action",
]


def snapshot():
    from findings.models import AreaOfConcern, AreaReview, Finding, ImprovementAction

    return [
        list(model.objects.order_by("pk").values())
        for model in (InspectionEvent, AreaOfConcern, AreaReview, Finding, ImprovementAction)
    ]


def send(api, method, path, body):
    if body is None:
        return getattr(api, method)(path)
    return getattr(api, method)(path, body, format="json")


@pytest.mark.parametrize("write", WRITES)
def test_an_officer_may_not_write_another_authority_s_records(world, officer, write):
    _, other = world
    before = snapshot()
    response = send(api_client(officer), *writes(other)[write])
    assert response.status_code == 403, response.content
    assert "Wirral is not one of your local authorities" in response.json()["detail"]
    assert snapshot() == before


@pytest.mark.parametrize("write", WRITES)
def test_an_officer_writes_their_own_authority_s_records(world, officer, write):
    own, _ = world
    response = send(api_client(officer), *writes(own)[write])
    assert response.status_code in (200, 201, 204), response.content


@pytest.mark.parametrize("write", WRITES)
def test_an_administrator_writes_any_authority_s_records(world, administrator, write):
    _, other = world
    response = send(api_client(administrator), *writes(other)[write])
    assert response.status_code in (200, 201, 204), response.content


def test_an_officer_may_not_move_a_record_to_another_authority(world, officer):
    own, other = world
    api = api_client(officer)
    before = snapshot()
    moved = api.patch(
        f"/api/v1/areas/{own.area.pk}/",
        {"authority": other.authority.pk, "version": own.area.version},
        format="json",
    )
    assert moved.status_code == 403, moved.content
    assert "Wirral" in moved.json()["detail"]
    assert snapshot() == before


def test_an_officer_may_not_delete_another_authority_s_event_even_as_an_administrator_would(
    world, officer
):
    _, other = world
    response = api_client(officer).delete(
        f"/api/v1/events/{other.published.pk}/?version={other.published.version}"
    )
    assert response.status_code == 403  # the role first: only administrators delete events


def test_authorities_are_listed_to_everyone_and_added_by_administrators_only(
    world, officer, board_member, administrator
):
    for user in (officer, board_member):
        listed = ids(api_client(user).get("/api/v1/authorities/"))
        assert listed == set(LocalAuthority.objects.values_list("pk", flat=True))
    body = {"name": "Knowsley", "ons_code": "E08000011", "region": "North West"}
    assert api_client(officer).post("/api/v1/authorities/", body, format="json").status_code == 403
    added = api_client(administrator).post("/api/v1/authorities/", body, format="json")
    assert added.status_code == 201


# --- The import ----------------------------------------------------------------------------------


@pytest.fixture
def _reading_starts_at_once(monkeypatch):
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


def test_a_document_is_not_read_for_another_authority(world, officer, _reading_starts_at_once):
    api = api_client(officer)
    response = api.post(
        "/api/v1/import/drafts/",
        {"text": read(SIXTH_VISIT_LETTER), "authority": "E08000015"},
        format="json",
    )
    assert response.status_code == 403, response.content
    assert "Wirral is not one of your local authorities" in response.json()["detail"]


def test_a_document_naming_another_authority_fails_to_read(
    officer, tmp_path, _reading_starts_at_once
):
    from tests.support.factories import LocalAuthorityFactory
    from tests.support.importing import sefton_2022_only

    sefton_2022_only(tmp_path)
    officer.authorities.set([LocalAuthorityFactory(name="Wirral", ons_code="E08000015")])
    api = api_client(officer)
    response = api.post("/api/v1/import/drafts/", {"text": read(SIXTH_VISIT_LETTER)}, format="json")
    assert response.status_code == 202
    reading = api.get(response["Location"]).json()
    assert reading["status"] == "failed"
    assert "Sefton is not one of your local authorities" in reading["errors"]["authority"][0]


def test_a_draft_for_another_authority_is_not_saved(world, officer):
    before = snapshot()
    response = api_client(officer).post(
        "/api/v1/import/events/",
        {
            "document": "monitoring_letter",
            "event": {
                "kind": "monitoring",
                "authority_ons_code": "E08000015",
                "visit_number": 9,
                "fieldwork_start": "2025-01-06",
                "fieldwork_end": "2025-01-07",
            },
            "areas": [],
            "findings": [],
            "judgements": [],
        },
        format="json",
    )
    assert response.status_code == 403, response.content
    assert "Wirral" in response.json()["detail"]
    assert snapshot() == before
