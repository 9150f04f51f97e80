"""The shared write path for events: validation, optimistic locking, and judgements."""

import pytest

from sefton_tracker.core.locking import StaleVersionError
from tests.support.factories import InspectionEventFactory, InspectionFactory
from visits.models import InspectionEvent
from visits.services import publish_event, save_event

pytestmark = pytest.mark.django_db


def test_a_second_save_from_a_stale_copy_is_refused_and_says_what_changed(officer):
    event = InspectionEventFactory(headline_summary="First summary.")
    mine = InspectionEvent.objects.get(pk=event.pk)
    theirs = InspectionEvent.objects.get(pk=event.pk)

    theirs.headline_summary = "Their summary."
    save_event(theirs)
    mine.headline_summary = "My summary."
    with pytest.raises(StaleVersionError) as caught:
        save_event(mine)

    assert InspectionEvent.objects.get(pk=event.pk).headline_summary == "Their summary."
    [change] = caught.value.changes
    assert (change.field, change.yours, change.theirs) == (
        "Headline summary",
        "First summary.",
        "Their summary.",
    )
    assert "Your changes have not been saved." in str(caught.value)


def test_each_save_bumps_the_version():
    event = InspectionEventFactory()
    save_event(event)
    save_event(event)
    assert InspectionEvent.objects.get(pk=event.pk).version == 3


def test_judgements_are_replaced_as_a_table():
    event = InspectionFactory()
    save_event(
        event, judgements={"overall_effectiveness": "inadequate", "help_and_protection": "good"}
    )
    save_event(
        event,
        judgements={"overall_effectiveness": "requires_improvement", "help_and_protection": ""},
    )
    assert [(j.judgement, j.grade) for j in event.judgements.all()] == [
        ("overall_effectiveness", "requires_improvement")
    ]


def test_publishing_lifts_the_embargo():
    event = InspectionEventFactory(status=InspectionEvent.Status.DRAFT)
    publish_event(event)
    assert InspectionEvent.objects.published().filter(pk=event.pk).exists()


def test_an_inspection_can_stop_being_graded_when_its_judgements_go_in_the_same_save():
    event = InspectionFactory()
    save_event(event, judgements={"overall_effectiveness": "inadequate"})
    event.kind = InspectionEvent.Kind.FOCUSED
    save_event(event, judgements={"overall_effectiveness": ""})
    assert InspectionEvent.objects.get(pk=event.pk).kind == "focused"
    assert not event.judgements.exists()


def test_a_judgement_a_visit_cannot_have_is_refused_as_a_judgement_error():
    from visits.services import JudgementError

    event = InspectionEventFactory()
    with pytest.raises(JudgementError, match="Only graded inspections"):
        save_event(event, judgements={"overall_effectiveness": "good"})
    assert not event.judgements.exists()


def test_a_report_of_the_single_inspection_framework_keeps_its_own_judgements():
    event = InspectionFactory()
    sif = {
        "overall_effectiveness": "good",
        "sif_help_and_protection": "requires_improvement",
        "sif_looked_after_and_permanence": "good",
        "sif_adoption_performance": "good",
        "sif_care_leavers": "good",
        "sif_leadership_management_governance": "good",
    }
    save_event(event, judgements=sif)
    assert dict(event.judgements.values_list("judgement", "grade")) == sif


def test_ilacs_and_single_inspection_framework_judgements_are_not_mixed():
    from visits.services import JudgementError

    event = InspectionFactory()
    with pytest.raises(JudgementError, match="single inspection framework"):
        save_event(event, judgements={"help_and_protection": "good", "sif_care_leavers": "good"})
