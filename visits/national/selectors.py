"""Reading the national reference data."""

import datetime
from dataclasses import dataclass

from visits.models import InspectionEvent, Judgement, LocalAuthority

from .models import OfstedOutcome
from .names import name_key


def authority_named(name: str) -> LocalAuthority | None:
    """The authority a document means by `name`, by any name a publication spells it with or a
    council's own form of it ('Isle of Wight Council', 'Bristol City Council'); None when no
    authority, or more than one, has that name."""
    key = name_key(name)
    if not key:
        return None
    matches = list(LocalAuthority.objects.filter(other_names__key=key).distinct()[:2]) or list(
        LocalAuthority.objects.filter(name__iexact=name.strip())[:2]
    )
    return matches[0] if len(matches) == 1 else None


@dataclass(frozen=True)
class HistoryEntry:
    """One inspection or visit, once: as Ofsted published it, as the tracker recorded it, or both
    (matched on authority, kind and start date)."""

    kind: str
    start_date: datetime.date
    outcome: OfstedOutcome | None
    event: InspectionEvent | None

    @property
    def kind_label(self) -> str:
        return InspectionEvent.Kind(self.kind).label

    @property
    def published_on(self):
        if self.outcome and self.outcome.published_on:
            return self.outcome.published_on
        return self.event.published_on if self.event else None

    @property
    def overall_effectiveness(self) -> str:
        """The overall grade's label ('Inadequate'), Ofsted's published one first."""
        if self.outcome and self.outcome.overall_effectiveness:
            return self.outcome.get_overall_effectiveness_display()
        if self.event:
            for judgement in self.event.judgements.all():
                if judgement.judgement == Judgement.Name.OVERALL_EFFECTIVENESS:
                    return judgement.get_grade_display()
        return ""


def authority_history(authority: LocalAuthority, user) -> list[HistoryEntry]:
    """Everything known of an authority's inspections and visits, oldest first, each once: Ofsted's
    published rows matched with the events the user may see. Two queries and a prefetch."""
    outcomes = {
        (o.kind, o.start_date): o
        for o in OfstedOutcome.objects.filter(authority=authority).select_related("publication")
    }
    events = {
        (e.kind, e.fieldwork_start): e
        for e in InspectionEvent.objects.visible_to(user)
        .filter(authority=authority)
        .prefetch_related("judgements")
    }
    keys = sorted(set(outcomes) | set(events), key=lambda key: (key[1], key[0]))
    return [
        HistoryEntry(kind, start, outcomes.get((kind, start)), events.get((kind, start)))
        for kind, start in keys
    ]
