"""Writes to inspection events: the one path forms, the API and the letter importer share.

Validation lives on the models (`clean()` and named constraints); these functions run it inside a
transaction and honour optimistic locking (see sefton_tracker.locking).
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from sefton_tracker.locking import save_versioned

from .models import InspectionEvent, Judgement, LocalAuthority


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
    if judgements is not None and not event._state.adding:
        # Removals first, so that one change can turn a graded inspection into another kind of
        # event (the database refuses a non-graded event that still has judgements).
        set_judgements(event, {name: grade for name, grade in judgements.items() if not grade})
        judgements = {name: grade for name, grade in judgements.items() if grade}
    save_versioned(event, expected_version=expected_version)
    if judgements:
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
    """Lift the embargo: board members and read-only API users can now see the event."""
    event.status = InspectionEvent.Status.PUBLISHED
    save_versioned(event, expected_version=expected_version)
    return event
