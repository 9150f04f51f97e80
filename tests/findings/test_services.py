"""The shared write path for ratings and findings: the areas an event reviewed, ratings with who
rated them, and the letter's order of findings."""

import pytest
from django.core.exceptions import ValidationError

from findings.models import RAG, AreaReview
from findings.services import reorder_findings, save_finding, save_review, set_reviewed_areas
from tests.support.factories import AreaOfConcernFactory, FindingFactory, InspectionEventFactory

pytestmark = pytest.mark.django_db


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
    save_review(review, rag=RAG.GREEN, rationale="Timely out-of-hours response.", user=officer)
    saved = AreaReview.objects.get(pk=review.pk)
    assert (saved.rag, saved.rated_by, saved.rated_at is not None) == ("green", officer, True)


def test_a_red_rating_without_its_risk_is_refused(officer):
    event = InspectionEventFactory()
    [review] = set_reviewed_areas(event, [AreaOfConcernFactory(authority=event.authority)])
    with pytest.raises(ValidationError, match="must say what risk remains"):
        save_review(review, rag=RAG.RED, rationale="Slow.", user=officer)
    assert AreaReview.objects.get(pk=review.pk).rag == ""


def test_new_findings_go_to_the_end_and_can_be_reordered():
    first = FindingFactory(order=1)
    second = save_finding(FindingFactory.build(event=first.event, area=first.area, order=0))
    assert second.order == 2
    reorder_findings(first.event, [second.pk, first.pk])
    assert list(first.event.findings.values_list("pk", flat=True)) == [second.pk, first.pk]
    with pytest.raises(ValueError):
        reorder_findings(first.event, [second.pk])


def test_a_review_records_its_rater_only_when_the_rating_changes(officer, board_member):
    event = InspectionEventFactory()
    review = AreaReview(event=event, area=AreaOfConcernFactory(authority=event.authority))
    save_review(review, rag=RAG.AMBER, rationale="Progress, not consistent.", user=officer)
    assert review.rated_by == officer

    review.area_wording = "The letter's words."
    save_review(review, rag=RAG.AMBER, rationale="Progress, not consistent.", user=board_member)
    assert AreaReview.objects.get(pk=review.pk).rated_by == officer

    save_review(review, rag=RAG.GREEN, rationale="Effective.", user=board_member)
    assert AreaReview.objects.get(pk=review.pk).rated_by == board_member
