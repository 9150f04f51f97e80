"""The role matrix over the API: every resource, every method, every role.

Board members read; officers also add and change (and remove findings and ratings); only
administrators delete events, areas, actions and authorities or add or change an authority (reference
data, loaded with the national data). A request without credentials is answered 401. (Officers
write only their own authorities' records: tests/api/test_scope.py.)"""

import datetime
from dataclasses import dataclass
from typing import Any

import pytest

from tests.support.api import api_client
from tests.support.factories import (
    AreaOfConcernFactory,
    AreaReviewFactory,
    FindingFactory,
    ImprovementActionFactory,
    InspectionEventFactory,
    InspectionFactory,
    JudgementFactory,
    LocalAuthorityFactory,
)

pytestmark = pytest.mark.django_db

ANONYMOUS, BOARD, OFFICER, ADMIN = "anonymous", "board_member", "officer", "administrator"
ROLES = [ANONYMOUS, BOARD, OFFICER, ADMIN]
READERS = {BOARD, OFFICER, ADMIN}
WRITERS = {OFFICER, ADMIN}
TOMORROW = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()


@dataclass
class World:
    authority: Any
    inspection: Any
    visit: Any
    area: Any
    other_area: Any
    review: Any
    finding: Any
    action: Any


@pytest.fixture
def world():
    authority = LocalAuthorityFactory()
    inspection = InspectionFactory(authority=authority)
    JudgementFactory(event=inspection)
    visit = InspectionEventFactory(authority=authority, visit_number=1)
    area = AreaOfConcernFactory(authority=authority, raised_by=inspection)
    other_area = AreaOfConcernFactory(authority=authority)
    return World(
        authority=authority,
        inspection=inspection,
        visit=visit,
        area=area,
        other_area=other_area,
        review=AreaReviewFactory(event=visit, area=area),
        finding=FindingFactory(event=visit, area=area),
        action=ImprovementActionFactory(area=area),
    )


@dataclass
class Resource:
    path: str
    may_change: set
    may_delete: set
    existing: Any  # world -> the record to read and change
    disposable: Any  # world -> a record nothing refers to, to delete
    new: Any  # world -> body of a valid POST
    replacement: Any  # (world, record) -> body of a valid PUT
    may_add: set = frozenset(WRITERS)


