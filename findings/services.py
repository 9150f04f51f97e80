"""Writes to areas, reviews and ratings, findings and actions: the one path forms, the API and the
letter importer share. Validation lives on the models; these run it inside a transaction and honour
optimistic locking (see sefton_tracker.core.locking)."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from sefton_tracker.core.locking import StaleVersionError, lock_current, save_versioned
from visits.models import InspectionEvent
from visits.services import delete_event as delete_event_and_judgements
from visits.services import publish_event

from .models import AreaOfConcern, AreaReview, Finding, ImprovementAction, needs_reviewed_areas

NO_AREAS_TO_PUBLISH = (
    "Record the areas of concern this monitoring visit reviewed before publishing it"
)
LAST_AREA_OF_PUBLISHED_VISIT = (
    "A published monitoring visit keeps at least one area of concern: return it to draft to "
    "change which areas it reviewed"
)
PUBLISHED_NEEDS_RATING = (
    "The visit is published, so the area needs a rating with its rationale, or the reason it "
    "was not rated at this visit"
)


def undecided_message(area: AreaOfConcern) -> str:
    return f"Rate “{area.title}”, or record why it was not rated at this visit"


@dataclass(frozen=True)
class PublishingProblem:
    """Why an event cannot be published yet: a message, and the review it is about (None when it
    is about the event's areas as a whole)."""

    message: str
    review: AreaReview | None = None


class PublishingError(ValidationError):
    """An event is not complete enough to publish. Its messages are under `status` (the field a
    request to publish sets); `problems` says which review each is about, for pages to link to."""

    def __init__(self, problems: list[PublishingProblem]):
        self.problems = problems
        super().__init__({"status": [problem.message for problem in problems]})


def publishing_problems(event: InspectionEvent) -> list[PublishingProblem]:
    """The one home of the rule for publishing: a monitoring visit has the areas of concern it
    reviewed, and each area reviewed is rated or recorded, with a reason, as not rated at it."""
    reviews = list(event.reviews.select_related("area").order_by("area__position", "area_id"))
    problems = []
    if not reviews and needs_reviewed_areas(event):
        problems.append(PublishingProblem(NO_AREAS_TO_PUBLISH))
    problems += [
        PublishingProblem(undecided_message(review.area), review)
        for review in reviews
        if not review.is_decided
    ]
    return problems


@transaction.atomic
def publish(event: InspectionEvent, *, expected_version: int | None = None) -> InspectionEvent:
    """Publish a draft (visits.services.publish_event) once it is complete: the one way pages and
    the API publish. Refused with PublishingError listing every problem, or StaleVersionError when
    the event changed after the person publishing looked at it. The event's row stays locked while
    its reviews are checked."""
    if event.pk is not None:
        lock_current(event, expected_version)
    if problems := publishing_problems(event):
        raise PublishingError(problems)
    return publish_event(event, expected_version=expected_version)


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


def findings_at(event: InspectionEvent, areas: Iterable[AreaOfConcern]) -> dict:
    """{area: its number of findings at `event`} for those of `areas` that have any: an event
    cannot stop reviewing an area it has findings about."""
    areas = {area.pk: area for area in areas}
    counts = (
        event.findings.filter(area__in=list(areas))
        .values_list("area_id")
        .annotate(count=Count("id"))
        .order_by()
    )
    found = dict(counts)
    return {area: found[pk] for pk, area in areas.items() if pk in found}


def areas_with_findings_message(counts: dict) -> str:
    """Why areas cannot be removed from an event's reviewed areas: "“Early help” has 2 findings at
    this visit: move or delete them first"."""
    said = [
        f"“{area.title}” has {count} finding{'' if count == 1 else 's'}"
        for area, count in counts.items()
    ]
    listed = said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]
    them = "it" if len(said) == 1 and next(iter(counts.values())) == 1 else "them"
    return f"{listed} at this visit: move or delete {them} first"


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
    if event.is_published and needs_reviewed_areas(event) and current and not wanted:
        raise ValidationError({"areas": [LAST_AREA_OF_PUBLISHED_VISIT]})
    if kept := findings_at(event, [review.area for review in dropped]):
        raise ValidationError({"areas": [areas_with_findings_message(kept)]})
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
    not_rated_reason: str = "",
    expected_version: int | None = None,
) -> AreaReview:
    """Create or update a review (its event, area and the letter's wording, set on `review`) with
    the RAG rating and rationale given, or the reason it was not rated at its event: the one write
    path for a rating (forms, the API, scripts). A published event's review must stay one or the
    other (see `publish`); a draft's may be neither while it is being recorded.

    Who rated it and when are recorded only when the rating differs from the stored one (for a new
    review: when it has one). The stored row is the judge, not `review`, because a form has already
    copied what was typed onto `review` when it calls this."""
    rationale = (rationale or "").strip()
    not_rated_reason = (not_rated_reason or "").strip()

    def record_rater(stored: AreaReview | None) -> None:
        before = (stored.rag, stored.rationale, stored.not_rated_reason) if stored else ("", "", "")
        review.rag, review.rationale = rag, rationale
        review.not_rated_reason = not_rated_reason
        if (rag, rationale, not_rated_reason) != before:
            review.rated_by = user if getattr(user, "is_authenticated", False) else None
            review.rated_at = timezone.now()
        if review.event.is_published and not review.is_decided:
            raise ValidationError({"rag": PUBLISHED_NEEDS_RATING})

    save_versioned(review, expected_version=expected_version, before_save=record_rater)
    return review


