"""The improvement plan over the API: actions with their `lead`, the lead's RAG, latest update and
impact measures (/api/v1/actions/), and progress updates (/api/v1/action-updates/) read, recorded
with evidence, corrected, filtered and exported, under the same rules as the pages."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from findings.models import LEAD_NEEDED, ONE_LEAD, REASON_NEEDED, ImprovementAction, LeadRAG
from findings.plan.models import FUTURE_UPDATE, ImpactMeasure, ProgressUpdate
from findings.plan.services import LEAD_OR_OFFICER
from tests.support.api import api_client, ids
from tests.support.factories import (
    AreaOfConcernFactory,
    ImprovementActionFactory,
    InspectionEventFactory,
    LocalAuthorityFactory,
    UserFactory,
)
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48


@pytest.fixture
def sefton(db):
    return LocalAuthorityFactory(name="Sefton", ons_code="E08000014")


@pytest.fixture
def wirral(db):
    return LocalAuthorityFactory(name="Wirral", ons_code="E08000015")


@pytest.fixture
def area(sefton):
    return AreaOfConcernFactory(authority=sefton, title="The front door")


@pytest.fixture
def lead(sefton):
    """A board member who leads an action of Sefton's (a lead may have any role)."""
    from tests.conftest import _user_in

    user = _user_in("Board member", username="jreid", first_name="Jo", last_name="Reid")
    user.authorities.add(sefton)
    return user


@pytest.fixture
def action(area, lead):
    return ImprovementActionFactory(
        area=area, title="Publish threshold guidance", lead_name="", lead_user=lead
    )


@pytest.fixture
def partner_action(area):
    return ImprovementActionFactory(
        area=area,
        title="Joint missing-from-home protocol",
        lead_name="DI Rob Jones",
        lead_agency="Merseyside Police",
        due_date=TODAY - 10 * DAY,
        status=ImprovementAction.Status.IN_PROGRESS,
    )


def record(action, author, **fields):
    fields = {"note": "Guidance drafted and shared.", "rag": LeadRAG.ON_TRACK, **fields}
    return ProgressUpdate.objects.create(action=action, author=author, **fields)


def new_action(**fields):
    return {"title": "Audit return interviews", "due_date": str(TODAY + 30 * DAY), **fields}


# Actions --------------------------------------------------------------------------------------


def test_an_action_shows_its_lead_rag_latest_update_and_impact_measures(
    board_member, action, lead, officer
):
    action.rag, action.rag_reason = LeadRAG.AT_RISK, "Recruitment is slow."
    action.save()
    record(action, officer, date=TODAY - 5 * DAY, note="Older note.")
    latest = record(
        action, lead, date=TODAY - DAY, rag=LeadRAG.AT_RISK, evidence_url="https://x.test/a"
    )
    measure = ImpactMeasure.objects.create(action=action, description="Fewer re-referrals")
    body = api_client(board_member).get(f"/api/v1/actions/{action.pk}/").json()
    assert body["lead"] == {"user": "jreid", "name": "Jo Reid", "agency": ""}
    assert (body["rag"], body["rag_reason"]) == ("amber", "Recruitment is slow.")
    assert body["completed_on"] is None and body["days_overdue"] == 0
    assert body["latest_update"] == {
        "id": latest.pk,
        "date": str(TODAY - DAY),
        "rag": "amber",
        "note": "Guidance drafted and shared.",
        "author": "jreid",
        "has_evidence": True,
    }
    assert body["impact_measures"] == [{"description": measure.description, "indicator": None}]
    assert "owner" not in body and "lead_name" not in body


def test_a_partners_lead_is_named_with_their_agency(board_member, partner_action):
    body = api_client(board_member).get(f"/api/v1/actions/{partner_action.pk}/").json()
    assert body["lead"] == {"user": None, "name": "DI Rob Jones", "agency": "Merseyside Police"}
    assert body["is_overdue"] is True and body["days_overdue"] == 10
    assert body["latest_update"] is None and body["impact_measures"] == []


def test_an_officer_adds_an_action_led_by_a_member_of_its_authority(officer, area, lead):
    response = api_client(officer).post(
        "/api/v1/actions/",
        new_action(area=area.pk, lead={"user": "jreid"}, rag="green", rag_reason="On plan."),
        format="json",
    )
    assert response.status_code == 201, response.content
    saved = ImprovementAction.objects.get(pk=response.json()["id"])
    assert saved.lead_user == lead and saved.lead_name == "" and saved.rag == "green"