RESOURCES = {
    "authorities": Resource(
        path="/api/v1/authorities/",
        may_add={ADMIN},
        may_change={ADMIN},
        may_delete={ADMIN},
        existing=lambda w: w.authority,
        disposable=lambda w: LocalAuthorityFactory(),
        new=lambda w: {"name": "Knowsley", "ons_code": "E08000011", "region": "North West"},
        replacement=lambda w, a: {"name": "Renamed", "ons_code": a.ons_code, "region": ""},
    ),
    "events": Resource(
        path="/api/v1/events/",
        may_change=WRITERS,
        may_delete={ADMIN},
        existing=lambda w: w.inspection,
        disposable=lambda w: InspectionEventFactory(authority=w.authority, visit_number=2),
        new=lambda w: {
            "authority": w.authority.pk,
            "kind": "monitoring",
            "visit_number": 7,
            "fieldwork_start": "2024-10-01",
            "fieldwork_end": "2024-10-02",
        },
        replacement=lambda w, e: {
            "authority": w.authority.pk,
            "kind": "standard",
            "fieldwork_start": "2022-02-21",
            "fieldwork_end": "2022-03-04",
            "status": "published",
            "judgements": [{"judgement": "overall_effectiveness", "grade": "inadequate"}],
            "version": e.version,
        },
    ),
    "areas": Resource(
        path="/api/v1/areas/",
        may_change=WRITERS,
        may_delete={ADMIN},
        existing=lambda w: w.area,
        disposable=lambda w: AreaOfConcernFactory(authority=w.authority),
        new=lambda w: {
            "authority": w.authority.pk,
            "title": "Children missing from home and care",
            "description": "The response to children who go missing from home and care.",
            "theme": "vulnerable_children",
        },
        replacement=lambda w, a: {
            "authority": w.authority.pk,
            "title": a.title,
            "description": "Reworded.",
            "theme": a.theme,
            "version": a.version,
        },
    ),
    "ratings": Resource(
        path="/api/v1/ratings/",
        may_change=WRITERS,
        may_delete=WRITERS,
        existing=lambda w: w.review,
        disposable=lambda w: AreaReviewFactory(event=w.visit, area=w.other_area),
        new=lambda w: {
            "event": w.visit.pk,
            "area": w.other_area.pk,
            "rag": "amber",
            "rationale": "Progress, but inconsistent across teams.",
        },
        replacement=lambda w, r: {
            "event": w.visit.pk,
            "area": w.area.pk,
            "rag": "green",
            "rationale": "Effective and consistent.",
            "version": r.version,
        },
    ),
    "findings": Resource(
        path="/api/v1/findings/",
        may_change=WRITERS,
        may_delete=WRITERS,
        existing=lambda w: w.finding,
        disposable=lambda w: FindingFactory(event=w.visit, area=w.area),
        new=lambda w: {
            "event": w.visit.pk,
            "area": w.area.pk,
            "text": "Managers' oversight of practice is now more consistent.",
            "polarity": "strength",
            "section": "findings",
        },
        replacement=lambda w, f: {
            "event": w.visit.pk,
            "area": None,
            "text": "Leaders know their services well.",
            "polarity": "strength",
            "section": "headline",
            "version": f.version,
        },
    ),
    "actions": Resource(
        path="/api/v1/actions/",
        may_change=WRITERS,
        may_delete={ADMIN},
        existing=lambda w: w.action,
        disposable=lambda w: ImprovementActionFactory(area=w.area),
        new=lambda w: {
            "area": w.area.pk,
            "title": "Audit out-of-hours handovers",
            "lead": {"name": "Service manager", "agency": "EDT"},
            "due_date": TOMORROW,
        },
        replacement=lambda w, a: {
            "area": w.area.pk,
            "title": a.title,
            "lead": {"name": "Head of service"},
            "due_date": TOMORROW,
            "status": "in_progress",
            "version": a.version,
        },
    ),
}


def client_for(role, request):
    return api_client(None if role == ANONYMOUS else request.getfixturevalue(role))


def expect(role, allowed, success):
    if role == ANONYMOUS:
        return 401
    return success if role in allowed else 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", RESOURCES)
def test_listing_follows_the_role_matrix(request, world, name, role):
    response = client_for(role, request).get(RESOURCES[name].path)
    assert response.status_code == expect(role, READERS, 200), response.content


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", RESOURCES)
def test_reading_one_follows_the_role_matrix(request, world, name, role):
    resource = RESOURCES[name]
    record = resource.existing(world)
    response = client_for(role, request).get(f"{resource.path}{record.pk}/")
    assert response.status_code == expect(role, READERS, 200), response.content


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", RESOURCES)
def test_adding_follows_the_role_matrix(request, world, name, role):
    resource = RESOURCES[name]
    response = client_for(role, request).post(resource.path, resource.new(world), format="json")
    assert response.status_code == expect(role, resource.may_add, 201), response.content


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", RESOURCES)
def test_replacing_follows_the_role_matrix(request, world, name, role):
    resource = RESOURCES[name]
    record = resource.existing(world)
    body = resource.replacement(world, record)
    response = client_for(role, request).put(f"{resource.path}{record.pk}/", body, format="json")
    assert response.status_code == expect(role, resource.may_change, 200), response.content


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", RESOURCES)
def test_changing_follows_the_role_matrix(request, world, name, role):
    resource = RESOURCES[name]
    record = resource.existing(world)
    body = {"version": getattr(record, "version", 1)}
    response = client_for(role, request).patch(f"{resource.path}{record.pk}/", body, format="json")
    assert response.status_code == expect(role, resource.may_change, 200), response.content


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", RESOURCES)
def test_deleting_follows_the_role_matrix(request, world, name, role):
    resource = RESOURCES[name]
    record = resource.disposable(world)
    read = f"?version={record.version}" if hasattr(record, "version") else ""
    response = client_for(role, request).delete(f"{resource.path}{record.pk}/{read}")
    assert response.status_code == expect(role, resource.may_delete, 204), response.content
    assert type(record).objects.filter(pk=record.pk).exists() == (response.status_code != 204)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/findings/export.csv",
        "/api/v1/findings/export.xlsx",
        "/api/v1/ratings/export.csv",
        "/api/v1/ratings/export.xlsx",
        "/api/v1/actions/export.csv",
        "/api/v1/actions/export.xlsx",
        "/api/v1/action-updates/export.csv",
        "/api/v1/action-updates/export.xlsx",
    ],
)
def test_downloads_follow_the_role_matrix(request, world, url, role):
    response = client_for(role, request).get(url)
    assert response.status_code == expect(role, READERS, 200)


