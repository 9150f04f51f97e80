"""A council loads its existing improvement plan, whose actions may already be past their due date:
such an action is accepted, with a warning that it shows as overdue, and the dashboard counts it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from findings.models import AreaOfConcern, ImprovementAction
from tests.support.factories import AreaOfConcernFactory, ImprovementActionFactory
from tests.support.forms import date_fields

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LAST_MONTH = TODAY - datetime.timedelta(days=30)
WARNING = "The due date is in the past: this action shows as overdue."


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer)
    return client


def action_data(due_date, status="not_started", **extra):
    return {
        "title": "Audit strategy discussions monthly",
        "lead_name": "Head of safeguarding",
        **date_fields("due_date", due_date),
        "status": status,
        **extra,
    }


def banners(response) -> str:
    content = response.content.decode()
    return " ".join(content[: content.index("</main>")].split())


def test_a_new_action_due_in_the_past_is_saved_with_a_warning(signed_in):
    area = AreaOfConcernFactory()
    response = signed_in.post(reverse("action-create", args=[area.pk]), action_data(LAST_MONTH))
    assert response.status_code == 302
    action = ImprovementAction.objects.get(area=area)
    assert action.due_date == LAST_MONTH and action.is_overdue
    page = banners(signed_in.get(response.url))
    assert "The improvement action has been added." in page
    assert WARNING in page
    assert page.index("The improvement action has been added.") < page.index(WARNING)


def test_changing_an_action_to_a_past_date_warns_too(signed_in):
    action = ImprovementActionFactory()
    response = signed_in.post(
        reverse("action-edit", args=[action.pk]),
        action_data(LAST_MONTH, version=str(action.version)),
        follow=True,
    )
    assert WARNING in banners(response)


@pytest.mark.parametrize(
    "due_date, status",
    [(TODAY, "not_started"), (TODAY + datetime.timedelta(days=10), "in_progress")]
    + [(LAST_MONTH, "complete")],
)
def test_no_warning_for_an_action_that_is_not_overdue(signed_in, due_date, status):
    area = AreaOfConcernFactory()
    response = signed_in.post(
        reverse("action-create", args=[area.pk]), action_data(due_date, status), follow=True
    )
    assert "The improvement action has been added." in banners(response)
    assert WARNING not in banners(response)


def test_the_form_says_a_past_date_is_accepted(signed_in):
    area = AreaOfConcernFactory()
    content = signed_in.get(reverse("action-create", args=[area.pk])).content.decode()
    assert "A date in the past is accepted: the action then shows as overdue." in content


def test_the_model_accepts_a_new_action_due_in_the_past():
    action = ImprovementActionFactory.build(area=AreaOfConcernFactory(), due_date=LAST_MONTH)
    action.full_clean()
    action.save()
    assert action.is_overdue


def test_the_dashboard_counts_an_action_loaded_past_its_due_date(
    client, signed_in, sefton, board_member
):
    area = AreaOfConcern.objects.get(authority=sefton, title__icontains="allegations")
    signed_in.post(reverse("action-create", args=[area.pk]), action_data(LAST_MONTH))
    client.force_login(board_member)
    content = " ".join(client.get(reverse("dashboard")).content.decode().split())
    assert (
        '<span class="app-stat__figure">1</span> <span class="app-stat__label">overdue '
        "improvement action</span>"
    ) in content
    assert 'id="overdue-actions"' in content
