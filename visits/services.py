"""Writes to inspection events: the one path forms, the API and the letter importer share.

Validation lives on the models (`clean()` and named constraints); these functions run it inside a
transaction and honour optimistic locking (see sefton_tracker.locking).
"""

from django.db import transaction

from sefton_tracker.locking import save_versioned

from .models import InspectionEvent, Judgement


@transaction.atomic
def save_event(
    event: InspectionEvent,
    *,
    expected_version: int | None = None,
    judgements: dict[str, str] | None = None,
) -> InspectionEvent:
    """Create or update an event. `judgements` ({judgement: grade}) replaces the event's judgement
    table when given; an empty grade removes that judgement."""
    save_versioned(event, expected_version=expected_version)
    if judgements is not None:
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