def test_a_partners_lead_may_be_named(officer, area):
    response = api_client(officer).post(
        "/api/v1/actions/",
        new_action(area=area.pk, lead={"name": "Jo Bloggs, nurse", "agency": "NHS Cheshire"}),
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["lead"] == {
        "user": None,
        "name": "Jo Bloggs, nurse",
        "agency": "NHS Cheshire",
    }


@pytest.mark.parametrize(
    "lead,message",
    [
        ({"user": "jreid", "name": "Jo Reid"}, ONE_LEAD),
        ({}, LEAD_NEEDED),
        ({"name": "  "}, LEAD_NEEDED),
        (None, LEAD_NEEDED),
        ({"user": "nobody"}, "There is no active user with the username “nobody”."),
        ({"user": "a\x00b"}, "The lead's user must not contain null characters."),
        ({"name": "Jo\x00 Reid"}, "The lead's name must not contain null characters."),
        (
            "Jo Reid",
            'Send the lead as an object: {"user": "<username>"} or {"name": "<name '
            'and role>", "agency": "<agency>"}.',
        ),
    ],
)
def test_a_lead_must_be_one_user_or_one_named_partner(officer, area, lead, message):
    response = api_client(officer).post(
        "/api/v1/actions/", new_action(area=area.pk, lead=lead), format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"lead": [message]}


def test_a_missing_lead_is_refused_with_the_models_message(officer, area):
    response = api_client(officer).post("/api/v1/actions/", new_action(area=area.pk), format="json")
    assert response.status_code == 400
    assert response.json() == {"lead": [LEAD_NEEDED]}


def test_a_lead_who_is_not_a_member_of_the_authority_is_refused(officer, area, wirral):
    outsider = UserFactory(username="wirral-officer", first_name="Wyn", last_name="Hall")
    outsider.authorities.add(wirral)
    response = api_client(officer).post(
        "/api/v1/actions/",
        new_action(area=area.pk, lead={"user": "wirral-officer"}),
        format="json",
    )
    assert response.status_code == 400
    [message] = response.json()["lead"]
    assert message.startswith("Wyn Hall (wirral-officer) is not a member of Sefton")
    inactive = UserFactory(username="gone", is_active=False)
    inactive.authorities.add(area.authority)
    response = api_client(officer).post(
        "/api/v1/actions/", new_action(area=area.pk, lead={"user": "gone"}), format="json"
    )
    assert response.json() == {"lead": ["There is no active user with the username “gone”."]}


def test_the_leads_rag_needs_a_reason_and_one_of_its_values(officer, area):
    client = api_client(officer)
    body = new_action(area=area.pk, lead={"name": "Head of service"}, rag="red")
    assert client.post("/api/v1/actions/", body, format="json").json() == {
        "rag_reason": [REASON_NEEDED]
    }
    body["rag"] = "purple"
    response = client.post("/api/v1/actions/", body, format="json")
    assert response.status_code == 400 and set(response.json()) == {"rag"}


def test_completing_an_action_dates_it_and_reopening_clears_the_date(officer, partner_action):
    client = api_client(officer)
    url = f"/api/v1/actions/{partner_action.pk}/"
    body = client.patch(url, {"status": "complete", "version": 1}, format="json").json()
    assert body["completed_on"] == str(TODAY) and body["is_overdue"] is False
    body = client.patch(url, {"status": "in_progress", "version": 2}, format="json").json()
    assert body["completed_on"] is None
    # completed_on is the server's: a value sent is ignored.
    body = client.patch(url, {"completed_on": "2020-01-01", "version": 3}, format="json").json()
    assert body["completed_on"] is None


def test_changing_the_lead_from_a_partner_to_a_user(officer, partner_action, lead):
    response = api_client(officer).patch(
        f"/api/v1/actions/{partner_action.pk}/",
        {"lead": {"user": "jreid"}, "version": 1},
        format="json",
    )
    assert response.status_code == 200, response.content
    partner_action.refresh_from_db()
    assert partner_action.lead_user == lead and partner_action.lead_agency == ""


@pytest.fixture
def plan(sefton, wirral, area, lead):
    """Labels → actions, for the filters."""
    other_area = AreaOfConcernFactory(authority=sefton, title="Missing children")
    complete = ImprovementActionFactory(
        area=other_area, title="Recruit managers", lead_name="Director", status="complete"
    )
    ImprovementAction.objects.filter(pk=complete.pk).update(completed_on=TODAY - 40 * DAY)
    return {
        "overdue": ImprovementActionFactory(
            area=area,
            title="Overdue",
            lead_name="DI Rob Jones",
            lead_agency="Merseyside Police",
            due_date=TODAY - 3 * DAY,
            rag="red",
            rag_reason="Late.",
        ),
        "soon": ImprovementActionFactory(
            area=area,
            title="Soon",
            lead_user=lead,
            lead_name="",
            due_date=TODAY + 5 * DAY,
            rag="amber",
            rag_reason="Tight.",
        ),
        "later": ImprovementActionFactory(
            area=other_area, title="Later", lead_name="Head of service", due_date=TODAY + 90 * DAY
        ),
        "complete": complete,
        "wirral": ImprovementActionFactory(
            area=AreaOfConcernFactory(authority=wirral), title="Wirral", lead_name="Wirral lead"
        ),
    }


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"overdue": "true"}, {"overdue"}),
        ({"due_soon": "true"}, {"soon"}),
        ({"due_soon": "false", "authority": "E08000014"}, {"overdue", "later", "complete"}),
        ({"lead": "JREID"}, {"soon"}),
        ({"lead": "merseyside"}, {"overdue"}),
        ({"lead": "rob"}, {"overdue"}),
        ({"rag": ["red", "amber"]}, {"overdue", "soon"}),
        ({"status": "complete"}, {"complete"}),
        ({"authority": "e08000015"}, {"wirral"}),
        ({"completed_from": str(TODAY - 41 * DAY), "completed_to": str(TODAY)}, {"complete"}),
        ({"completed_to": str(TODAY - 41 * DAY)}, set()),
    ],
)
def test_each_action_filter_picks_out_its_actions(board_member, plan, params, expected):
    found = ids(api_client(board_member).get("/api/v1/actions/", params))
    assert found == {plan[label].pk for label in expected}