# Progress updates (/api/v1/action-updates/) are recorded and corrected by the action's lead,
# whatever their role, or by officers of its authority (tests/plan/test_api.py); never replaced
# whole or deleted over the API.


@pytest.fixture
def update(world, officer):
    from findings.plan.models import ProgressUpdate

    return ProgressUpdate.objects.create(
        action=world.action, note="Audit done.", rag="green", author=officer
    )


@pytest.mark.parametrize("role", ROLES)
def test_progress_updates_follow_the_role_matrix(request, world, update, role):
    client = client_for(role, request)
    path = "/api/v1/action-updates/"
    assert client.get(path).status_code == expect(role, READERS, 200)
    assert client.get(f"{path}{update.pk}/").status_code == expect(role, READERS, 200)
    added = client.post(
        path, {"action": world.action.pk, "note": "More.", "rag": "amber"}, format="json"
    )
    assert added.status_code == expect(role, WRITERS, 201), added.content
    changed = client.patch(f"{path}{update.pk}/", {"version": update.version}, format="json")
    assert changed.status_code == expect(role, WRITERS, 200), changed.content
    replaced = client.put(f"{path}{update.pk}/", {"version": update.version}, format="json")
    assert replaced.status_code == (401 if role == ANONYMOUS else 405)
    deleted = client.delete(f"{path}{update.pk}/?version={update.version}")
    assert deleted.status_code == (401 if role == ANONYMOUS else 405)


def test_a_board_member_who_leads_the_action_records_its_progress(world, board_member):
    world.action.lead_user, world.action.lead_name = board_member, ""
    world.action.save()
    board_member.authorities.add(world.action.area.authority)  # a lead works for it
    response = api_client(board_member).post(
        "/api/v1/action-updates/",
        {"action": world.action.pk, "note": "Done.", "rag": "green"},
        format="json",
    )
    assert response.status_code == 201, response.content


@pytest.mark.parametrize("url", ["/api/schema/", "/api/docs/", "/api/v1/"])
def test_the_schema_documentation_and_index_need_credentials(client, url):
    assert client.get(url).status_code in (401, 403)


def test_a_request_without_credentials_is_told_how_to_authenticate(world):
    response = api_client().get("/api/v1/events/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_wrong_token_is_refused(world):
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get("/api/v1/events/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


def test_a_user_without_a_role_may_not_read(world):
    from tests.support.factories import UserFactory

    response = api_client(UserFactory()).get("/api/v1/findings/")
    assert response.status_code == 403


def test_the_browsable_api_works_with_a_session(client, officer, world):
    client.force_login(officer)
    response = client.get("/api/v1/events/", HTTP_ACCEPT="text/html")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Event List – Children&#x27;s services improvement tracker API</title>" in html
    assert "https://" not in html and "http://" not in html


def test_the_browsable_api_needs_no_inline_style(client, officer, world):
    # The site's policy refuses inline styles: the layout DRF puts in style attributes comes
    # from a stylesheet instead, and no <style> element is sent.
    client.force_login(officer)
    response = client.get("/api/v1/findings/", HTTP_ACCEPT="text/html")
    html = response.content.decode()
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "<style" not in html
    assert '/static/css/browsable-api.css"' in html
    assert 'data-target="#filtersModal"' in html  # the button the stylesheet places