@transaction.atomic
def delete_review(review: AreaReview, *, expected_version: int | None = None) -> None:
    """Remove an area from an event's reviewed areas, with its rating, unless someone changed the
    review after the deleter looked at it. A published monitoring visit keeps at least one."""
    current = lock_current(review, expected_version)
    event = current.event
    if (
        event.is_published
        and needs_reviewed_areas(event)
        and not event.reviews.exclude(pk=current.pk).exists()
    ):
        raise ValidationError(LAST_AREA_OF_PUBLISHED_VISIT)
    current.delete()


@transaction.atomic
def save_finding(finding: Finding, *, expected_version: int | None = None) -> Finding:
    """Create or update a finding. A new one without an order takes its place in the letter: by
    its section and paragraph when it has a paragraph number (see _place_in_letter), else at the
    end. The event's row stays locked until the finding is saved, so findings added at the same
    moment each get their own place."""
    if finding._state.adding and not finding.order and finding.event_id:
        InspectionEvent.objects.select_for_update().filter(pk=finding.event_id).exists()
        if finding.paragraph:
            finding.order = _place_in_letter(finding)
        else:
            last = Finding.objects.filter(event_id=finding.event_id).aggregate(last=Max("order"))
            finding.order = (last["last"] or 0) + 1
    save_versioned(finding, expected_version=expected_version)
    return finding


def _place_in_letter(new: Finding) -> int:
    """The order for a new finding with a paragraph number, so that findings entered area by area
    read in the letter's order: just after the last of the event's findings that comes no later
    in the letter (an earlier section, or the same section at a paragraph up to its own); failing
    that, just before the first that comes later; failing both, last. An order set by hand is kept
    around it, and a finding without a paragraph number, whose place is not known, is not moved
    past. The findings after it move down one place (their version with it, as reorder_findings
    does). The caller holds the event's row lock."""
    existing = list(Finding.objects.filter(event_id=new.event_id).order_by("order", "id"))
    rank = list(Finding.Section.values).index

    def no_later(other: Finding) -> bool:
        if rank(other.section) != rank(new.section):
            return rank(other.section) < rank(new.section)
        return other.paragraph is not None and other.paragraph <= new.paragraph

    def later(other: Finding) -> bool:
        if rank(other.section) != rank(new.section):
            return rank(other.section) > rank(new.section)
        return other.paragraph is not None and other.paragraph > new.paragraph

    earlier = [index for index, other in enumerate(existing) if no_later(other)]
    if earlier:
        index = earlier[-1] + 1
    else:
        index = next((i for i, other in enumerate(existing) if later(other)), len(existing))
    place = (existing[index - 1].order if index else 0) + 1
    if index < len(existing) and (shift := place + 1 - existing[index].order) > 0:
        for other in existing[index:]:
            other.order += shift
            other.version += 1
            other.save(update_fields=["order", "version"])
    return place


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
