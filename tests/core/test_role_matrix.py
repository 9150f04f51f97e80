"""The role × view matrix: every page, every role (and an anonymous visitor), GET and POST.

Board members read; officers also record and change; only administrators delete an event.
An empty POST from a role that may use a form re-displays the form with its errors (200);
read-only pages answer a POST with 405. Anonymous visitors are sent to sign in.
"""

import re
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from findings.models import AreaOfConcern
from reports.models import Report
from tests.support.factories import (
    AreaReviewFactory,
    DigestFactory,
    FindingFactory,
    ImprovementActionFactory,
    InspectionEventFactory,
    LetterFactory,
)
from tests.support.urls import app_urls
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "board_member", "officer", "administrator")
READ, OK, FORBIDDEN, NOT_ALLOWED, REDIRECT = 200, 200, 403, 405, 302


@dataclass(frozen=True)
class Row:
    name: str
    args: tuple  # names of objects in the world, or literals
    get: dict  # role -> status
    post: dict


def read_only():
    return Row(
        "", (), get=dict.fromkeys(ROLES[1:], READ), post=dict.fromkeys(ROLES[1:], NOT_ALLOWED)
    )


def officers(post_status=OK):
    return Row(
        "",
        (),
        get={"board_member": FORBIDDEN, "officer": OK, "administrator": OK},
        post={"board_member": FORBIDDEN, "officer": post_status, "administrator": post_status},
    )


def administrators_only():
    return Row(
        "",
        (),
        get={"board_member": FORBIDDEN, "officer": FORBIDDEN, "administrator": OK},
        post={"board_member": FORBIDDEN, "officer": FORBIDDEN, "administrator": OK},
    )


def row(name, args, kind):
    return Row(name, args, kind.get, kind.post)


