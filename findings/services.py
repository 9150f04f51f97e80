"""Writes to areas, reviews and ratings, findings and actions: the one path forms, the API and the
letter importer share. Validation lives on the models; these run it inside a transaction and honour
optimistic locking (see sefton_tracker.locking)."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from sefton_tracker.locking import save_versioned
from visits.models import InspectionEvent

from .models import AreaOfConcern, AreaReview, Finding, ImprovementAction


def save_area(area: AreaOfConcern, *, expected_version: int | None = None) -> AreaOfConcern:
    save_versioned(area, expected_version=expected_version)
    return area


@transaction.atomic
def set_reviewed_areas(
    event: InspectionEvent, areas: Iterable[AreaOfConcern], *, wording: dict[int, str] | None = None
) -> list[AreaReview]:
    """Make `areas` the areas the event reviewed: add reviews for new ones, remove the others.
    `wording` maps an area id to the letter's own wording of it."""
    wording = wording or {}
    wanted = {area.pk: area for area in areas}
    current = {review.area_id: review for review in event.reviews.select_related("area")}
    for area_id, review in current.items():
        if area_id not in wanted:
            review.delete()
    reviews = []
    for area_id, area in wanted.items():
        review = current.get(area_id) or AreaReview(event=event, area=area)
        new_wording = wording.get(area_id)
        if new_wording is not None and review.area_wording != new_wording:
            review.area_wording = new_wording
            save_versioned(review)
        elif review._state.adding:
            save_versioned(review)
        reviews.append(review)
    return reviews


def rate_area(
    review: AreaReview,
    *,
    rag: str,
    rationale: str,
    user,
    expected_version: int | None = None,
) -> AreaReview:
    """Set an area's RAG rating at an event, recording who rated it and when."""
    review.rag, review.rationale = rag, rationale.strip()
    review.rated_by = user if getattr(user, "is_authenticated", False) else None
    review.rated_at = timezone.now()
    save_versioned(review, expected_version=expected_version)
    return review


def save_review(
    review: AreaReview,
    *,
    rag: str,
    rationale: str,
    user,
    expected_version: int | None = None,
) -> AreaReview:
    """Create or update a review (its event, area and the letter's wording, set on `review`) with
    the rating given. Who rated it and when are recorded only when the rating itself changes."""
    rationale = (rationale or "").strip()
    if review._state.adding:
        rating_changed = bool(rag or rationale)
    else:
        rating_changed = (rag, rationale) != (review.rag, review.rationale)
    if rating_changed:
        return rate_area(
            review, rag=rag, rationale=rationale, user=user, expected_version=expected_version
        )
    save_versioned(review, expected_version=expected_version)
    return review


def save_finding(finding: Finding, *, expected_version: int | None = None) -> Finding:
    if finding._state.adding and not finding.order and finding.event_id:
        last = finding.event.findings.order_by("-order").values_list("order", flat=True).first()
        finding.order = (last or 0) + 1
    save_versioned(finding, expected_version=expected_version)
    return finding


@transaction.atomic
def reorder_findings(event: InspectionEvent, ordered_ids: list[int]) -> None:
    """Put the event's findings in the given order (ids of all its findings)."""
    findings = {f.pk: f for f in event.findings.select_for_update()}
    if sorted(ordered_ids) != sorted(findings):
        raise ValueError("The new order must list each of the event's findings exactly once.")
    for position, pk in enumerate(ordered_ids, start=1):
        finding = findings[pk]
        if finding.order != position:
            finding.order = position
            finding.version += 1
            finding.save(update_fields=["order", "version"])


def save_action(
    action: ImprovementAction, *, expected_version: int | None = None
) -> ImprovementAction:
    save_versioned(action, expected_version=expected_version)
    return action
