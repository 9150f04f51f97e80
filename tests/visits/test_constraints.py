"""Each invariant of events and judgements is held by the database itself, with a named constraint
or rule, and by the model's validation with a message an officer can act on."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.support.db import assert_rejected_by
from tests.support.factories import (
    InspectionEventFactory,
    InspectionFactory,
    JudgementFactory,
    LocalAuthorityFactory,
)
from visits.models import InspectionEvent, Judgement

pytestmark = pytest.mark.django_db


def test_it_rejects_a_visit_number_used_twice_for_one_authority():
    first = InspectionEventFactory(visit_number=6)
    assert_rejected_by(
        "visits_inspectionevent_unique_visit_number",
        lambda: InspectionEventFactory(authority=first.authority, visit_number=6),
    )


def test_it_allows_the_same_visit_number_for_another_authority():
    InspectionEventFactory(visit_number=6)
    InspectionEventFactory(visit_number=6)
    assert InspectionEvent.objects.filter(visit_number=6).count() == 2


def test_validation_names_the_duplicate_visit_number():
    first = InspectionEventFactory(visit_number=6)
    second = InspectionEventFactory.build(authority=first.authority, visit_number=6)
    with pytest.raises(ValidationError) as caught:
        second.full_clean()
    assert "This monitoring visit number is already used for this authority." in str(caught.value)


def test_it_rejects_fieldwork_that_ends_before_it_starts():
    assert_rejected_by(
        "visits_inspectionevent_fieldwork_end_not_before_start",
        lambda: InspectionEventFactory(
            fieldwork_start=datetime.date(2024, 6, 26), fieldwork_end=datetime.date(2024, 6, 25)
        ),
    )


def test_validation_explains_fieldwork_ending_before_it_starts():
    event = InspectionEventFactory.build(
        authority=LocalAuthorityFactory(),
        fieldwork_start=datetime.date(2024, 6, 26),
        fieldwork_end=datetime.date(2024, 6, 25),
    )
    with pytest.raises(ValidationError) as caught:
        event.full_clean()
    assert caught.value.message_dict["fieldwork_end"] == [
        "Fieldwork end must be the same as or after fieldwork start."
    ]


def test_validation_refuses_fieldwork_in_the_future():
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    event = InspectionEventFactory.build(
        authority=LocalAuthorityFactory(), fieldwork_start=tomorrow, fieldwork_end=tomorrow
    )
    with pytest.raises(ValidationError) as caught:
        event.full_clean()
    assert (
        "Fieldwork start must be today or in the past."
        in caught.value.message_dict["fieldwork_start"]
    )


def test_it_rejects_a_monitoring_visit_without_a_number():
    assert_rejected_by(
        "visits_inspectionevent_visit_number_only_for_monitoring",
        lambda: InspectionEventFactory(visit_number=None),
    )


def test_it_rejects_a_visit_number_on_an_inspection():
    assert_rejected_by(
        "visits_inspectionevent_visit_number_only_for_monitoring",
        lambda: InspectionFactory(visit_number=3),
    )


def test_it_rejects_a_second_grade_for_the_same_judgement():
    judgement = JudgementFactory()
    assert_rejected_by(
        "visits_judgement_one_grade_per_judgement",
        lambda: JudgementFactory(event=judgement.event, judgement=judgement.judgement),
    )


def test_it_rejects_judgements_on_a_monitoring_visit():
    visit = InspectionEventFactory()
    assert_rejected_by(
        "visits_judgement_only_on_graded_inspection", lambda: JudgementFactory(event=visit)
    )


def test_validation_explains_judgements_belong_to_graded_inspections():
    judgement = Judgement(
        event=InspectionEventFactory(), judgement="overall_effectiveness", grade="good"
    )
    with pytest.raises(ValidationError, match="Only graded inspections"):
        judgement.full_clean()


def test_it_refuses_to_turn_a_judged_inspection_into_a_visit():
    judgement = JudgementFactory()
    event = judgement.event
    event.kind, event.visit_number = InspectionEvent.Kind.MONITORING, 1
    assert_rejected_by("visits_inspectionevent_kind_keeps_judgements_graded", event.save)