MATRIX = [
    row("home", (), read_only()),
    row("dashboard", (), read_only()),
    row("finding-search", (), read_only()),
    row("event-detail", ("published",), read_only()),
    row("event-history", ("published",), read_only()),
    row("area-detail", ("area",), read_only()),
    row("area-history", ("area",), read_only()),
    row("area-ratings-history", ("area",), read_only()),
    row("review-history", ("review",), read_only()),
    row("finding-history", ("published_finding",), read_only()),
    row("action-history", ("action",), read_only()),
    # The national picture: every role reads it.
    row("national", (), read_only()),
    row("national-journeys", (), read_only()),
    row("national-themes", (), read_only()),
    row("national-authority-search", (), read_only()),
    row("national-authority", ("ons_code",), read_only()),
    row("event-create", (), officers()),
    row("event-edit", ("draft",), officers()),
    row("event-areas", ("draft",), officers()),
    row("event-area-create", ("draft",), officers()),
    row("event-area", ("draft", "area"), officers()),
    row("event-publish", ("draft",), officers()),
    # An empty POST re-displays the form asking why.
    row("event-unpublish", ("published",), officers()),
    # An empty POST asks to move nothing: the list is shown again.
    row("event-findings", ("draft",), officers(post_status=REDIRECT)),
    row("finding-create", ("draft",), officers()),
    row("finding-edit", ("finding",), officers()),
    row("finding-delete", ("finding",), officers()),
    row("area-edit", ("area",), officers()),
    row("action-create", ("area",), officers()),
    row("action-edit", ("action",), officers()),
    # The improvement plan: every role reads the board, an action's page, an update's history and
    # its evidence file (a download: no POST). Recording progress is for an action's lead (none
    # here: see tests/plan) and its authority's officers; so are correcting an update and an
    # action's impact measures. An empty POST shows the form again with its errors.
    row("plan-board", (), read_only()),
    row("plan-action", ("action",), read_only()),
    row("plan-update-history", ("update",), read_only()),
    row("plan-evidence", ("update",), read_only()),
    row("plan-update-create", ("action",), officers()),
    row("plan-update-edit", ("update",), officers()),
    row("plan-measure-create", ("action",), officers()),
    row("plan-measure-edit", ("measure",), officers()),
    row("plan-measure-delete", ("measure",), officers()),
    # Each user's own choice of reminder emails: every role; an empty POST (nothing ticked) turns
    # them all off and returns to the page.
    Row(
        "plan-reminders",
        (),
        get=dict.fromkeys(ROLES[1:], OK),
        post=dict.fromkeys(ROLES[1:], REDIRECT),
    ),
    row("event-delete", ("draft",), administrators_only()),
    # The indicators' scorecard and an indicator's page: every role reads them.
    row("indicators", (), read_only()),
    row("indicator-detail", ("local_indicator",), read_only()),
    # A council's own indicators (findings.indicators.editing_views): every role reads them and
    # their history; officers define them, enter, correct, delete and upload their values. An
    # empty POST shows the form again with its errors, but for the areas an indicator bears on
    # (none chosen is an answer). The upload templates are downloads, so take no POST.
    row("indicator-local", (), read_only()),
    row("indicator-history", ("local_indicator",), read_only()),
    row("indicator-values-history", ("local_indicator",), read_only()),
    row("indicator-create", (), officers()),
    row("indicator-edit", ("local_indicator",), officers()),
    row("indicator-areas", ("local_indicator",), officers(post_status=REDIRECT)),
    row("indicator-value-create", ("local_indicator",), officers()),
    row("indicator-value-edit", ("local_value",), officers()),
    row("indicator-value-delete", ("local_value",), officers()),
    row("indicator-upload", (), officers()),
    Row(
        "indicator-template-csv",
        (),
        get={"board_member": FORBIDDEN, "officer": OK, "administrator": OK},
        post={"board_member": FORBIDDEN, "officer": NOT_ALLOWED, "administrator": NOT_ALLOWED},
    ),
    Row(
        "indicator-template-xlsx",
        (),
        get={"board_member": FORBIDDEN, "officer": OK, "administrator": OK},
        post={"board_member": FORBIDDEN, "officer": NOT_ALLOWED, "administrator": NOT_ALLOWED},
    ),
    # An empty POST re-displays the import form with its errors.
    row("import-start", (), officers()),
    # An import no longer in the session sends an officer back to the import page.
    row("report-list", (), read_only()),
    row("report-detail", ("report",), read_only()),
    row("report-download", ("report",), read_only()),
    # Requesting a letter and retrying a report are POSTs for officers; both lead to the report's
    # page (a report that has not failed is simply shown again).
    Row(
        "report-request-letter",
        ("published",),
        get=dict.fromkeys(ROLES[1:], NOT_ALLOWED),
        post={"board_member": FORBIDDEN, "officer": REDIRECT, "administrator": REDIRECT},
    ),
    # Preparing the improvement plan as a PDF, the same.
    Row(
        "report-request-plan",
        ("plan_authority",),
        get=dict.fromkeys(ROLES[1:], NOT_ALLOWED),
        post={"board_member": FORBIDDEN, "officer": REDIRECT, "administrator": REDIRECT},
    ),
    Row(
        "report-retry",
        ("report",),
        get=dict.fromkeys(ROLES[1:], NOT_ALLOWED),
        post={"board_member": FORBIDDEN, "officer": REDIRECT, "administrator": REDIRECT},
    ),
    # Digests on demand are for administrators: an empty POST shows the form again with its
    # errors; sending (a POST only) with no recipient chosen shows the digest's page with them.
    row("report-digest-new", (), administrators_only()),
    Row(
        "report-digest-send",
        ("digest",),
        get=dict.fromkeys(ROLES[1:], NOT_ALLOWED),
        post={"board_member": FORBIDDEN, "officer": FORBIDDEN, "administrator": OK},
    ),
    # A reading that is not the officer's (or no longer kept) sends them back to the import page;
    # the page only shows progress, so it takes no POST.
    Row(
        "import-progress",
        ("import_token",),
        get={"board_member": FORBIDDEN, "officer": REDIRECT, "administrator": REDIRECT},
        post={"board_member": FORBIDDEN, "officer": NOT_ALLOWED, "administrator": NOT_ALLOWED},
    ),
    Row(
        "import-review",
        ("import_token",),
        get={"board_member": FORBIDDEN, "officer": REDIRECT, "administrator": REDIRECT},
        post={"board_member": FORBIDDEN, "officer": REDIRECT, "administrator": REDIRECT},
    ),
]


