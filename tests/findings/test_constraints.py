"""Each invariant of ratings, findings and actions is held by the database itself, with a named
constraint or rule, and by the model's validation with a message an officer can act on."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from findings.models import RAG, AreaReview, Finding
from tests.support.db import assert_rejected_by
from tests.support.factories import (
    AreaOfConcernFactory,
    AreaReviewFactory,
    FindingFactory,
    ImprovementActionFactory,
    InspectionEventFactory,
    JudgementFactory,
)

pytestmark = pytest.mark.django_db


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


def test_it_rejects_a_review_both_rated_and_not_rated_with_a_reason():
    assert_rejected_by(
        "findings_areareview_rated_or_not_rated_not_both",
        lambda: AreaReviewFactory(rag=RAG.AMBER, not_rated_reason="Too little evidence."),
    )
    assert_rejected_by(
        "findings_areareview_rated_or_not_rated_not_both",
        lambda: AreaReviewFactory(rag="", rationale="Text.", not_rated_reason="Too little."),
    )
    # A draft's review may be neither while it is being recorded.
    AreaReviewFactory(rag="", rationale="", not_rated_reason="")
    AreaReviewFactory(rag="", rationale="", not_rated_reason="Too little evidence.")
