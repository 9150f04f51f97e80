"""Writes to inspection events: the one path forms, the API and the letter importer share.

Validation lives on the models (`clean()` and named constraints); these functions run it inside a
transaction and honour optimistic locking (see sefton_tracker.core.locking).
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from sefton_tracker.core.locking import lock_current, save_versioned

from .models import InspectionEvent, Judgement, LocalAuthority, judgement_problems


class JudgementError(ValidationError):
    """A judgement in an event's table broke a rule. The messages are those of Judgement's own
    validation; the class lets a caller show them beside the judgement table."""


@transaction.atomic
def save_authority(authority: LocalAuthority) -> LocalAuthority:
    authority.full_clean()
    authority.save()
    return authority


@transaction.atomic
def save_event(
    event: InspectionEvent,
    *,
    expected_version: int | None = None,
    judgements: dict[str, str] | None = None,
) -> InspectionEvent:
    """Create or update an event. `judgements` ({judgement: grade}) replaces the event's judgement
    table when given; an empty grade removes that judgement."""
    if judgements is not None:
        problems = {
            name: [message] for name, message in judgement_problems(event.kind, judgements).items()
        }
        if problems:
            # Report the event's own problems in the same breath, so the officer sees them all.
            try:
                event.full_clean()
            except ValidationError as error:
                problems = error.update_error_dict(problems)
            raise JudgementError(problems)
        if event.pk and not event.is_graded:
            # An event that is no longer a graded inspection loses its judgement table first:
            # the database refuses an ungraded event that still has judgements.
            for judgement in event.judgements.all():
                judgement.delete()
    save_versioned(event, expected_version=expected_version)
    if judgements is not None and event.is_graded:
        set_judgements(event, judgements)
    return event


def set_judgements(event: InspectionEvent, grades: dict[str, str]) -> None:
    # From the database, not `event.judgements.all()`: a prefetched copy may be out of date.
    existing = {j.judgement: j for j in Judgement.objects.filter(event=event)}
    for name, grade in grades.items():
        current = existing.get(name)
        if not grade:
            if current:
                current.delete()
        elif current is None:
            _save_judgement(Judgement(event=event, judgement=name, grade=grade))
        elif current.grade != grade:
            current.grade = grade
            _save_judgement(current)


def _save_judgement(judgement: Judgement) -> None:
    try:
        judgement.full_clean()
    except ValidationError as error:
        raise JudgementError(getattr(error, "error_dict", None) or error.error_list) from error
    judgement.save()


def publish_event(
    event: InspectionEvent, *, expected_version: int | None = None
) -> InspectionEvent:
    """Lift the embargo: board members and read-only API users can now see the event.

    Pages and the API publish through findings.services.publish, which first checks that the
    event is complete (its areas reviewed, each rated or recorded as not rated)."""
    event.status = InspectionEvent.Status.PUBLISHED
    save_versioned(event, expected_version=expected_version)
    return event


RETURN_REASON_NEEDED = "Enter why the event is being returned to draft"


@transaction.atomic
def unpublish_event(
    event: InspectionEvent, *, reason: str, expected_version: int | None = None
) -> InspectionEvent:
    """Return a published event to draft, embargoed again, with the reason recorded in the event's
    history (`history_change_reason`). Whatever was already produced from it (progress letters,
    digests emailed) is kept as it was sent."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": RETURN_REASON_NEEDED})

    def still_published(stored: InspectionEvent | None) -> None:
        if stored is not None and stored.status != InspectionEvent.Status.PUBLISHED:
            raise ValidationError(f"The {event.title_in_sentence} is already a draft.")

    was = event.status
    event.status = InspectionEvent.Status.DRAFT
    event._change_reason = reason  # read by django-simple-history when the row is saved
    try:
        save_versioned(event, expected_version=expected_version, before_save=still_published)
    except Exception:
        event.status = was  # the page that refused it still shows the event as it is
        raise
    finally:
        del event._change_reason  # not to be recorded again with a later save of this object
    return event


@transaction.atomic
def delete_event(event: InspectionEvent, *, expected_version: int | None = None) -> None:
    """Delete an event with its judgements, reviews and findings (each deletion is recorded in
    their history). Refused when the event changed after the deleter looked at it."""
    lock_current(event, expected_version).delete()
