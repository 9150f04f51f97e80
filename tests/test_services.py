"""The shared write path: validation, optimistic locking, and history with the user."""

import pytest
from django.core.exceptions import ValidationError

from findings.models import RAG, AreaReview
from findings.services import rate_area, reorder_findings, save_finding, set_reviewed_areas
from sefton_tracker.locking import StaleVersionError
from visits.models import InspectionEvent
from visits.services import publish_event, save_event

from .factories import (
    AreaOfConcernFactory,
    FindingFactory,
    InspectionEventFactory,
    InspectionFactory,
)

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


def test_choosing_reviewed_areas_adds_and_removes_reviews():
    event = InspectionEventFactory()
    keep, drop, add = (AreaOfConcernFactory(authority=event.authority) for _ in range(3))
    set_reviewed_areas(event, [keep, drop])
    set_reviewed_areas(event, [keep, add], wording={add.pk: "The letter's own words."})
    reviews = {r.area_id: r.area_wording for r in event.reviews.all()}
    assert reviews == {keep.pk: "", add.pk: "The letter's own words."}


def test_a_rating_records_who_and_when(officer):
    event = InspectionEventFactory()
    [review] = set_reviewed_areas(event, [AreaOfConcernFactory(authority=event.authority)])
    rate_area(review, rag=RAG.GREEN, rationale="Timely out-of-hours response.", user=officer)
    saved = AreaReview.objects.get(pk=review.pk)
    assert (saved.rag, saved.rated_by, saved.rated_at is not None) == ("green", officer, True)


def test_a_red_rating_without_its_risk_is_refused(officer):
    event = InspectionEventFactory()
    [review] = set_reviewed_areas(event, [AreaOfConcernFactory(authority=event.authority)])
    with pytest.raises(ValidationError, match="must say what risk remains"):
        rate_area(review, rag=RAG.RED, rationale="Slow.", user=officer)
    assert AreaReview.objects.get(pk=review.pk).rag == ""


def test_new_findings_go_to_the_end_and_can_be_reordered():
    first = FindingFactory(order=1)
    second = save_finding(FindingFactory.build(event=first.event, area=first.area, order=0))
    assert second.order == 2
    reorder_findings(first.event, [second.pk, first.pk])
    assert list(first.event.findings.values_list("pk", flat=True)) == [second.pk, first.pk]
    with pytest.raises(ValueError):
        reorder_findings(first.event, [second.pk])


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


def test_a_review_records_its_rater_only_when_the_rating_changes(officer, board_member):
    from findings.services import save_review

    event = InspectionEventFactory()
    review = AreaReview(event=event, area=AreaOfConcernFactory(authority=event.authority))
    save_review(review, rag=RAG.AMBER, rationale="Progress, not consistent.", user=officer)
    assert review.rated_by == officer

    review.area_wording = "The letter's words."
    save_review(review, rag=RAG.AMBER, rationale="Progress, not consistent.", user=board_member)
    assert AreaReview.objects.get(pk=review.pk).rated_by == officer

    save_review(review, rag=RAG.GREEN, rationale="Effective.", user=board_member)
    assert AreaReview.objects.get(pk=review.pk).rated_by == board_member
