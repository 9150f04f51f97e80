"""Recording progress on an action from its page: who may (its lead, whatever their role, and the
officers of its authority), what an update carries to the action (its RAG, its note as the
reason, a move of status), correcting an update, and the action's page that lists them."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from findings.models import ImprovementAction, LeadRAG
from findings.plan.models import ProgressUpdate
from findings.plan.services import record_update
from tests.support.factories import (
    AreaOfConcernFactory,
    ImprovementActionFactory,
    InspectionEventFactory,
    LocalAuthorityFactory,
    UserFactory,
)
from tests.support.forms import date_fields, error_summary
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def text(response) -> str:
    content = response.content.decode()
    main = content[content.index("<main") : content.index("</main>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def update_data(**overrides) -> dict:
    data = {
        **date_fields("date", TODAY),
        "note": "Audits resumed; eight completed in March.",
        "rag": "green",
        "status": "",
        "evidence_url": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def action(db):
    return ImprovementActionFactory(title="Audit supervision monthly")


def record(client, action, **overrides):
    return client.post(reverse("plan-update-create", args=[action.pk]), update_data(**overrides))


def test_an_officer_records_an_update_and_its_rag_becomes_the_actions(client, officer, action):
    client.force_login(officer)
    response = record(client, action, rag="amber")
    assert response.status_code == 302
    assert response["Location"] == reverse("plan-action", args=[action.pk])
    update = ProgressUpdate.objects.get(action=action)
    assert update.author == officer and update.rag == "amber" and update.date == TODAY
    action.refresh_from_db()
    assert action.rag == LeadRAG.AT_RISK
    assert action.rag_reason == "Audits resumed; eight completed in March."
    assert action.status == "not_started"  # kept as it was
    page = text(client.get(response["Location"]))
    assert "The progress update has been recorded." in page
    assert "Recorded by Olu Officer" in page and "eight completed in March" in page


@pytest.mark.parametrize("status", ["in_progress", "complete"])
def test_an_update_may_move_the_action_on(client, officer, action, status):
    client.force_login(officer)
    assert record(client, action, status=status).status_code == 302
    action.refresh_from_db()
    assert action.status == status
    assert (action.completed_on == TODAY) == (status == "complete")


def test_the_form_offers_only_the_moves_that_change_the_status(client, officer, action):
    action.status = "in_progress"
    action.save()
    client.force_login(officer)
    content = client.get(reverse("plan-update-create", args=[action.pk])).content.decode()
    assert "Keep it as it is (in progress)" in content
    assert 'value="complete"' in content and 'value="in_progress"' not in content
    assert 'enctype="multipart/form-data"' in content
    assert f'name="date_year" type="text" inputmode="numeric" value="{TODAY.year}"' in content


def test_a_board_member_who_leads_the_action_may_record_its_progress(client, board_member):
    action = ImprovementActionFactory(lead_user=board_member, lead_name="")
    board_member.authorities.add(action.area.authority)  # a lead works for it
    client.force_login(board_member)
    page = text(client.get(reverse("plan-action", args=[action.pk])))
    assert "Record progress" in page
    assert record(client, action).status_code == 302
    assert ProgressUpdate.objects.get(action=action).author == board_member


def test_anyone_else_is_refused_saying_why(client, board_member, action):
    client.force_login(board_member)
    assert "Record progress" not in text(client.get(reverse("plan-action", args=[action.pk])))
    for response in (
        client.get(reverse("plan-update-create", args=[action.pk])),
        record(client, action),
    ):
        assert response.status_code == 403
        assert "Only the action's lead, or an officer of its authority" in text(response)
    assert not ProgressUpdate.objects.exists()


def test_an_officer_of_another_authority_is_refused(client, officer, action):
    officer.authorities.set([LocalAuthorityFactory(name="Elsewhere")])
    client.force_login(officer)
    response = record(client, action)
    assert response.status_code == 403
    assert action.area.authority.name in text(response)
    assert not ProgressUpdate.objects.exists()


def test_an_update_of_an_embargoed_action_is_not_found(client, board_member):
    draft = InspectionEventFactory(status=InspectionEvent.Status.DRAFT)
    area = AreaOfConcernFactory(authority=draft.authority, raised_by=draft)
    action = ImprovementActionFactory(area=area, lead_user=board_member, lead_name="")
    client.force_login(board_member)
    assert client.get(reverse("plan-action", args=[action.pk])).status_code == 404
    assert record(client, action).status_code == 404


def test_every_problem_is_shown_at_once(client, officer, action):
    client.force_login(officer)
    response = record(
        client,
        action,
        note="",
        rag="",
        evidence_url="not a link",
        **date_fields("date", TODAY + DAY),
    )
    assert response.status_code == 200
    messages = [message for _, message in error_summary(response)]
    assert messages == [
        "The date of the update must be today or in the past.",
        "Enter what has been done",
        "Select how the action is going",
        "Enter a link in the right format, like https://www.example.org",
    ]
    assert text(response).startswith("There is a problem")
    assert not ProgressUpdate.objects.exists()


def test_the_action_page_lists_the_updates_newest_first(client, board_member, action):
    author = UserFactory(first_name="Jo", last_name="Reid")
    for day, note, rag in [(20, "First audit done.", "red"), (2, "Second audit done.", "amber")]:
        ProgressUpdate.objects.create(
            action=action, date=TODAY - day * DAY, note=note, rag=rag, author=author
        )
    client.force_login(board_member)
    response = client.get(reverse("plan-action", args=[action.pk]))
    page = text(response)
    assert page.index("Second audit done.") < page.index("First audit done.")
    assert "Recorded by Jo Reid" in page
    content = response.content.decode()
    assert '<strong class="govuk-tag govuk-tag--red app-rag">Off track</strong>' in content
    assert f'href="{action.area.get_absolute_url()}"' in content
    assert reverse("action-history", args=[action.pk]) in content
    assert reverse("action-edit", args=[action.pk]) not in content  # a board member's view


def test_an_officer_corrects_an_update_and_the_action_follows(client, officer, action):
    client.force_login(officer)
    record(client, action, rag="red")
    update = ProgressUpdate.objects.get()
    response = client.post(
        reverse("plan-update-edit", args=[update.pk]),
        update_data(rag="amber", note="Corrected: six audits.", version=str(update.version)),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.rag == "amber" and action.rag_reason == "Corrected: six audits."
    history = text(client.get(reverse("plan-update-history", args=[update.pk])))
    assert "Corrected: six audits." in history


def test_a_correction_from_an_older_copy_is_refused(client, officer, action):
    client.force_login(officer)
    record(client, action)
    update = ProgressUpdate.objects.get()
    stale = str(update.version)
    client.post(
        reverse("plan-update-edit", args=[update.pk]),
        update_data(note="First correction.", version=stale),
    )
    response = client.post(
        reverse("plan-update-edit", args=[update.pk]),
        update_data(note="Second correction.", version=stale),
    )
    assert response.status_code == 200
    assert "changed this progress update after you opened the page" in text(response)
    assert ProgressUpdate.objects.get().note == "First correction."


def test_only_the_author_or_an_officer_may_correct_an_update(client, board_member, officer):
    action = ImprovementActionFactory(lead_user=board_member, lead_name="")
    board_member.authorities.add(action.area.authority)  # a lead works for it
    update = ProgressUpdate.objects.create(action=action, note="Mine.", rag="green", author=officer)
    url = reverse("plan-update-edit", args=[update.pk])
    client.force_login(board_member)
    assert client.get(url).status_code == 403  # the lead, but not its author
    own = ProgressUpdate.objects.create(
        action=action, note="Mine.", rag="green", author=board_member
    )
    assert client.get(reverse("plan-update-edit", args=[own.pk])).status_code == 200


def test_the_area_page_shows_each_action_with_its_latest_update(
    client, board_member, officer, action
):
    record_update(
        ProgressUpdate(action=action, note="Eight audits completed.", rag="green", author=officer)
    )
    client.force_login(board_member)
    response = client.get(action.area.get_absolute_url())
    page = text(response)
    assert "Eight audits completed." in page and "On track" in page
    assert f'href="{reverse("plan-action", args=[action.pk])}"' in response.content.decode()


def test_the_actions_status_counts_on_the_board_after_an_update(client, officer, action):
    client.force_login(officer)
    record(client, action, status="complete")
    assert ImprovementAction.objects.get().status == "complete"
    page = text(client.get("/plan/", {"authority": action.area.authority_id}))
    assert "1 complete" in page


def test_a_correction_that_makes_another_update_the_latest_gives_the_action_its_rag(
    officer, action
):
    older = record_update(
        ProgressUpdate(
            action=action, date=TODAY - 10 * DAY, note="Slipping", rag="red", author=officer
        )
    )
    newer = record_update(
        ProgressUpdate(
            action=action, date=TODAY - DAY, note="Back on track", rag="green", author=officer
        )
    )
    action.refresh_from_db()
    assert (action.rag, action.rag_reason) == ("green", "Back on track")
    newer.date = TODAY - 20 * DAY  # it was entered with the wrong date
    record_update(newer)
    action.refresh_from_db()
    assert (action.rag, action.rag_reason) == (older.rag, older.note)


def test_a_correction_that_changes_nothing_of_the_action_leaves_its_version(officer, action):
    update = record_update(
        ProgressUpdate(
            action=action, date=TODAY, note="Audits resumed", rag="amber", author=officer
        )
    )
    action.refresh_from_db()
    version = action.version
    update.evidence_url = "https://intranet.example/audit"
    record_update(update)
    action.refresh_from_db()
    assert action.version == version


def test_a_lead_who_no_longer_works_for_the_authority_may_not_record_progress(
    client, board_member, action
):
    action.lead_user, action.lead_name = board_member, ""
    action.save()
    board_member.authorities.clear()
    client.force_login(board_member)
    response = record(client, action)
    assert response.status_code == 403
    assert "is not one of your local authorities" in response.content.decode()
    assert not ProgressUpdate.objects.exists()
