"""An action's completion date is kept however the action is saved: through the services, the admin
(a plain save) or a save of some fields only."""

import datetime

import pytest
from django.utils import timezone

from findings.models import ImprovementAction
from tests.support.factories import ImprovementActionFactory

pytestmark = pytest.mark.django_db
COMPLETE = ImprovementAction.Status.COMPLETE


def test_completing_an_action_dates_it_and_reopening_clears_the_date():
    action = ImprovementActionFactory(status=ImprovementAction.Status.IN_PROGRESS)
    assert action.completed_on is None
    action.status = COMPLETE
    action.save()  # as the admin saves it
    action.refresh_from_db()
    assert action.completed_on == timezone.localdate()
    action.status = ImprovementAction.Status.IN_PROGRESS
    action.save(update_fields=["status"])
    action.refresh_from_db()
    assert action.completed_on is None


def test_saving_a_complete_action_again_keeps_its_date():
    action = ImprovementActionFactory(status=COMPLETE)
    ImprovementAction.objects.filter(pk=action.pk).update(completed_on=datetime.date(2025, 1, 31))
    action.refresh_from_db()
    action.title = "Renamed"
    action.save(update_fields=["title"])
    action.refresh_from_db()
    assert action.completed_on == datetime.date(2025, 1, 31)
