"""The national picture's pages: what each shows, read in a fixed number of queries however many
authorities and outcomes there are (tests/national/test_pages.py pins them).

    context_page(authority, user) -> ContextPage       /national/: an authority in context
    journeys_page(authority, user) -> JourneysPage     /national/journeys/
    visit_themes() -> ThemeCounts                      the year's visits by theme (/national/themes/)
    authority_page(authority, user) -> AuthorityPage   /national/authorities/<ons_code>/
    authority_search(query) -> AuthoritySearch         /national/authorities/?q=

Grades are Ofsted's published ones: an authority's latest is the overall effectiveness of its latest
graded inspection in the loaded edition of Ofsted's outcomes.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Min, OuterRef, Q, Subquery
from django.utils import timezone

from visits.models import InspectionEvent, Judgement, LocalAuthority

from . import journeys
from .charts import GRADES
from .models import OfstedOutcome, Publication, StatisticalNeighbour
from .names import name_key
from .selectors import HistoryEntry, authority_history, national_journeys, outcomes_data_until

OGL = "Contains public sector information licensed under the Open Government Licence v3.0."
TIMELINE_START = journeys.SINCE


def with_latest_grade(authorities):
    """`authorities` (a LocalAuthority queryset) each annotated with its latest graded inspection:
    `latest_grade` (a Judgement.Grade value, "" where it gave none, None where there is none),
    `latest_inspected_on` and `latest_published_on`. One query, however many authorities."""
    latest = OfstedOutcome.objects.graded().filter(authority=OuterRef("pk"))
    latest = latest.order_by("-start_date", "-id")
    return authorities.annotate(
        latest_grade=Subquery(latest.values("overall_effectiveness")[:1]),
        latest_inspected_on=Subquery(latest.values("start_date")[:1]),
        latest_published_on=Subquery(latest.values("published_on")[:1]),
    )


def grade_label(grade: str | None) -> str:
    if grade is None:
        return "No graded inspection"
    if not grade:
        return "No overall effectiveness grade"
    return Judgement.Grade(grade).label


def grade_counts(authorities) -> dict[str, int]:
    """{grade: number of authorities at it}, every grade present, best first."""
    counted = Counter(authority.latest_grade for authority in authorities)
    return {grade: counted.get(grade, 0) for grade in GRADES}


@dataclass(frozen=True)
class Credits:
    """The latest loaded edition of each dataset, credited under what it shows."""

    by_dataset: dict

    @property
    def outcomes(self) -> Publication | None:
        return self.by_dataset.get(Publication.Dataset.OFSTED_OUTCOMES)

    @property
    def neighbours(self) -> Publication | None:
        return self.by_dataset.get(Publication.Dataset.STATISTICAL_NEIGHBOURS)

    @property
    def codes(self) -> Publication | None:
        return self.by_dataset.get(Publication.Dataset.AUTHORITY_CODES)


def credits() -> Credits:
    """One query: every edition, newest first within each dataset (Publication's ordering)."""
    by_dataset: dict = {}
    editions = Publication.objects.order_by(
        "dataset", F("published_on").desc(nulls_last=True), "-loaded_at"
    )
    for publication in editions:
        by_dataset.setdefault(publication.dataset, publication)
    return Credits(by_dataset)


@dataclass(frozen=True)
class TimelineEntry:
    """One mark on an authority's row of the judgements-over-time chart."""

    start_date: datetime.date
    kind: str
    grade: str  # overall effectiveness of a graded inspection ("" for a visit, or none given)

    @property
    def is_graded(self) -> bool:
        return self.kind in InspectionEvent.GRADED_KINDS

    @property
    def kind_label(self) -> str:
        return InspectionEvent.Kind(self.kind).label


@dataclass
class TimelineAuthority:
    authority: LocalAuthority
    entries: list[TimelineEntry]
    emphasis: bool = False

    @property
    def graded(self) -> list[TimelineEntry]:
        return [entry for entry in self.entries if entry.is_graded]


@dataclass
class Timeline:
    rows: list[TimelineAuthority]  # the authority's own first
    start: datetime.date
    end: datetime.date

    @property
    def title(self) -> str:
        own = self.rows[0].authority.name
        if len(self.rows) == 1:
            return f"Overall effectiveness at each graded inspection since 2018: {own}"
        return (
            f"Overall effectiveness at each graded inspection since 2018: {own} and its "
            "statistical neighbours"
        )


def _timeline(authority, history: list[HistoryEntry], others, outcomes, data_until) -> Timeline:
    """The authority's own row (everything in its history, each once) then one row per other
    authority (Ofsted's rows), from 2018 to the end of the data."""
    by_authority: dict[int, list[TimelineEntry]] = {}
    for outcome in outcomes:
        by_authority.setdefault(outcome.authority_id, []).append(
            TimelineEntry(outcome.start_date, outcome.kind, outcome.overall_effectiveness)
        )
    own = [
        TimelineEntry(entry.start_date, entry.kind, _grade_value(entry))
        for entry in history
        if entry.start_date >= TIMELINE_START
    ]
    rows = [TimelineAuthority(authority, own, emphasis=True)]
    rows += [
        TimelineAuthority(
            other, [e for e in by_authority.get(other.pk, []) if e.start_date >= TIMELINE_START]
        )
        for other in others
    ]
    last = max(
        [entry.start_date for row in rows for entry in row.entries]
        + [data_until or timezone.localdate()]
    )
    return Timeline(rows, TIMELINE_START, _end_of_quarter(last))


def _end_of_quarter(day: datetime.date) -> datetime.date:
    last_month = (day.month - 1) // 3 * 3 + 3
    if last_month == 12:
        return datetime.date(day.year, 12, 31)
    return datetime.date(day.year, last_month + 1, 1) - datetime.timedelta(days=1)


def _grade_value(entry: HistoryEntry) -> str:
    if entry.outcome and entry.outcome.overall_effectiveness:
        return entry.outcome.overall_effectiveness
    if entry.event:
        for judgement in entry.event.judgements.all():
            if judgement.judgement == Judgement.Name.OVERALL_EFFECTIVENESS:
                return judgement.grade
    return ""


# -- /national/: an authority in context ---------------------------------------------------------


@dataclass
class NeighbourRow:
    rank: int
    closeness: str
    authority: LocalAuthority  # annotated by with_latest_grade

    @property
    def grade_label(self) -> str:
        return grade_label(self.authority.latest_grade)


@dataclass
class ContextPage:
    authority: LocalAuthority  # annotated by with_latest_grade
    history: list[HistoryEntry]
    neighbours: list[NeighbourRow]
    region: list[LocalAuthority]  # the Ofsted region's current authorities, annotated
    region_counts: dict[str, int]
    england: dict[str, int]  # current authorities at each latest grade
    england_total: int  # current authorities, graded or not
    timeline: Timeline
    credits: Credits
    data_until: datetime.date | None

    @property
    def own_grade_label(self) -> str:
        return grade_label(self.authority.latest_grade)

    @property
    def england_ungraded(self) -> int:
        return self.england_total - sum(self.england.values())

    @property
    def region_total(self) -> int:
        return len(self.region)

    @property
    def inadequate_shares(self) -> list[dict]:
        """How many are judged inadequate now, in England, the region and among the
        neighbours: {"label", "count", "total", "share"} each."""
        groups = [
            ("England", self.england, self.england_total),
            (self.authority.ofsted_region, self.region_counts, self.region_total),
            (
                f"{self.authority.name}'s statistical neighbours",
                grade_counts(row.authority for row in self.neighbours),
                len(self.neighbours),
            ),
        ]
        return [
            {
                "label": label,
                "count": counts["inadequate"],
                "total": total,
                "share": round(100 * counts["inadequate"] / total),
            }
            for label, counts, total in groups
            if label and total
        ]

    @property
    def spread_rows(self) -> list[dict]:
        """The England and region figures side by side, a row per grade, for the table."""
        england_graded = sum(self.england.values()) or 1
        region_graded = sum(self.region_counts.values()) or 1
        return [
            {
                "grade": grade,
                "label": grade_label(grade),
                "england": self.england[grade],
                "england_share": round(100 * self.england[grade] / england_graded),
                "region": self.region_counts[grade],
                "region_share": round(100 * self.region_counts[grade] / region_graded),
            }
            for grade in GRADES
        ]


def _neighbours(authority) -> list[StatisticalNeighbour]:
    return list(StatisticalNeighbour.objects.filter(authority=authority).order_by("rank"))


def context_page(authority: LocalAuthority, user) -> ContextPage:
    """The authority's judgements over time beside its statistical neighbours' and its Ofsted
    region's latest, and how England's current authorities are spread across the grades. Eight
    queries."""
    history = authority_history(authority, user)  # three
    links = _neighbours(authority)
    everyone = {
        row.pk: row
        for row in with_latest_grade(
            LocalAuthority.objects.filter(
                Q(still_exists=True)
                | Q(pk=authority.pk)
                | Q(pk__in=[n.neighbour_id for n in links])
            )
        )
    }
    current = [row for row in everyone.values() if row.still_exists]
    own = everyone[authority.pk]
    neighbours = [
        NeighbourRow(link.rank, link.closeness, everyone[link.neighbour_id]) for link in links
    ]
    region = sorted(
        (row for row in current if own.ofsted_region and row.ofsted_region == own.ofsted_region),
        key=lambda row: row.name,
    )
    others = [row.authority for row in neighbours]
    outcomes = OfstedOutcome.objects.filter(authority__in=others).order_by("start_date", "id")
    data_until = outcomes_data_until()
    return ContextPage(
        authority=own,
        history=history,
        neighbours=neighbours,
        region=region,
        region_counts=grade_counts(region),
        england=grade_counts(current),
        england_total=len(current),
        timeline=_timeline(own, history, others, outcomes, data_until),
        credits=credits(),
        data_until=data_until,
    )


# -- /national/journeys/ -------------------------------------------------------------------------


@dataclass
class JourneysPage:
    authority: LocalAuthority
    report: journeys.JourneyReport
    standing: journeys.Standing | None
    credits: Credits

    @property
    def summary(self) -> journeys.Summary:
        return self.report.summary

    @property
    def method(self) -> list[str]:
        return journeys.method_text(self.summary)

    @property
    def limits(self) -> str:
        return journeys.limits_text(self.summary.data_until)

    @property
    def curve_points(self) -> list[tuple[float, float]]:
        """(months, share re-inspected from then on) at each re-inspection."""
        return [
            (step.months, step.share_reinspected) for step in self.report.curve if step.reinspected
        ]

    @property
    def censored_months(self) -> list[float]:
        return [step.months for step in self.report.curve for _ in range(step.censored)]

    @property
    def curve_rows(self) -> list[journeys.CurveStep]:
        """The curve's steps at which someone was re-inspected, for its table."""
        return [step for step in self.report.curve if step.reinspected]

    @property
    def waiting(self) -> list[journeys.Journey]:
        return [journey for journey in self.report.journeys if journey.waiting]


def journeys_page(authority: LocalAuthority, user, *, as_at=None) -> JourneysPage:
    """Every journey out of inadequate since 2018, the Kaplan-Meier summary and where the
    authority stands. Five queries."""
    report = national_journeys(user, as_at=as_at)
    return JourneysPage(authority, report, report.standing(authority.ons_code), credits())


# -- /national/themes/ (its view is findings.views.national: it shows areas of concern) ----------


@dataclass
class ThemeCounts:
    """The year's monitoring and focused visits across England, by theme."""

    kinds: list[tuple[str, str]]  # (kind, label) of the kinds counted
    rows: list[tuple[str, dict[str, int]]]  # (theme, {kind: visits}), most visits first
    first: datetime.date | None
    last: datetime.date | None
    own: list[OfstedOutcome] = field(default_factory=list)  # the authority's own, if asked

    @property
    def total(self) -> int:
        return sum(sum(counts.values()) for _, counts in self.rows)

    @property
    def kind_totals(self) -> list[tuple[str, int]]:
        """(kind's label, visits of that kind) for each kind."""
        return [
            (label, sum(counts.get(kind, 0) for _, counts in self.rows))
            for kind, label in self.kinds
        ]

    def table_rows(self) -> list[dict]:
        return [
            {
                "theme": theme,
                "counts": [counts.get(kind, 0) for kind, _ in self.kinds],
                "total": sum(counts.values()),
            }
            for theme, counts in self.rows
        ]


THEMED_KINDS = [InspectionEvent.Kind.MONITORING, InspectionEvent.Kind.FOCUSED]


def visit_themes(authority: LocalAuthority | None = None) -> ThemeCounts:
    """Visits with a theme (Ofsted's spreadsheet gives one to each of the year's monitoring and
    focused visits), counted by theme and kind; with `authority`, its own such visits too. One
    query, two with an authority."""
    grouped = (
        OfstedOutcome.objects.exclude(theme="")
        .filter(kind__in=THEMED_KINDS)
        .order_by()
        .values("theme", "kind")
        .annotate(visits=Count("id"), first=Min("start_date"), last=Max("start_date"))
    )
    counts: dict[str, dict[str, int]] = {}
    firsts, lasts = [], []
    for group in grouped:
        counts.setdefault(group["theme"], {})[group["kind"]] = group["visits"]
        firsts.append(group["first"])
        lasts.append(group["last"])
    rows = sorted(counts.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    own = []
    if authority is not None:
        own = list(
            OfstedOutcome.objects.filter(authority=authority, kind__in=THEMED_KINDS)
            .exclude(theme="")
            .order_by("start_date")
        )
    return ThemeCounts(
        kinds=[(kind.value, kind.label) for kind in THEMED_KINDS],
        rows=rows,
        first=min(firsts, default=None),
        last=max(lasts, default=None),
        own=own,
    )


# -- /national/authorities/<ons_code>/ -----------------------------------------------------------


@dataclass
class AuthorityPage:
    authority: LocalAuthority  # annotated by with_latest_grade
    other_names: list[str]
    history: list[HistoryEntry]
    neighbours: list[NeighbourRow]
    neighbour_of: list[LocalAuthority]  # authorities that count this one among their ten
    timeline: Timeline
    credits: Credits
    data_until: datetime.date | None

    @property
    def grade_label(self) -> str:
        return grade_label(self.authority.latest_grade)


def authority_page(authority: LocalAuthority, user) -> AuthorityPage:
    """An authority's codes, regions and names, its Ofsted history (each inspection or visit once,
    with the tracker's event where there is one) and its neighbours. Nine queries."""
    history = authority_history(authority, user)  # three
    links = _neighbours(authority)
    annotated = {
        row.pk: row
        for row in with_latest_grade(
            LocalAuthority.objects.filter(
                Q(pk=authority.pk) | Q(pk__in=[link.neighbour_id for link in links])
            )
        )
    }
    neighbours = [
        NeighbourRow(link.rank, link.closeness, annotated[link.neighbour_id]) for link in links
    ]
    others = [row.authority for row in neighbours]
    outcomes = OfstedOutcome.objects.filter(authority__in=others).order_by("start_date", "id")
    own = annotated[authority.pk]
    data_until = outcomes_data_until()
    names = [
        name
        for name in authority.other_names.order_by("name").values_list("name", flat=True)
        if name != authority.name
    ]
    neighbour_of = list(
        LocalAuthority.objects.filter(neighbour_links__neighbour=authority).order_by("name")
    )
    return AuthorityPage(
        authority=own,
        other_names=names,
        history=history,
        neighbours=neighbours,
        neighbour_of=neighbour_of,
        timeline=_timeline(own, history, others, outcomes, data_until),
        credits=credits(),
        data_until=data_until,
    )


# -- /national/authorities/?q= ---------------------------------------------------------------------


@dataclass
class AuthoritySearch:
    query: str
    results: list[LocalAuthority]  # annotated by with_latest_grade; the exact match first
    credits: Credits

    @property
    def searched(self) -> bool:
        return bool(self.query)


def authority_search(query: str) -> AuthoritySearch:
    """Authorities matching `query` by any of their names (a document's form of one, 'Sefton
    Metropolitan Borough Council', finds it by its key), a part of a name, or a code; every
    authority, A to Z, without a query. Two queries (the authorities, the editions to credit)."""
    query = " ".join(query.split())[:100]
    authorities = with_latest_grade(LocalAuthority.objects.all())
    if not query:
        return AuthoritySearch("", list(authorities.order_by("name")), credits())
    key = name_key(query)
    matches = (
        Q(name__icontains=query)
        | Q(other_names__name__icontains=query)
        | Q(ons_code__iexact=query)
        | Q(dfe_code=query)
    )
    if key:
        matches |= Q(other_names__key=key) | Q(other_names__key__contains=key)
    found = list(authorities.filter(matches).distinct().order_by("name"))
    exact = {
        row.pk
        for row in found
        if row.name.casefold() == query.casefold()
        or row.ons_code.casefold() == query.casefold()
        or row.dfe_code == query
    }
    if not exact and key:
        exact = {row.pk for row in found if name_key(row.name) == key}
    return AuthoritySearch(query, sorted(found, key=lambda row: row.pk not in exact), credits())
