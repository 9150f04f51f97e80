"""Each invariant is held by the database itself, with a named constraint or rule, and by the
model's validation with a message an officer can act on."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from findings.models import RAG, AreaReview, Finding
from visits.models import InspectionEvent, Judgement

from .factories import (
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


def assert_rejected_by(name, make):
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        make()
    message = str(caught.value)
    if connection.vendor == "sqlite" and message.startswith("UNIQUE constraint failed"):
        return  # SQLite names a unique constraint's columns, not the constraint
    assert name in message


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


def test_it_rejects_two_reviews_of_one_area_at_one_event():
    review = AreaReviewFactory()
    assert_rejected_by(
        "findings_areareview_one_per_area_per_event",
        lambda: AreaReviewFactory(event=review.event, area=review.area),
    )


def test_it_rejects_a_rating_for_an_area_of_another_authority():
    event = InspectionEventFactory()
    elsewhere = AreaOfConcernFactory()
    assert_rejected_by(
        "findings_areareview_area_of_event_authority",
        lambda: AreaReviewFactory(event=event, area=elsewhere),
    )


def test_it_rejects_moving_a_rating_to_an_area_of_another_authority():
    review = AreaReviewFactory()
    review.area = AreaOfConcernFactory()
    assert_rejected_by("findings_areareview_area_of_event_authority", review.save)


def test_it_rejects_a_finding_for_an_area_of_another_authority():
    event = InspectionEventFactory()
    assert_rejected_by(
        "findings_finding_area_of_event_authority",
        lambda: FindingFactory(event=event, area=AreaOfConcernFactory()),
    )


def test_validation_explains_an_area_of_another_authority():
    finding = Finding(
        event=InspectionEventFactory(),
        area=AreaOfConcernFactory(),
        text="Some text.",
        polarity="strength",
        section="findings",
    )
    with pytest.raises(ValidationError) as caught:
        finding.full_clean()
    assert caught.value.message_dict["area"] == [
        "Choose an area of concern of the event's own local authority."
    ]


def test_it_rejects_a_finding_with_no_text():
    assert_rejected_by("findings_finding_text_not_blank", lambda: FindingFactory(text=""))


def test_it_rejects_a_rating_without_a_rationale():
    assert_rejected_by(
        "findings_areareview_rating_has_rationale", lambda: AreaReviewFactory(rationale="")
    )


def test_validation_asks_a_red_rating_to_say_what_risk_remains():
    review = AreaReviewFactory.build(rag=RAG.RED, rationale="Too slow.")
    review.event = InspectionEventFactory()
    review.area = AreaOfConcernFactory(authority=review.event.authority)
    with pytest.raises(ValidationError) as caught:
        review.full_clean()
    assert "must say what risk remains" in caught.value.message_dict["rationale"][0]


def test_an_area_can_be_reviewed_before_it_is_rated():
    review = AreaReviewFactory(rag="", rationale="")
    assert AreaReview.objects.get(pk=review.pk).rag == ""


def test_validation_refuses_a_new_action_due_in_the_past():
    action = ImprovementActionFactory.build(
        area=AreaOfConcernFactory(), due_date=datetime.date.today() - datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError) as caught:
        action.full_clean()
    assert caught.value.message_dict["due_date"] == [
        "A new action's due date must be today or in the future."
    ]


def test_an_existing_action_may_fall_overdue():
    action = ImprovementActionFactory()
    action.due_date = datetime.date.today() - datetime.timedelta(days=3)
    action.full_clean()
    action.save()
    assert action.is_overdue


def test_every_model_reads_well_as_text():
    finding = FindingFactory(event=InspectionEventFactory(visit_number=6))
    review = AreaReviewFactory(event=finding.event, area=finding.area, rag=RAG.GREEN)
    assert str(finding.event).endswith("Sixth monitoring visit (June 2024)")
    assert str(review) == f"{finding.area.title} at Sixth monitoring visit: Green"
    assert str(finding).startswith("Strength: Responses to allegations")
    assert str(JudgementFactory()) == "Overall effectiveness: Inadequate"