@pytest.fixture
def world(db):
    published = InspectionEventFactory(visit_number=6)
    draft = InspectionEventFactory(
        authority=published.authority, visit_number=7, status=InspectionEvent.Status.DRAFT
    )
    review = AreaReviewFactory(event=published)
    area = review.area
    AreaReviewFactory(event=draft, area=area)
    return {
        "published": published.pk,
        "draft": draft.pk,
        "area": area.pk,
        "review": review.pk,
        "finding": FindingFactory(event=draft, area=area).pk,
        "published_finding": FindingFactory(event=published, area=area).pk,
        **plan_records(ImprovementActionFactory(area=area)),
        "import_token": "an-import-no-longer-in-the-session",
        "report": ready_letter(published).pk,
        "digest": DigestFactory(authority=published.authority).pk,
        "ons_code": published.authority.ons_code,
        "plan_authority": published.authority.pk,
        **own_indicator(published.authority),
    }


def plan_records(action) -> dict:
    """The world's action, with a progress update (by a lead who is none of the roles' users)
    carrying an evidence file, and an impact measure."""
    from findings.plan.models import ImpactMeasure, ProgressUpdate
    from findings.plan.services import record_update
    from tests.support.factories import UserFactory

    update = ProgressUpdate(action=action, note="Audits resumed.", rag="green")
    update.author = UserFactory(username="someone-else")
    record_update(update, evidence=("audit.pdf", b"%PDF-1.4\n%%EOF\n"))
    measure = ImpactMeasure.objects.create(action=action, description="Fewer re-referrals")
    return {"action": action.pk, "update": update.pk, "measure": measure.pk}


def own_indicator(authority) -> dict:
    """A council's own indicator of the world's authority, with one month's value."""
    import datetime

    from tests.indicators.making import local_indicator, month_value

    indicator = local_indicator(authority)
    value = month_value(indicator, datetime.date(2025, 4, 1), "81.5")
    return {
        "local_indicator": indicator.key,
        "local_indicator_id": indicator.pk,
        "local_value": value.pk,
    }


def ready_letter(event):
    report = LetterFactory(event=event, status=Report.Status.READY, page_count=1)
    report.pdf.save(report.storage_name, ContentFile(b"%PDF-1.7\n"))
    return report


def _client_for(role, client, request):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


def _cases():
    for entry in MATRIX:
        for role in ROLES:
            for method in ("get", "post"):
                yield pytest.param(entry, role, method, id=f"{entry.name}-{role}-{method}")


def test_the_matrix_covers_every_page_of_the_app():
    pages = {name for name, url in app_urls() if not url.startswith("/api/")}
    assert pages == {entry.name for entry in MATRIX}


@pytest.mark.parametrize("entry,role,method", list(_cases()))
def test_each_role_gets_what_the_matrix_says(entry, role, method, world, client, request):
    url = reverse(entry.name, args=[world[a] for a in entry.args])
    response = getattr(_client_for(role, client, request), method)(url)
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        return
    expected = (entry.get if method == "get" else entry.post)[role]
    assert response.status_code == expected, f"{method.upper()} {url} as {role}"


def test_a_board_member_cannot_see_a_drafts_history_or_findings(client, board_member, world):
    client.force_login(board_member)
    assert client.get(reverse("event-history", args=[world["draft"]])).status_code == 404
    assert client.get(reverse("finding-history", args=[world["finding"]])).status_code == 404