def test_an_authority_filter_that_names_none_is_refused(board_member, plan):
    response = api_client(board_member).get("/api/v1/actions/", {"authority": "E99999999"})
    assert response.status_code == 400 and set(response.json()) == {"authority"}


def test_the_actions_download_as_csv_and_xlsx_with_the_filters(board_member, plan, lead):
    record(plan["soon"], lead, note="Half the teams trained.")
    client = api_client(board_member)
    response = client.get("/api/v1/actions/export.csv", {"authority": "E08000014"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="improvement-actions-')
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Action id,Local authority,Area of concern,Action,Lead,")
    assert len(lines) == 5  # heading and Sefton's four
    soon = next(line for line in lines if ",Soon," in line)
    assert "Jo Reid,jreid" in soon and "At risk" in soon and "Half the teams trained." in soon
    response = client.get("/api/v1/actions/export.xlsx", {"overdue": "true"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert len(rows) == 2 and rows[1][3] == "Overdue" and rows[1][9] == 3


# Progress updates -----------------------------------------------------------------------------


def post_update(client, action, **fields):
    body = {"action": action.pk, "note": "Guidance published.", "rag": "green", **fields}
    return client.post("/api/v1/action-updates/", body, format="json")


def test_the_lead_records_an_update_which_sets_the_actions_rag(lead, action):
    response = post_update(api_client(lead), action, rag="amber", note="Two teams to go.")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["author"] == "jreid" and body["date"] == str(TODAY)
    assert (body["action"], body["action_title"], body["area"]) == (
        action.pk,
        action.title,
        action.area_id,
    )
    assert body["evidence_file"] is None and body["version"] == 1
    assert response["ETag"].endswith('-v1"')
    action.refresh_from_db()
    assert (action.rag, action.rag_reason) == ("amber", "Two teams to go.")


def test_an_officer_records_an_update_and_completes_the_action(officer, action):
    response = post_update(api_client(officer), action, status="complete")
    assert response.status_code == 201, response.content
    assert response.json()["author"] == "officer"
    action.refresh_from_db()
    assert action.status == "complete" and action.completed_on == TODAY


def test_anyone_else_is_refused_with_the_rule_in_words(board_member, action):
    response = post_update(api_client(board_member), action)
    assert response.status_code == 403
    assert response.json() == {"detail": LEAD_OR_OFFICER}
    assert not ProgressUpdate.objects.exists()


def test_an_officer_of_another_authority_is_refused(officer, action, wirral):
    officer.authorities.set([wirral])
    response = post_update(api_client(officer), action)
    assert response.status_code == 403
    assert "Sefton" in response.json()["detail"]
    update = record(action, officer)
    response = api_client(officer).patch(
        f"/api/v1/action-updates/{update.pk}/", {"note": "Changed.", "version": 1}, format="json"
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "fields,field,message",
    [
        ({"rag": "purple"}, "rag", None),
        ({"rag": ""}, "rag", None),
        ({"date": str(TODAY + DAY)}, "date", FUTURE_UPDATE),
        ({"note": ""}, "note", None),
        ({"note": None}, "note", None),
        ({"date": "31/12/2025"}, "date", None),
        ({"evidence_url": "not a link"}, "evidence_url", None),
        ({"status": "finished"}, "status", None),
        ({"evidence_file": "a string"}, "evidence_file", None),
    ],
)
def test_a_bad_update_is_refused_naming_its_field(officer, action, fields, field, message):
    response = post_update(api_client(officer), action, **fields)
    assert response.status_code == 400, response.content
    assert set(response.json()) == {field}
    if message:
        assert response.json()[field] == [message]
    assert not ProgressUpdate.objects.exists()


def test_a_missing_note_or_rag_is_refused(officer, action):
    response = api_client(officer).post(
        "/api/v1/action-updates/", {"action": action.pk}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"note", "rag"}


def test_an_update_is_recorded_with_an_evidence_file_and_downloaded_with_a_token(
    officer, board_member, action
):
    upload = SimpleUploadedFile("audit findings.pdf", PDF, content_type="application/pdf")
    response = api_client(officer).post(
        "/api/v1/action-updates/",
        {"action": action.pk, "note": "Audit done.", "rag": "green", "evidence_file": upload},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    update = ProgressUpdate.objects.get(pk=body["id"])
    assert body["evidence_file"] == f"http://testserver/api/v1/action-updates/{update.pk}/evidence/"
    assert (body["evidence_name"], body["evidence_type"], body["evidence_size"]) == (
        "audit findings.pdf",
        "application/pdf",
        len(PDF),
    )
    assert "audit findings" not in update.evidence_file.name  # stored under a name of its own

    download = api_client(board_member).get(body["evidence_file"], HTTP_ACCEPT="application/pdf")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "audit%20findings.pdf" in download["Content-Disposition"] or (
        "audit findings.pdf" in download["Content-Disposition"]
    )
    assert b"".join(download.streaming_content) == PDF
    assert api_client().get(body["evidence_file"]).status_code == 401


def test_an_update_without_a_file_has_no_evidence_to_download(board_member, action, officer):
    update = record(action, officer)
    response = api_client(board_member).get(f"/api/v1/action-updates/{update.pk}/evidence/")
    assert response.status_code == 404
    assert response.json() == {"detail": "This update has no evidence file."}


def test_a_renamed_executable_is_refused_and_nothing_is_kept(officer, action, settings):
    upload = SimpleUploadedFile("minutes.pdf", EXECUTABLE, content_type="application/pdf")
    response = api_client(officer).post(
        "/api/v1/action-updates/",
        {"action": action.pk, "note": "Minutes.", "rag": "green", "evidence_file": upload},
        format="multipart",
    )
    assert response.status_code == 400
    [message] = response.json()["evidence_file"]
    assert "minutes.pdf is named as a PDF but its content is not a file of an accepted" in message
    assert not ProgressUpdate.objects.exists()
    folder = Path(settings.MEDIA_ROOT) / "evidence"
    assert not any(path.is_file() for path in folder.rglob("*"))


def test_a_file_over_the_limit_is_refused(officer, action, settings):
    settings.PLAN_EVIDENCE_MAX_BYTES = 20
    upload = SimpleUploadedFile("big.pdf", PDF)
    response = api_client(officer).post(
        "/api/v1/action-updates/",
        {"action": action.pk, "note": "Big.", "rag": "green", "evidence_file": upload},
        format="multipart",
    )
    assert response.status_code == 400 and set(response.json()) == {"evidence_file"}


def test_an_update_is_corrected_with_its_version_and_never_moved(officer, action, area):
    client = api_client(officer)
    update = record(action, officer)
    url = f"/api/v1/action-updates/{update.pk}/"
    assert client.patch(url, {"note": "Corrected."}, format="json").status_code == 400
    response = client.patch(url, {"note": "Corrected.", "version": 1}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["note"] == "Corrected." and response.json()["version"] == 2
    stale = client.patch(url, {"note": "Again.", "version": 1}, format="json")
    assert stale.status_code == 409
    other = ImprovementActionFactory(area=area)
    moved = client.patch(url, {"action": other.pk, "version": 2}, format="json")
    assert moved.status_code == 400 and set(moved.json()) == {"action"}
    assert client.put(url, {"note": "x", "version": 2}, format="json").status_code == 405
    assert client.delete(f"{url}?version=2").status_code == 405


def test_a_new_file_replaces_the_old_one(officer, action, django_capture_on_commit_callbacks):
    client = api_client(officer)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(
            "/api/v1/action-updates/",
            {
                "action": action.pk,
                "note": "Audit.",
                "rag": "green",
                "evidence_file": SimpleUploadedFile("one.pdf", PDF),
            },
            format="multipart",
        ).json()
    update = ProgressUpdate.objects.get(pk=first["id"])
    old_name, storage = update.evidence_file.name, update.evidence_file.storage
    with django_capture_on_commit_callbacks(execute=True):
        response = client.patch(
            f"/api/v1/action-updates/{update.pk}/",
            {
                "evidence_file": SimpleUploadedFile("two.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20),
                "version": 1,
            },
            format="multipart",
        )
    assert response.status_code == 200, response.content
    assert response.json()["evidence_name"] == "two.png"
    assert not storage.exists(old_name)


@pytest.fixture
def embargoed(sefton, officer):
    """An action in an area raised by a draft visit, with an update."""
    draft = InspectionEventFactory(authority=sefton, status=InspectionEvent.Status.DRAFT)
    area = AreaOfConcernFactory(authority=sefton, raised_by=draft, title="Embargoed area")
    return record(ImprovementActionFactory(area=area), officer)


def test_updates_of_an_embargoed_area_are_seen_only_by_those_who_see_its_draft(
    board_member, officer, embargoed, action
):
    shown = record(action, officer)
    board = api_client(board_member)
    assert ids(board.get("/api/v1/action-updates/")) == {shown.pk}
    assert board.get(f"/api/v1/action-updates/{embargoed.pk}/").status_code == 404
    assert board.get(f"/api/v1/action-updates/{embargoed.pk}/evidence/").status_code == 404
    # Naming the embargoed action is answered as if it did not exist.
    response = post_update(board, embargoed.action)
    assert response.status_code == 400 and set(response.json()) == {"action"}
    assert ids(api_client(officer).get("/api/v1/action-updates/")) == {shown.pk, embargoed.pk}
    actions = ids(board.get("/api/v1/actions/"))
    assert embargoed.action_id not in actions and action.pk in actions


@pytest.fixture
def updates(plan, lead, officer):
    soon, overdue = plan["soon"], plan["overdue"]
    return {
        "first": record(soon, lead, date=TODAY - 20 * DAY, rag="green"),
        "second": record(soon, officer, date=TODAY - 10 * DAY, rag="amber"),
        "overdue": record(
            overdue, officer, date=TODAY - 2 * DAY, rag="red", evidence_url="https://x.test/e"
        ),
        "wirral": record(plan["wirral"], officer, date=TODAY, rag="green"),
    }


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"action": ("plan", "soon")}, {"first", "second"}),
        ({"area": ("area",)}, {"first", "second", "overdue"}),
        ({"authority": "E08000015"}, {"wirral"}),
        ({"rag": ["red", "amber"]}, {"second", "overdue"}),
        ({"author": "JREID"}, {"first"}),
        ({"date_from": str(TODAY - 10 * DAY)}, {"second", "overdue", "wirral"}),
        ({"date_to": str(TODAY - 10 * DAY)}, {"first", "second"}),
        ({"has_evidence": "true"}, {"overdue"}),
        ({"has_evidence": "false"}, {"first", "second", "wirral"}),
    ],
)
def test_each_update_filter_picks_out_its_updates(
    board_member, plan, area, updates, params, expected
):
    resolved = {}
    for name, value in params.items():
        if isinstance(value, tuple):
            value = plan[value[1]].pk if value[0] == "plan" else area.pk
        resolved[name] = value
    found = ids(api_client(board_member).get("/api/v1/action-updates/", resolved))
    assert found == {updates[label].pk for label in expected}


def test_updates_are_listed_newest_first(board_member, updates):
    response = api_client(board_member).get("/api/v1/action-updates/")
    dates = [row["date"] for row in response.json()["results"]]
    assert dates == sorted(dates, reverse=True)


def test_the_updates_download_as_csv_and_xlsx_with_the_filters(board_member, updates):
    client = api_client(board_member)
    response = client.get("/api/v1/action-updates/export.csv", {"authority": "E08000014"})
    assert response.status_code == 200
    assert 'filename="progress-updates-' in response["Content-Disposition"]
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Update id,Local authority,Area of concern,Action id,Action,Date,")
    assert len(lines) == 4
    response = client.get("/api/v1/action-updates/export.xlsx", {"has_evidence": "true"})
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert len(rows) == 2 and rows[1][6] == "Off track" and rows[1][8] == "https://x.test/e"
