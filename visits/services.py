"""Writes to inspection events: the one path forms, the API and the letter importer share.

Validation lives on the models (`clean()` and named constraints); these functions run it inside a
transaction and honour optimistic locking (see sefton_tracker.locking).
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from sefton_tracker.locking import StaleVersionError, save_versioned

from .models import InspectionEvent, Judgement, judgement_problems


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
            raise ValidationError(problems)
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
    existing = {j.judgement: j for j in event.judgements.all()}
    for name, grade in grades.items():
        current = existing.get(name)
        if not grade:
            if current:
                current.delete()
        elif current is None:
            judgement = Judgement(event=event, judgement=name, grade=grade)
            judgement.full_clean()
            judgement.save()
        elif current.grade != grade:
            current.grade = grade
            current.full_clean()
            current.save()


def publish_event(
    event: InspectionEvent, *, expected_version: int | None = None
) -> InspectionEvent:
    """Lift the embargo: board members and read-only API users can now see the event."""
    event.status = InspectionEvent.Status.PUBLISHED
    save_versioned(event, expected_version=expected_version)
    return event


@transaction.atomic
def delete_event(event: InspectionEvent, *, expected_version: int | None = None) -> None:
    """Delete an event with its judgements, reviews and findings (each deletion is recorded in
    their history). Refused when the event changed after the deleter looked at it."""
    current = InspectionEvent.objects.select_for_update().get(pk=event.pk)
    expected = event.version if expected_version is None else expected_version
    if current.version != expected:
        raise StaleVersionError(current, expected)
    current.delete()
