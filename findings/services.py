"""Writes to areas, reviews and ratings, findings and actions: the one path forms, the API and the
letter importer share. Validation lives on the models; these run it inside a transaction and honour
optimistic locking (see sefton_tracker.core.locking)."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from sefton_tracker.core.locking import StaleVersionError, lock_current, save_versioned
from visits.models import InspectionEvent
from visits.services import delete_event as delete_event_and_judgements

from .models import AreaOfConcern, AreaReview, Finding, ImprovementAction


def save_area(area: AreaOfConcern, *, expected_version: int | None = None) -> AreaOfConcern:
    """Create or update an area; a new area without a position goes to the end of its list."""
    if area._state.adding and not area.position and area.authority_id:
        last = AreaOfConcern.objects.filter(authority_id=area.authority_id).aggregate(
            last=Max("position")
        )["last"]
        area.position = (last or 0) + 1
    save_versioned(area, expected_version=expected_version)
    return area


@transaction.atomic
def delete_area(area: AreaOfConcern, *, expected_version: int | None = None) -> None:
    """Delete an area with its actions, unless someone changed it after the deleter looked at it
    (refused while reviews or findings refer to it)."""
    lock_current(area, expected_version).delete()


@transaction.atomic
def delete_event(event: InspectionEvent, *, expected_version: int | None = None) -> None:
    """Delete an event (visits.services.delete_event) and, when it is a draft, the areas of concern
    it raised that nothing else now refers to: they existed only because of the draft, and left
    behind they would be shown to the board as areas raised by nothing."""
    raised = list(event.raised_areas.values_list("pk", flat=True)) if not event.is_published else []
    delete_event_and_judgements(event, expected_version=expected_version)
    for area in AreaOfConcern.objects.filter(
        pk__in=raised, reviews__isnull=True, findings__isnull=True, actions__isnull=True
    ):
        area.delete()  # one by one, so that each deletion is in the area's history


@transaction.atomic
def set_reviewed_areas(
    event: InspectionEvent,
    areas: Iterable[AreaOfConcern],
    *,
    wording: dict[int, str] | None = None,
    expected_versions: dict[int, int] | None = None,
) -> list[AreaReview]:
    """Make `areas` the areas the event reviewed: add reviews for new ones, remove the others.
    `wording` maps an area id to the letter's own wording of it; `expected_versions` maps an area
    id to the version of its review the caller saw, so a review changed meanwhile is not
    overwritten or removed. An area that has findings at this event cannot be removed."""
    wording = wording or {}
    expected_versions = expected_versions or {}
    wanted = {area.pk: area for area in areas}
    current = {review.area_id: review for review in event.reviews.select_related("area")}
    dropped = [review for area_id, review in current.items() if area_id not in wanted]
    with_findings = set(
        event.findings.filter(area__in=[r.area_id for r in dropped]).values_list(
            "area_id", flat=True
        )
    )
    if with_findings:
        raise ValidationError(
            {
                "areas": [
                    f"“{review.area.title}” has findings at this event: delete them or move "
                    "them to another area before removing the area."
                    for review in dropped
                    if review.area_id in with_findings
                ]
            }
        )
    for review in dropped:
        expected = expected_versions.get(review.area_id, review.version)
        if expected != review.version:
            raise StaleVersionError(review, expected)
        review.delete()
    reviews = []
    for area_id, area in wanted.items():
        review = current.get(area_id) or AreaReview(event=event, area=area)
        new_wording = wording.get(area_id)
        if new_wording is not None and review.area_wording != new_wording:
            review.area_wording = new_wording
            save_versioned(review, expected_version=expected_versions.get(area_id))
        elif review._state.adding:
            save_versioned(review)
        reviews.append(review)
    return reviews


def save_review(
    review: AreaReview,
    *,
    rag: str,
    rationale: str,
    user,
    expected_version: int | None = None,
) -> AreaReview:
    """Create or update a review (its event, area and the letter's wording, set on `review`) with
    the RAG rating and rationale given: the one write path for a rating (forms, the API, scripts).

    Who rated it and when are recorded only when the rating differs from the stored one (for a new
    review: when it has one). The stored row is the judge, not `review`, because a form has already
    copied what was typed onto `review` when it calls this."""
    rationale = (rationale or "").strip()

    def record_rater(stored: AreaReview | None) -> None:
        before = (stored.rag, stored.rationale) if stored else ("", "")
        review.rag, review.rationale = rag, rationale
        if (rag, rationale) != before:
            review.rated_by = user if getattr(user, "is_authenticated", False) else None
            review.rated_at = timezone.now()

    save_versioned(review, expected_version=expected_version, before_save=record_rater)
    return review


@transaction.atomic
def delete_review(review: AreaReview, *, expected_version: int | None = None) -> None:
    """Remove an area from an event's reviewed areas, with its rating, unless someone changed the
    review after the deleter looked at it."""
    lock_current(review, expected_version).delete()


@transaction.atomic
def save_finding(finding: Finding, *, expected_version: int | None = None) -> Finding:
    """Create or update a finding; a new one without an order goes to the end of its event's
    letter. The event's row stays locked until the finding is saved, so findings added at the same
    moment each get their own place."""
    if finding._state.adding and not finding.order and finding.event_id:
        InspectionEvent.objects.select_for_update().filter(pk=finding.event_id).exists()
        last = Finding.objects.filter(event_id=finding.event_id).aggregate(last=Max("order"))
        finding.order = (last["last"] or 0) + 1
    save_versioned(finding, expected_version=expected_version)
    return finding


@transaction.atomic
def delete_finding(finding: Finding, *, expected_version: int | None = None) -> None:
    """Delete a finding, unless someone changed it after the deleter looked at it."""
    lock_current(finding, expected_version).delete()


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


@transaction.atomic
def move_finding(finding: Finding, *, by: int) -> None:
    """Move a finding up (by=-1) or down (by=1) its event's letter order; no-op at either end."""
    ids = list(finding.event.findings.order_by("order", "id").values_list("pk", flat=True))
    here = ids.index(finding.pk)
    there = min(max(here + by, 0), len(ids) - 1)
    ids.insert(there, ids.pop(here))
    reorder_findings(finding.event, ids)


def put_findings_in_letter_order(event: InspectionEvent) -> None:
    """Order an event's findings as the letter does: by section, then paragraph, then as entered."""
    sections = list(Finding.Section.values)
    findings = sorted(
        event.findings.order_by("order", "id"),
        key=lambda f: (sections.index(f.section), f.paragraph is None, f.paragraph or 0),
    )
    reorder_findings(event, [f.pk for f in findings])


def save_action(
    action: ImprovementAction, *, expected_version: int | None = None
) -> ImprovementAction:
    save_versioned(action, expected_version=expected_version)
    return action


@transaction.atomic
def delete_action(action: ImprovementAction, *, expected_version: int | None = None) -> None:
    """Delete an action, unless someone changed it after the deleter looked at it."""
    lock_current(action, expected_version).delete()
