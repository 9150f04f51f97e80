"""The embargo, applied everywhere a reader who may not see drafts looks.

A draft event is seen only by those who may change events, with everything that hangs off it. An
area of concern raised by a draft exists only because of the draft: it, and what is recorded
against it (ratings, findings, actions), stays hidden with the draft until the draft is published.
A history entry that names a draft (or such an area) names it only to those who may see it.

The walking test at the end visits, as a board member, every page and API answer the board can
reach, and the digest a councillor is emailed, and looks for any trace of the draft."""

import datetime
import html
import io
import json
import re

import pytest
from django.core import mail
from django.urls import resolve, reverse
from openpyxl import load_workbook

from findings.models import RAG, AreaOfConcern, Finding, Theme
from findings.services import save_finding
from reports import services as report_services
from reports.models import Cadence, Report
from tests.support.api import api_client
from tests.support.factories import (
    AreaOfConcernFactory,
    AreaReviewFactory,
    DigestSubscriptionFactory,
    FindingFactory,
    ImprovementActionFactory,
    InspectionEventFactory,
    InspectionFactory,
    JudgementFactory,
    LocalAuthorityFactory,
)
from tests.support.pdf_text import pdf_text
from visits.models import InspectionEvent
from visits.services import publish_event

pytestmark = pytest.mark.django_db

HIDDEN_TITLE = "Out-of-hours emergency duty team"
# What only the draft (and the area it raised) would show, compared without regard to case.
DRAFT_TRACES = [
    "seventh",  # its title: "Seventh monitoring visit"
    "visit 7",  # its column on the dashboard
    "4 to 5 march 2025",  # its fieldwork dates
    "2025-03-04",  # the same in the API
    "2025-03-05",
    HIDDEN_TITLE.lower(),
    "night-time responses",  # the hidden area's description
    "embargoed",  # the draft's findings and rating rationale
    "staff the emergency duty rota",  # the hidden area's action
]


def traces(text: str) -> list[str]:
    text = html.unescape(text).lower()
    return [trace for trace in DRAFT_TRACES if trace in text]


@pytest.fixture
def world(officer):
    """An authority judged inadequate; its sixth monitoring visit, published; its seventh, a draft
    that raised a new area (with a rating, findings and an action), rated an old one, and held a
    finding that was then moved to the sixth visit."""
    authority = LocalAuthorityFactory(name="Sefton", ons_code="E08000014")
    inspection = InspectionFactory(authority=authority)
    JudgementFactory(event=inspection)
    sixth = InspectionEventFactory(
        authority=authority,
        visit_number=6,
        fieldwork_start=datetime.date(2025, 1, 14),
        fieldwork_end=datetime.date(2025, 1, 15),
        published_on=datetime.date(2025, 2, 10),
    )
    draft = InspectionEventFactory(
        authority=authority,
        visit_number=7,
        fieldwork_start=datetime.date(2025, 3, 4),
        fieldwork_end=datetime.date(2025, 3, 5),
        published_on=None,
        status=InspectionEvent.Status.DRAFT,
    )
    # An old area first recorded against the draft by mistake, then against the inspection.
    front_door = AreaOfConcernFactory(
        authority=authority, title="Front door", theme=Theme.FRONT_DOOR, raised_by=draft
    )
    front_door.raised_by = inspection
    front_door.save()
    hidden = AreaOfConcernFactory(
        authority=authority,
        title=HIDDEN_TITLE,
        description="Night-time responses to children at risk are delayed.",
        theme=Theme.HELP_PROTECTION,
        raised_by=draft,
    )
    AreaReviewFactory(event=inspection, area=front_door, rag=RAG.RED, rationale="Risk remains.")
    AreaReviewFactory(event=sixth, area=front_door, rag=RAG.AMBER)
    AreaReviewFactory(
        event=draft, area=front_door, rag=RAG.GREEN, rationale="Embargoed: effective at last."
    )
    hidden_review = AreaReviewFactory(
        event=draft,
        area=hidden,
        rag=RAG.RED,
        rationale="Embargoed rationale: delays at night leave children at risk of harm.",
    )
    FindingFactory(event=sixth, area=front_door, text="Contacts are now screened promptly.")
    draft_finding = FindingFactory(
        event=draft,
        area=hidden,
        polarity=Finding.Polarity.WEAKNESS,
        text="Embargoed finding about the emergency duty team.",
    )
    # A published visit's finding recorded against the draft's new area.
    stray = FindingFactory(
        event=sixth, area=hidden, text="Embargoed finding recorded against the new area."
    )
    moved = FindingFactory(
        event=draft, area=front_door, text="Managers now check every strategy discussion."
    )
    moved.event = sixth
    save_finding(moved, expected_version=moved.version)
    hidden_action = ImprovementActionFactory(
        area=hidden,
        title="Staff the emergency duty rota",
        lead_name="Emergency duty manager",
        due_date=datetime.date(2025, 3, 20),
    )
    ImprovementActionFactory(
        area=front_door,
        title="Audit contacts monthly",
        lead_name="Head of the front door",
        due_date=datetime.date(2025, 3, 25),
    )
    return {
        "authority": authority,
        "inspection": inspection,
        "sixth": sixth,
        "draft": draft,
        "front_door": front_door,
        "hidden": hidden,
        "hidden_review": hidden_review,
        "hidden_action": hidden_action,
        "draft_finding": draft_finding,
        "stray": stray,
        "moved": moved,
    }


