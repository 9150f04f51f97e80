"""Reading the national reference data."""

import datetime
import re
from dataclasses import dataclass

from django.db.models import F, OuterRef, Prefetch, Subquery
from django.utils import timezone

from visits.models import InspectionEvent, Judgement, LocalAuthority

from . import journeys
from .models import OfstedOutcome, Publication, StatisticalNeighbour
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


# -- journeys out of inadequate (visits.national.journeys) ----------------------------------------

_JOURNEY_KINDS = [*InspectionEvent.GRADED_KINDS, InspectionEvent.Kind.MONITORING]
_AS_AT = re.compile(r"\bas at (\d{1,2} [A-Za-z]+ \d{4})\b")


def latest_outcomes_publication() -> Publication | None:
    """The latest edition of Ofsted's outcomes that was loaded."""
    return (
        Publication.objects.filter(dataset=Publication.Dataset.OFSTED_OUTCOMES)
        .order_by(F("published_on").desc(nulls_last=True), "-loaded_at")
        .first()
    )


def data_until_of(publication: Publication | None) -> datetime.date | None:
    """The date an Ofsted outcomes edition is complete to: the 'as at' date of its title
    ('... as at 31 March 2025'), else its publication date."""
    if publication is None:
        return None
    if match := _AS_AT.search(publication.title):
        try:
            return datetime.datetime.strptime(match.group(1), "%d %B %Y").date()
        except ValueError:
            pass
    return publication.published_on


def outcomes_data_until() -> datetime.date | None:
    """The date the latest Ofsted outcomes edition is complete to; None when none is loaded."""
    return data_until_of(latest_outcomes_publication())


def journey_histories(user=None, *, region: str = "") -> list[journeys.AuthorityVisits]:
    """The inputs of visits.national.journeys: each authority's graded inspections and monitoring
    visits, each once, from Ofsted's rows and the tracker's events the user may see (published
    events only when `user` is None, as in a digest). Matched as authority_history matches them;
    Ofsted's grade first. `region` keeps the authorities whose ONS or Ofsted region it names.
    Three queries, however many authorities."""
    outcomes = OfstedOutcome.objects.filter(kind__in=_JOURNEY_KINDS).select_related("authority")
    events = (
        InspectionEvent.objects.published()
        if user is None
        else (InspectionEvent.objects.visible_to(user))
    )
    events = (
        events.filter(kind__in=_JOURNEY_KINDS)
        .select_related("authority")
        .prefetch_related(
            Prefetch(
                "judgements",
                queryset=Judgement.objects.filter(judgement=Judgement.Name.OVERALL_EFFECTIVENESS),
                to_attr="overall",
            )
        )
    )
    authorities: dict[int, LocalAuthority] = {}
    found: dict[int, dict[tuple, journeys.Visit]] = {}
    for outcome in outcomes:
        authorities[outcome.authority_id] = outcome.authority
        found.setdefault(outcome.authority_id, {})[(outcome.kind, outcome.start_date)] = (
            journeys.Visit(outcome.kind, outcome.start_date, outcome.overall_effectiveness)
        )
    for event in events:
        authorities.setdefault(event.authority_id, event.authority)
        visits = found.setdefault(event.authority_id, {})
        key = (event.kind, event.fieldwork_start)
        grade = event.overall[0].grade if event.overall else ""
        if known := visits.get(key):
            visits[key] = journeys.Visit(
                known.kind, known.start_date, known.overall_effectiveness or grade, True, True
            )
        else:
            visits[key] = journeys.Visit(event.kind, event.fieldwork_start, grade, False, True)
    wanted = region.strip().casefold()
    return [
        journeys.AuthorityVisits(
            ons_code=authority.ons_code,
            name=authority.name,
            visits=tuple(found[pk].values()),
            region=authority.region,
            ofsted_region=authority.ofsted_region,
            still_exists=authority.still_exists,
            authority_id=pk,
        )
        for pk, authority in sorted(authorities.items(), key=lambda item: item[1].name)
        if not wanted or wanted in (authority.region.casefold(), authority.ofsted_region.casefold())
    ]


def national_journeys(
    user=None, *, as_at: datetime.date | None = None, region: str = ""
) -> journeys.JourneyReport:
    """Every journey out of inadequate since 2018, with the Kaplan-Meier summary, as at `as_at`
    (today unless given), open journeys censored at the date Ofsted's data is complete to, and
    credited to that edition. Four queries, however many authorities."""
    as_at = as_at or timezone.localdate()
    publication = latest_outcomes_publication()
    built = journeys.build_journeys(
        journey_histories(user, region=region),
        as_at=as_at,
        data_until=data_until_of(publication),
    )
    return journeys.report(built, credits=(publication.credit,) if publication else ())


# -- an authority's statistical neighbours and their latest grades --------------------------------


@dataclass(frozen=True)
class NeighbourGrade:
    """One of an authority's statistical neighbours and its latest graded inspection in Ofsted's
    published data."""

    rank: int
    closeness: str
    name: str
    ons_code: str
    grade: str | None  # overall effectiveness (Judgement.Grade value); "" none given; None: none
    inspected_on: datetime.date | None  # the first day of that inspection
    credit: str  # the neighbour model's edition

    @property
    def grade_label(self) -> str:
        if self.grade is None:
            return "No graded inspection"
        if not self.grade:
            return "No overall effectiveness grade"
        return Judgement.Grade(self.grade).label


def neighbour_grades(
    authority: LocalAuthority, *, as_at: datetime.date | None = None
) -> list[NeighbourGrade]:
    """The authority's statistical neighbours, closest first, each with its latest graded
    inspection that started by `as_at` (any date if not given). One query."""
    latest = OfstedOutcome.objects.graded().filter(authority=OuterRef("neighbour_id"))
    if as_at:
        latest = latest.filter(start_date__lte=as_at)
    latest = latest.order_by("-start_date", "-id")
    links = (
        StatisticalNeighbour.objects.filter(authority=authority)
        .select_related("neighbour", "publication")
        .annotate(
            latest_grade=Subquery(latest.values("overall_effectiveness")[:1]),
            latest_on=Subquery(latest.values("start_date")[:1]),
        )
        .order_by("rank")
    )
    return [
        NeighbourGrade(
            rank=link.rank,
            closeness=link.closeness,
            name=link.neighbour.name,
            ons_code=link.neighbour.ons_code,
            grade=link.latest_grade,
            inspected_on=link.latest_on,
            credit=link.publication.credit,
        )
        for link in links
    ]
