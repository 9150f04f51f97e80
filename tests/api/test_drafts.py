"""A draft event is embargoed in the API as on the pages: only those who may change events see it,
or anything recorded at it."""

import pytest

from tests.support.api import api_client, ids
from tests.support.factories import (
    AreaOfConcernFactory,
    AreaReviewFactory,
    FindingFactory,
    InspectionEventFactory,
)
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_and_published():
    published = InspectionEventFactory(visit_number=1)
    draft = InspectionEventFactory(
        authority=published.authority, visit_number=2, status=InspectionEvent.Status.DRAFT
    )
    area = AreaOfConcernFactory(authority=published.authority)
    AreaReviewFactory(event=published, area=area, rag="amber")
    AreaReviewFactory(
        event=draft, area=area, rag="green", rationale="Effective throughout the service."
    )
    FindingFactory(event=published, area=area, text="Published finding.")
    FindingFactory(event=draft, area=area, text="Embargoed finding.")
    return published, draft, area


def test_a_board_member_neither_lists_nor_finds_a_draft_event(board_member, draft_and_published):
    published, draft, _ = draft_and_published
    client = api_client(board_member)
    assert ids(client.get("/api/v1/events/")) == {published.pk}
    assert client.get(f"/api/v1/events/{draft.pk}/").status_code == 404


def test_an_officer_sees_drafts(officer, draft_and_published):
    published, draft, _ = draft_and_published
    client = api_client(officer)
    assert ids(client.get("/api/v1/events/")) == {published.pk, draft.pk}
    assert client.get(f"/api/v1/events/{draft.pk}/").status_code == 200


def test_ratings_and_findings_of_a_draft_are_hidden_from_the_board(
    board_member, draft_and_published
):
    published, draft, _ = draft_and_published
    client = api_client(board_member)
    ratings = client.get("/api/v1/ratings/").json()["results"]
    findings = client.get("/api/v1/findings/").json()["results"]
    assert {r["event"] for r in ratings} == {published.pk}
    assert [f["text"] for f in findings] == ["Published finding."]
    csv = b"".join(client.get("/api/v1/findings/export.csv").streaming_content).decode()
    assert "Published finding." in csv and "Embargoed finding." not in csv


def test_an_areas_trajectory_and_latest_rating_leave_out_drafts_for_the_board(
    board_member, officer, draft_and_published
):
    published, draft, area = draft_and_published

    board_view = api_client(board_member).get(f"/api/v1/areas/{area.pk}/").json()
    assert [point["event"]["id"] for point in board_view["trajectory"]] == [published.pk]
    assert board_view["current_rag"] == "amber"

    officer_view = api_client(officer).get(f"/api/v1/areas/{area.pk}/").json()
    assert [point["event"]["id"] for point in officer_view["trajectory"]] == [
        published.pk,
        draft.pk,
    ]
    assert officer_view["current_rag"] == "green"


def test_a_board_member_cannot_filter_by_a_draft_event(board_member, draft_and_published):
    _, draft, _ = draft_and_published
    response = api_client(board_member).get("/api/v1/findings/", {"event": draft.pk})
    assert response.status_code == 400
    assert "event" in response.json()


def test_a_draft_cannot_be_named_as_the_event_of_a_new_finding_by_someone_who_cannot_see_it(
    draft_and_published,
):
    from django.contrib.auth.models import Permission

    from tests.support.factories import UserFactory

    published, draft, area = draft_and_published
    # A user allowed to add findings but not to see drafts (no such role exists, but the rule
    # holds whatever the permissions).
    user = UserFactory()
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["add_finding", "view_finding"])
    )
    response = api_client(user).post(
        "/api/v1/findings/",
        {"event": draft.pk, "area": area.pk, "text": "x", "polarity": "mixed", "section": "other"},
        format="json",
    )
    assert response.status_code == 400
    assert "event" in response.json()