# --- Each way an area comes to be raised by a draft ---------------------------------------------


def test_an_area_added_while_recording_a_draft_is_hidden_until_it_is_published(
    client, officer, board_member
):
    draft = InspectionEventFactory(status=InspectionEvent.Status.DRAFT)
    client.force_login(officer)
    response = client.post(
        reverse("event-area-create", args=[draft.pk]),
        {
            "title": HIDDEN_TITLE,
            "description": "Night-time responses to children at risk are delayed.",
            "theme": "help_protection",
        },
    )
    assert response.status_code == 302
    area = AreaOfConcern.objects.get(title=HIDDEN_TITLE)
    assert area.raised_by == draft

    board = api_client(board_member)
    assert HIDDEN_TITLE not in board.get("/api/v1/areas/").content.decode()
    client.force_login(board_member)
    assert client.get(area.get_absolute_url()).status_code == 404

    publish_event(draft)
    assert HIDDEN_TITLE in board.get("/api/v1/areas/").content.decode()
    assert client.get(area.get_absolute_url()).status_code == 200


def test_an_area_proposed_by_an_imported_letter_is_raised_by_its_draft(board_member):
    from findings.importer.services import ReviewedArea, save_import

    authority = LocalAuthorityFactory()
    event = InspectionEvent(
        authority=authority,
        kind=InspectionEvent.Kind.MONITORING,
        visit_number=7,
        fieldwork_start=datetime.date(2025, 3, 4),
        fieldwork_end=datetime.date(2025, 3, 5),
    )
    save_import(
        event=event,
        judgements={},
        areas=[
            ReviewedArea(
                ref=1,
                wording="Night-time responses to children at risk are delayed.",
                area=None,
                new_title=HIDDEN_TITLE,
                new_theme=Theme.HELP_PROTECTION,
            )
        ],
        findings=[],
    )
    area = AreaOfConcern.objects.get(title=HIDDEN_TITLE)
    assert area.raised_by == event
    assert HIDDEN_TITLE not in api_client(board_member).get("/api/v1/areas/").content.decode()