def test_every_form_carries_a_csrf_token(client, officer, administrator, world):
    client.force_login(administrator)
    for entry in MATRIX:
        response = client.get(reverse(entry.name, args=[world[a] for a in entry.args]))
        if not response["Content-Type"].startswith("text/html"):
            continue  # a download (the report's PDF), not a page
        content = response.content.decode()
        forms = re.findall(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", content, re.S)
        for form in forms:
            assert 'name="csrfmiddlewaretoken"' in form, entry.name


def test_a_post_without_the_csrf_token_is_refused(officer, world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    response = client.post(reverse("event-publish", args=[world["draft"]]), {"version": 1})
    assert response.status_code == 403
    assert InspectionEvent.objects.get(pk=world["draft"]).status == "draft"


def test_a_board_member_sees_no_edit_control(client, board_member, world):
    client.force_login(board_member)
    published = InspectionEvent.objects.get(pk=world["published"])
    for url in (
        published.get_absolute_url(),
        AreaOfConcern.objects.get(pk=world["area"]).get_absolute_url(),
        "/",
    ):
        content = client.get(url).content.decode()
        for control in ("/edit/", "/delete/", "/new/", "/publish/", "Record a visit", ">Change<"):
            assert control not in content, (url, control)
        assert "/history/" in content or url == "/"


def test_an_officer_sees_the_edit_controls_but_not_delete_event(client, officer, world):
    client.force_login(officer)
    draft = InspectionEvent.objects.get(pk=world["draft"])
    content = client.get(draft.get_absolute_url()).content.decode()
    for control in ("Check and publish", "Add finding", reverse("event-edit", args=[draft.pk])):
        assert control in content
    assert reverse("event-delete", args=[draft.pk]) not in content
    assert "Record a visit" in content


def test_an_administrator_is_offered_to_delete_an_event(client, administrator, world):
    client.force_login(administrator)
    draft = InspectionEvent.objects.get(pk=world["draft"])
    assert (
        reverse("event-delete", args=[draft.pk])
        in client.get(draft.get_absolute_url()).content.decode()
    )


# --- Authority scope (visits.scope) ---------------------------------------------------------------
# The same pages for an officer whose authorities do not include the world's: its draft is not
# found (404) on any page, its published records are read as any reader reads them, and a page
# that would change one refuses (403, naming the authority). A page not listed here is answered
# as MATRIX answers an officer (pages about no authority's records, or refused by the role
# first). Administrators, who belong to no authority in the world, act on all: MATRIX proves it.
NOT_FOUND = 404
OUTSIDER = {
    "event-edit": (NOT_FOUND, NOT_FOUND),
    "event-areas": (NOT_FOUND, NOT_FOUND),
    "event-area-create": (NOT_FOUND, NOT_FOUND),
    "event-area": (NOT_FOUND, NOT_FOUND),
    "event-publish": (NOT_FOUND, NOT_FOUND),
    "event-unpublish": (FORBIDDEN, FORBIDDEN),
    "event-findings": (NOT_FOUND, NOT_FOUND),
    "finding-create": (NOT_FOUND, NOT_FOUND),
    "finding-edit": (NOT_FOUND, NOT_FOUND),
    "finding-delete": (NOT_FOUND, NOT_FOUND),
    "area-edit": (FORBIDDEN, FORBIDDEN),
    "action-create": (FORBIDDEN, FORBIDDEN),
    "action-edit": (FORBIDDEN, FORBIDDEN),
    "plan-update-create": (FORBIDDEN, FORBIDDEN),
    "plan-update-edit": (FORBIDDEN, FORBIDDEN),
    "plan-measure-create": (FORBIDDEN, FORBIDDEN),
    "plan-measure-edit": (FORBIDDEN, FORBIDDEN),
    "plan-measure-delete": (FORBIDDEN, FORBIDDEN),
    # Another authority's own indicator: read, not changed (its pages without ?authority= are
    # about the officer's own).
    "indicator-edit": (FORBIDDEN, FORBIDDEN),
    "indicator-areas": (FORBIDDEN, FORBIDDEN),
    "indicator-value-create": (FORBIDDEN, FORBIDDEN),
    "indicator-value-edit": (FORBIDDEN, FORBIDDEN),
    "indicator-value-delete": (FORBIDDEN, FORBIDDEN),
}


@pytest.fixture
def outsider(world, officer):
    """The officer, of another authority only."""
    from tests.support.factories import LocalAuthorityFactory

    officer.authorities.set([LocalAuthorityFactory(name="Elsewhere")])
    return officer


def test_the_scope_names_only_pages_of_the_matrix():
    assert set(OUTSIDER) <= {entry.name for entry in MATRIX}


@pytest.mark.parametrize(
    "entry,method",
    [
        pytest.param(entry, method, id=f"{entry.name}-{method}")
        for entry in MATRIX
        for method in ("get", "post")
    ],
)
def test_an_officer_of_another_authority_gets_what_the_scope_says(
    entry, method, world, outsider, client
):
    client.force_login(outsider)
    url = reverse(entry.name, args=[world[a] for a in entry.args])
    as_officer = (entry.get if method == "get" else entry.post)["officer"]
    expected = OUTSIDER.get(entry.name, (as_officer, as_officer))[method == "post"]
    response = getattr(client, method)(url)
    assert response.status_code == expected, f"{method.upper()} {url} as an outsider"


# The API for the same officer: (method, path, body, status). Paths and bodies name the world's
# records as {name}; "{authority}" is theirs.
API_OUTSIDER = [
    ("get", "/api/v1/authorities/{authority}/", None, READ),
    ("get", "/api/v1/events/{published}/", None, READ),
    ("get", "/api/v1/events/{draft}/", None, NOT_FOUND),
    ("post", "/api/v1/events/", {"authority": "{authority}", "kind": "focused"}, FORBIDDEN),
    ("patch", "/api/v1/events/{published}/", {"version": 1}, FORBIDDEN),
    ("delete", "/api/v1/events/{published}/?version=1", None, FORBIDDEN),
    ("get", "/api/v1/areas/{area}/", None, READ),
    ("post", "/api/v1/areas/", {"authority": "{authority}", "title": "New"}, FORBIDDEN),
    ("patch", "/api/v1/areas/{area}/", {"version": 1}, FORBIDDEN),
    ("get", "/api/v1/ratings/{review}/", None, READ),
    ("patch", "/api/v1/ratings/{review}/", {"version": 1}, FORBIDDEN),
    ("delete", "/api/v1/ratings/{review}/?version=1", None, FORBIDDEN),
    ("get", "/api/v1/findings/{published_finding}/", None, READ),
    ("get", "/api/v1/findings/{finding}/", None, NOT_FOUND),
    ("post", "/api/v1/findings/", {"event": "{published}", "text": "x"}, FORBIDDEN),
    ("patch", "/api/v1/findings/{published_finding}/", {"version": 1}, FORBIDDEN),
    ("delete", "/api/v1/findings/{published_finding}/?version=1", None, FORBIDDEN),
    ("get", "/api/v1/actions/{action}/", None, READ),
    ("post", "/api/v1/actions/", {"area": "{area}", "title": "x"}, FORBIDDEN),
    ("patch", "/api/v1/actions/{action}/", {"version": 1}, FORBIDDEN),
    ("get", "/api/v1/indicators/{local_indicator_id}/", None, READ),
    ("post", "/api/v1/indicators/", {"authority": "{authority}", "name": "x"}, FORBIDDEN),
    ("patch", "/api/v1/indicators/{local_indicator_id}/", {"version": 1}, FORBIDDEN),
    ("get", "/api/v1/indicator-values/{local_value}/", None, READ),
    (
        "post",
        "/api/v1/indicator-values/",
        {"indicator": "{local_indicator}", "period_end": "2025-05-31", "value": 1},
        FORBIDDEN,
    ),
    ("patch", "/api/v1/indicator-values/{local_value}/", {"version": 1}, FORBIDDEN),
    ("delete", "/api/v1/indicator-values/{local_value}/?version=1", None, FORBIDDEN),
]


@pytest.mark.parametrize(
    "method,path,body,status",
    [pytest.param(*case, id=f"{case[0]} {case[1]}") for case in API_OUTSIDER],
)
def test_an_officer_of_another_authority_gets_what_the_scope_says_over_the_api(
    method, path, body, status, world, outsider
):
    from tests.support.api import api_client

    names = {**world, "authority": InspectionEvent.objects.get(pk=world["published"]).authority_id}

    def fill(value):
        return names[value[1:-1]] if isinstance(value, str) and value.startswith("{") else value

    url = path.format(**names)
    data = {key: fill(value) for key, value in body.items()} if body else None
    client = api_client(outsider)
    response = (
        getattr(client, method)(url, data, format="json") if data else getattr(client, method)(url)
    )
    assert response.status_code == status, response.content
