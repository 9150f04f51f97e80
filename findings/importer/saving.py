"""Saving a reviewed import: one transaction through the shared services, so an import obeys
exactly the rules a form or the API does. The event is saved as a draft (embargoed) for an
officer to check and publish."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from visits.models import InspectionEvent
from visits.services import save_event

from ..models import AreaOfConcern, Finding
from ..services import save_area, save_finding, set_reviewed_areas
from .draft import INSPECTION_REPORT
from .prepare import existing_event


@dataclass
class ReviewedArea:
    ref: int
    wording: str
    area: AreaOfConcern | None  # None: create a new area
    new_title: str = ""
    new_theme: str = ""


@dataclass
class ReviewedFinding:
    text: str
    polarity: str
    section: str
    paragraph: int | None
    area_ref: int | None


def duplicate_message(existing: InspectionEvent) -> str:
    return (
        f"{existing.authority}'s {existing.title_in_sentence} ({existing.fieldwork_dates}) is already "
        "recorded, so this import would duplicate it. Edit the recorded event instead."
    )


@transaction.atomic
def save_import(
    *,
    event: InspectionEvent,
    judgements: dict[str, str],
    areas: list[ReviewedArea],
    findings: list[ReviewedFinding],
    document_kind: str = "",
) -> InspectionEvent:
    """Create the event (as a draft), any new areas of concern, the reviews of the areas it
    covered with the document's wording, and its findings in order. All or nothing."""
    # Lock the authority's row so two officers saving the same letter at once cannot both pass
    # the duplicate check.
    type(event.authority).objects.select_for_update().get(pk=event.authority_id)
    if existing := existing_event(
        event.authority,
        kind=event.kind,
        visit_number=event.visit_number,
        fieldwork_start=event.fieldwork_start,
    ):
        raise ValidationError(duplicate_message(existing), code="duplicate")

    event.status = InspectionEvent.Status.DRAFT
    save_event(event, judgements=judgements if event.is_graded else None)

    resolved: dict[int, AreaOfConcern] = {}
    wording: dict[int, str] = {}
    for item in areas:
        area = item.area
        if area is None:
            # A new area goes to the end of the authority's list (save_area places it).
            area = AreaOfConcern(
                authority=event.authority,
                title=item.new_title.strip(),
                description=item.wording.strip(),
                theme=item.new_theme,
                raised_by=event if document_kind == INSPECTION_REPORT and event.is_graded else None,
            )
            save_area(area)
        resolved[item.ref] = area
        wording[area.pk] = item.wording.strip()
    set_reviewed_areas(event, resolved.values(), wording=wording)

    for order, item in enumerate(findings, start=1):
        save_finding(
            Finding(
                event=event,
                area=resolved.get(item.area_ref),
                text=item.text.strip(),
                polarity=item.polarity,
                section=item.section,
                paragraph=item.paragraph,
                order=order,
            )
        )
    return event