def test_an_area_posted_to_the_api_as_raised_by_a_draft_is_hidden_from_the_board(
    officer, board_member
):
    draft = InspectionEventFactory(status=InspectionEvent.Status.DRAFT)
    response = api_client(officer).post(
        "/api/v1/areas/",
        {
            "authority": draft.authority_id,
            "title": HIDDEN_TITLE,
            "description": "Night-time responses to children at risk are delayed.",
            "theme": "help_protection",
            "raised_by": draft.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    area_id = response.json()["id"]
    board = api_client(board_member)
    assert area_id not in {row["id"] for row in board.get("/api/v1/areas/").json()["results"]}
    assert board.get(f"/api/v1/areas/{area_id}/").status_code == 404
    # Those who may see drafts see it.
    assert api_client(officer).get(f"/api/v1/areas/{area_id}/").status_code == 200


# --- Every door to a hidden area is closed --------------------------------------------------------


def test_every_page_of_a_hidden_area_is_not_found_by_the_board(client, board_member, world):
    hidden = world["hidden"]
    client.force_login(board_member)
    for url in [
        reverse("area-detail", args=[hidden.pk]),
        reverse("area-history", args=[hidden.pk]),
        reverse("area-ratings-history", args=[hidden.pk]),
        reverse("action-history", args=[world["hidden_action"].pk]),
        reverse("review-history", args=[world["hidden_review"].pk]),
        reverse("finding-history", args=[world["draft_finding"].pk]),
        reverse("finding-history", args=[world["stray"].pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert traces(response.content.decode()) == [], url


def test_every_api_door_to_a_hidden_area_is_closed_to_the_board(board_member, world):
    hidden = world["hidden"]
    board = api_client(board_member)
    assert board.get(f"/api/v1/areas/{hidden.pk}/").status_code == 404
    assert board.get(f"/api/v1/actions/{world['hidden_action'].pk}/").status_code == 404
    assert board.get(f"/api/v1/findings/{world['stray'].pk}/").status_code == 404
    for resource in ("findings", "ratings", "actions"):
        response = board.get(f"/api/v1/{resource}/", {"area": hidden.pk})
        assert response.status_code == 400, resource
        assert "area" in response.json()
    sixth = board.get(f"/api/v1/events/{world['sixth'].pk}/").json()
    assert traces(json.dumps(sixth)) == []


def test_the_findings_filter_does_not_offer_a_hidden_area(client, board_member, officer, world):
    client.force_login(board_member)
    page = client.get("/findings/").content.decode()
    assert "Front door" in page and HIDDEN_TITLE not in page
    client.force_login(officer)
    assert HIDDEN_TITLE in client.get("/findings/").content.decode()


def test_those_who_may_see_drafts_see_the_hidden_area_everywhere(client, officer, world):
    hidden = world["hidden"]
    client.force_login(officer)
    assert (
        HIDDEN_TITLE
        in client.get(f"/dashboard/?authority={world['authority'].pk}").content.decode()
    )
    assert client.get(hidden.get_absolute_url()).status_code == 200
    officer_api = api_client(officer)
    assert hidden.pk in {row["id"] for row in officer_api.get("/api/v1/areas/").json()["results"]}
    assert HIDDEN_TITLE in officer_api.get("/api/v1/actions/").content.decode()


# --- History ------------------------------------------------------------------------------------


def test_a_finding_moved_from_a_draft_does_not_name_the_draft_in_its_history(
    client, board_member, officer, world
):
    url = reverse("finding-history", args=[world["moved"].pk])
    client.force_login(board_member)
    page = client.get(url).content.decode()
    assert "Sixth monitoring visit" in page
    assert "Seventh monitoring visit" not in page
    assert "an unpublished event" in page
    client.force_login(officer)
    assert "Seventh monitoring visit" in client.get(url).content.decode()


def test_an_areas_history_does_not_name_a_draft_it_was_once_raised_by(client, board_member, world):
    client.force_login(board_member)
    page = client.get(reverse("area-history", args=[world["front_door"].pk])).content.decode()
    assert "Standard ILACS inspection" in page
    assert traces(page) == []


# --- Letters and digests ------------------------------------------------------------------------


def test_a_letter_of_a_published_event_lists_no_area_raised_by_another_draft(world):
    from reports.letters import letter_context

    AreaReviewFactory(event=world["sixth"], area=world["hidden"], rag=RAG.RED)
    context = letter_context(world["sixth"].pk)
    areas = {item.review.area for item in context["reviewed_areas"]}
    areas |= {group.area for group in context["finding_groups"]}
    areas |= {action.area for action in context["open_actions"]}
    assert world["hidden"] not in areas
    assert world["front_door"] in areas
    # The draft's own letter (seen only by those who may see drafts) shows the area it raised.
    draft_letter = letter_context(world["draft"].pk)
    assert world["hidden"] in {item.review.area for item in draft_letter["reviewed_areas"]}


def test_a_digest_leaves_out_an_area_raised_by_a_draft(world):
    from reports.digests import digest_context
    from reports.periods import Period

    quarter = Period(Cadence.QUARTERLY, datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))
    context = digest_context(world["authority"].pk, quarter)
    assert [status.area for status in context["area_statuses"]] == [world["front_door"]]
    assert world["hidden_action"] not in context["overdue_actions"]
    found = [f for group in context["new_findings"] for f in group.findings]
    assert world["stray"] not in found and world["moved"] in found


def test_a_subscription_to_an_area_raised_by_a_draft_waits_for_its_publication(
    world, django_capture_on_commit_callbacks
):
    DigestSubscriptionFactory(
        authority=world["authority"],
        cadence=Cadence.QUARTERLY,
        area=world["hidden"],
        email="hidden@example.org",
    )
    with django_capture_on_commit_callbacks(execute=True):
        report_services.schedule_due_digests(today=datetime.date(2025, 4, 2))
    assert not Report.objects.filter(area=world["hidden"]).exists()
    assert mail.outbox == []


# --- The walk -------------------------------------------------------------------------------------

# The pages a board member may read, each of which the walk must reach.
BOARD_PAGES = {
    "home",
    "dashboard",
    "finding-search",
    "event-detail",
    "event-history",
    "area-detail",
    "area-history",
    "area-ratings-history",
    "review-history",
    "finding-history",
    "action-history",
    "report-list",
    "report-detail",
    "report-download",
}
NOT_WALKED = ("/static/", "/api/", "/admin/", "/accounts/", "/media/")
HREF = re.compile(r'href="([^"#]*)')


def walk_pages(client, start: list[str]) -> tuple[dict[str, str], dict[str, int]]:
    """Every page reachable by following the links from `start`, as {url: text}, and the links
    that led nowhere, as {url: status}."""
    seen: dict[str, str] = {}
    broken: dict[str, int] = {}
    queue = list(start)
    while queue:
        url = queue.pop(0)
        if url in seen or url in broken:
            continue
        response = client.get(url)
        if response.status_code != 200:
            broken[url] = response.status_code
            continue
        if response["Content-Type"] == "application/pdf":
            seen[url] = pdf_text(b"".join(response.streaming_content))
            continue
        text = response.content.decode()
        seen[url] = text
        for link in HREF.findall(text):
            link = html.unescape(link)
            if link.startswith("/") and not link.startswith(NOT_WALKED) and link not in seen:
                queue.append(link)
        assert len(seen) < 500, "the walk does not end"
    return seen, broken


def walk_api(client) -> dict[str, str]:
    """Every list of the API (each page of it), each row's own answer, and the downloads."""
    seen: dict[str, str] = {}
    lists = client.get("/api/v1/").json()
    for list_url in lists.values():
        path = list_url.removeprefix("http://testserver")
        url = f"{path}?page_size=500"
        while url:
            response = client.get(url)
            assert response.status_code == 200, url
            seen[url] = response.content.decode()
            body = response.json()
            if "results" not in body:
                break  # a report rather than a list of rows (the journeys): read whole above
            for row in body["results"]:
                detail = client.get(f"{path}{row['id']}/")
                assert detail.status_code == 200, f"{path}{row['id']}/"
                seen[f"{path}{row['id']}/"] = detail.content.decode()
            url = (body.get("next") or "").removeprefix("http://testserver")
    for resource in ("findings", "ratings"):
        csv = client.get(f"/api/v1/{resource}/export.csv")
        seen[f"{resource}.csv"] = b"".join(csv.streaming_content).decode("utf-8-sig")
        xlsx = client.get(f"/api/v1/{resource}/export.xlsx")
        content = b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content
        sheet = load_workbook(io.BytesIO(content)).active
        seen[f"{resource}.xlsx"] = "\n".join(
            " ".join(str(value) for value in row if value is not None)
            for row in sheet.iter_rows(values_only=True)
        )
    return seen


def ids_pointing_at(answer, draft_id: int, area_id: int) -> list[str]:
    """Where a JSON answer names the draft (as an event or raiser) or the hidden area."""
    found = []

    def visit(value, where):
        if isinstance(value, dict):
            for key, item in value.items():
                named = item.get("id") if isinstance(item, dict) else item
                if key in ("event", "raised_by") and named == draft_id:
                    found.append(f"{where}.{key}")
                if key == "area" and named == area_id:
                    found.append(f"{where}.{key}")
                visit(item, f"{where}.{key}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                visit(item, f"{where}[{index}]")

    visit(answer, "")
    return found


def test_a_board_member_finds_no_trace_of_a_draft_anywhere(
    client, board_member, officer, world, django_capture_on_commit_callbacks
):
    authority, draft, hidden = world["authority"], world["draft"], world["hidden"]
    # A progress letter for the published visit, and the quarter's digests for two councillors,
    # one of them subscribed to the hidden area.
    DigestSubscriptionFactory(
        authority=authority, cadence=Cadence.QUARTERLY, name="Cllr Ada", email="ada@example.org"
    )
    DigestSubscriptionFactory(
        authority=authority,
        cadence=Cadence.QUARTERLY,
        name="Cllr Hal",
        email="hal@example.org",
        area=hidden,
    )
    with django_capture_on_commit_callbacks(execute=True):
        report_services.request_letter(world["sixth"], user=officer)
        report_services.schedule_due_digests(today=datetime.date(2025, 4, 2))
    assert Report.objects.filter(status=Report.Status.READY).count() >= 2

    client.force_login(board_member)
    pages, broken = walk_pages(
        client,
        [
            "/",
            "/dashboard/",
            f"/dashboard/?authority={authority.pk}&theme=help_protection&rag=red&reviewed=no",
            "/findings/",
            "/findings/?q=emergency+duty",
            "/findings/?polarity=weakness",
            f"/findings/?area={hidden.pk}",
            "/reports/",
        ],
    )
    walked = {resolve(url.split("?")[0]).url_name for url in pages}
    assert walked >= BOARD_PAGES, f"not reached: {BOARD_PAGES - walked}"
    leaks = {url: traces(text) for url, text in pages.items() if traces(text)}
    links = [
        url
        for url, text in pages.items()
        if f"/events/{draft.pk}/" in text or f"/areas/{hidden.pk}/" in text
    ]
    assert (leaks, links, broken) == ({}, [], {})
    # What is published is all there: the moved finding, and the area's history, without the draft.
    assert "Managers now check every strategy discussion." in pages[f"/events/{world['sixth'].pk}/"]
    assert "an unpublished event" in pages[reverse("finding-history", args=[world["moved"].pk])]

    answers = walk_api(api_client(board_member))
    leaks = {url: traces(text) for url, text in answers.items() if traces(text)}
    pointers = {
        url: ids_pointing_at(json.loads(text), draft.pk, hidden.pk)
        for url, text in answers.items()
        if url.startswith("/") and ids_pointing_at(json.loads(text), draft.pk, hidden.pk)
    }
    assert leaks == {} and pointers == {}

    # What the councillors were sent: the email and the digest attached to it.
    assert [message.to for message in mail.outbox] == [["Cllr Ada <ada@example.org>"]]
    [message] = mail.outbox
    assert traces(message.subject) == [] and traces(message.body) == []
    assert traces(message.alternatives[0][0]) == []
    [(_, attachment, _)] = message.attachments
    digest = pdf_text(attachment)
    assert "Front door" in digest
    assert traces(digest) == []


def test_an_area_raised_by_a_deleted_draft_goes_with_it(client, administrator, board_member):
    """Left behind, it would be shown to the board as an area raised by nothing."""
    draft = InspectionEventFactory(visit_number=7, status=InspectionEvent.Status.DRAFT)
    area = AreaOfConcernFactory(authority=draft.authority, title=HIDDEN_TITLE, raised_by=draft)
    AreaReviewFactory(event=draft, area=area, rag=RAG.RED, rationale="Risk remains at night.")
    kept = AreaOfConcernFactory(authority=draft.authority, title="Front door", raised_by=draft)
    AreaReviewFactory(event=InspectionEventFactory(authority=draft.authority), area=kept)
    client.force_login(administrator)
    response = client.post(f"/events/{draft.pk}/delete/", {"version": draft.version})
    assert response.status_code == 302
    assert not AreaOfConcern.objects.filter(pk=area.pk).exists()
    assert AreaOfConcern.objects.filter(pk=kept.pk).exists()  # still reviewed at another event
    client.force_login(board_member)
    assert HIDDEN_TITLE.lower() not in client.get("/dashboard/").content.decode().lower()
