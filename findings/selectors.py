"""Reads that pages, the API and reports share: trajectories, directions of travel, evidence."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import connections
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.formats import date_format

from visits.models import InspectionEvent, Judgement, LocalAuthority, ordinal, visible_through

from .charts import rag_shares
from .models import RAG, AreaOfConcern, AreaReview, Finding, ImprovementAction

if TYPE_CHECKING:
    from .filtersets import DashboardFilterForm

# The text search configuration of findings' full-text search and of its index (migration 0003).
SEARCH_CONFIG = "english"

BETTER, SAME, WORSE = "better", "same", "worse"


def direction(previous_rag: str, rag: str) -> str | None:
    """Better, same or worse than the area's previous rating; None when either is missing."""
    if not previous_rag or not rag:
        return None
    change = RAG(rag).rank - RAG(previous_rag).rank
    return BETTER if change > 0 else WORSE if change < 0 else SAME


def with_directions(reviews) -> list[AreaReview]:
    """Given one area's reviews in date order, set `.previous` and `.direction` on each."""
    previous = None
    reviews = list(reviews)
    for review in reviews:
        review.previous = previous
        review.direction = direction(previous.rag if previous else "", review.rag)
        if review.rag:
            previous = review
    return reviews


def visible_reviews(user):
    return AreaReview.objects.filter(visible_through(user)).order_by(
        "event__fieldwork_start", "event_id"
    )


@dataclass
class EventPage:
    event: InspectionEvent
    reviews: list[AreaReview]
    findings: list[Finding]


def event_page(event: InspectionEvent, user) -> EventPage:
    """An event with its judgements, its reviews (each with its direction of travel against the
    area's previous rating) and its findings in letter order — in a fixed number of queries."""
    reviews = list(event.reviews.select_related("area", "rated_by").order_by("area__position"))
    # Earlier in the order every trajectory uses: by fieldwork start, then by event id.
    before = Q(event__fieldwork_start__lt=event.fieldwork_start) | Q(
        event__fieldwork_start=event.fieldwork_start, event_id__lt=event.pk
    )
    earlier = (
        visible_reviews(user)
        .filter(before, area__in=[r.area_id for r in reviews])
        .exclude(rag="")
        .values_list("area_id", "rag")
    )
    previous = dict(earlier)  # ordered by date, so the last one per area wins
    for review in reviews:
        review.previous_rag = previous.get(review.area_id, "")
        review.direction = direction(review.previous_rag, review.rag)
    findings = list(event.findings.select_related("area").order_by("order", "id"))
    return EventPage(event=event, reviews=reviews, findings=findings)


@dataclass
class AreaPage:
    area: AreaOfConcern
    trajectory: list[AreaReview]
    findings_by_event: list[tuple[InspectionEvent, list[Finding]]]
    actions: list[ImprovementAction]
    events: list[InspectionEvent] = field(default_factory=list)  # the authority's, for the chart


def area_page(area: AreaOfConcern, user) -> AreaPage:
    """An area's ratings across events, the findings behind them grouped by event, and its actions."""
    events = list(
        InspectionEvent.objects.visible_to(user)
        .filter(authority_id=area.authority_id)
        .order_by("fieldwork_start", "id")
    )
    by_event = {event.pk: event for event in events}
    # Ratings and findings take their event from `events` rather than a join per row.
    trajectory = list(visible_reviews(user).filter(area=area).select_related("rated_by"))
    findings = list(
        Finding.objects.filter(visible_through(user), area=area).order_by(
            "event__fieldwork_start", "event_id", "order", "id"
        )
    )
    for row in [*trajectory, *findings]:
        row.event = by_event[row.event_id]
    grouped: dict[int, tuple[InspectionEvent, list[Finding]]] = {}
    for finding in findings:
        grouped.setdefault(finding.event_id, (finding.event, []))[1].append(finding)
    return AreaPage(
        area=area,
        trajectory=with_directions(trajectory),
        findings_by_event=list(grouped.values()),
        actions=list(area.actions.all()),
        events=events,
    )


# --- The board's dashboard ---------------------------------------------------------------------


@dataclass
class MatrixRow:
    """One area of concern across the authority's events."""

    area: AreaOfConcern
    cells: list[AreaReview | None]  # one per event column; None where the event did not review it
    latest: AreaReview | None  # its most recent rating, with `.direction` against the one before
    reviewed_since: bool  # reviewed at an event after the latest graded inspection (False if none)

    @property
    def latest_rag(self) -> str:
        return self.latest.rag if self.latest else ""


@dataclass
class NextVisit:
    expected: datetime.date | None  # only when the recorded visits support an estimate
    explanation: str


@dataclass
class Headlines:
    area_count: int
    by_rag: dict[str, int]  # areas at each RAG at their latest review
    judgement: InspectionEvent | None  # the latest graded inspection
    not_reviewed_since_judgement: list[AreaOfConcern]
    overdue_actions: list[ImprovementAction]
    last_event: InspectionEvent | None
    days_since_last_visit: int | None
    next_visit: NextVisit


@dataclass
class ShareRow:
    event: InspectionEvent
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class DashboardPage:
    authority: LocalAuthority
    events: list[InspectionEvent]
    rows: list[MatrixRow]  # the areas the filters let through, in list order
    all_rows: list[MatrixRow]
    headlines: Headlines
    shares: list[ShareRow]  # areas at each RAG after each event
    filters: "DashboardFilterForm | None"
    latest_event: InspectionEvent | None
    latest_findings: list[Finding]  # the latest event's headline findings
    latest_polarities: dict[str, int]  # how many of its findings are strengths, weaknesses, mixed


def latest_graded(events) -> InspectionEvent | None:
    graded = [event for event in events if event.is_graded]
    return graded[-1] if graded else None


def _judged_inadequate(inspection: InspectionEvent) -> bool:
    """Monitoring visits follow an inadequate overall effectiveness judgement (or, in a layout
    without an overall judgement, any inadequate judgement)."""
    grades = {j.judgement: j.grade for j in inspection.judgements.all()}
    overall = grades.get(Judgement.Area.OVERALL_EFFECTIVENESS)
    if overall:
        return overall == Judgement.Grade.INADEQUATE
    return Judgement.Grade.INADEQUATE in grades.values()


def expected_next_visit(events, today: datetime.date) -> NextVisit:
    """When the next monitoring visit may come, only as far as the recorded visits can say.

    `events` in date order, with judgements prefetched. An estimate needs an inadequate judgement
    and at least two numbered monitoring visits since it: the next is expected one average
    interval after the last. An estimate that has already passed is not shown as a date."""
    inspection = latest_graded(events)
    if inspection is None:
        return NextVisit(None, "No graded inspection has been recorded.")
    if not _judged_inadequate(inspection):
        return NextVisit(
            None,
            "Monitoring visits follow an inadequate judgement; the latest inspection's was not.",
        )
    visits = [
        event
        for event in events
        if event.kind == InspectionEvent.Kind.MONITORING
        and event.visit_number
        and event.fieldwork_start > inspection.fieldwork_end
    ]
    if len(visits) < 2:
        return NextVisit(
            None,
            "Fewer than two monitoring visits have been recorded since the inspection, "
            "so there is no pattern to go by.",
        )
    first, last = visits[0], visits[-1]
    interval = (last.fieldwork_start - first.fieldwork_start).days / (
        last.visit_number - first.visit_number
    )
    expected = last.fieldwork_start + datetime.timedelta(days=round(interval))
    pattern = (
        f"The {ordinal(first.visit_number)} to {ordinal(last.visit_number)} monitoring visits "
        f"came about every {round(interval / 7)} weeks"
    )
    if expected < today:
        return NextVisit(
            None,
            f"{pattern}, so one was due around {date_format(expected, 'F Y')}; "
            "none has been recorded since.",
        )
    return NextVisit(expected, f"An estimate. {pattern}; Ofsted does not announce visits early.")


def _matrix_row(area, reviews, columns: dict[int, int], width: int, since) -> MatrixRow:
    """`reviews`: the area's, in date order, each with its event; `since`: the end of the latest
    graded inspection's fieldwork, or None."""
    reviews = with_directions(reviews)
    cells: list[AreaReview | None] = [None] * width
    for review in reviews:
        cells[columns[review.event_id]] = review
    rated = [review for review in reviews if review.rag]
    return MatrixRow(
        area=area,
        cells=cells,
        latest=rated[-1] if rated else None,
        reviewed_since=since is not None
        and any(review.event.fieldwork_start > since for review in reviews),
    )


def dashboard_page(
    authority,
    user,
    filters: "DashboardFilterForm | None" = None,
    today: datetime.date | None = None,
):
    """Everything the board's dashboard shows for one authority, in a fixed number of queries.

    `filters` (bound to request.GET) narrows the matrix; headline figures and charts always count
    every area."""
    today = today or timezone.localdate()
    events = list(
        InspectionEvent.objects.visible_to(user)
        .filter(authority=authority)
        .prefetch_related("judgements")
        .order_by("fieldwork_start", "id")
    )
    judgement = latest_graded(events)
    since = judgement.fieldwork_end if judgement else None

    by_event = {event.pk: event for event in events}
    reviews_by_area = defaultdict(list)
    for review in visible_reviews(user).filter(event__authority=authority):
        review.event = by_event[review.event_id]  # already read, so not joined again per review
        reviews_by_area[review.area_id].append(review)
    columns = {event.pk: index for index, event in enumerate(events)}
    all_rows = [
        _matrix_row(area, reviews_by_area[area.pk], columns, len(events), since)
        for area in AreaOfConcern.objects.filter(authority=authority)
    ]
    not_reviewed = []
    if judgement is not None:
        not_reviewed = [row.area for row in all_rows if not row.reviewed_since]
    last_event = max(events, key=lambda event: event.fieldwork_end, default=None)
    headlines = Headlines(
        area_count=len(all_rows),
        by_rag={rag: sum(row.latest_rag == rag for row in all_rows) for rag in RAG.values},
        judgement=judgement,
        not_reviewed_since_judgement=not_reviewed,
        overdue_actions=list(
            ImprovementAction.objects.overdue(today)
            .filter(area__authority=authority)
            .select_related("area")
            .order_by("due_date", "area__position", "id")
        ),
        last_event=last_event,
        days_since_last_visit=(today - last_event.fieldwork_end).days if last_event else None,
        next_visit=expected_next_visit(events, today),
    )

    counts = rag_shares([[cell.rag if cell else "" for cell in row.cells] for row in all_rows])
    latest_event = events[-1] if events else None
    latest_findings, latest_polarities = [], {}
    if latest_event is not None:
        latest_findings = list(
            latest_event.findings.filter(section=Finding.Section.HEADLINE)
            .select_related("area")
            .order_by("order", "id")
        )
        latest_polarities = dict(
            latest_event.findings.order_by()
            .values_list("polarity")
            .annotate(number=Count("id"))
            .values_list("polarity", "number")
        )
    return DashboardPage(
        authority=authority,
        events=events,
        rows=[row for row in all_rows if filters is None or filters.matches(row)],
        all_rows=all_rows,
        headlines=headlines,
        shares=[ShareRow(event, count) for event, count in zip(events, counts, strict=False)],
        filters=filters,
        latest_event=latest_event,
        latest_findings=latest_findings,
        latest_polarities=latest_polarities,
    )


# --- Finding things ----------------------------------------------------------------------------


def searchable_findings(authority, user):
    """An authority's findings at events the user may see, with what a results list shows."""
    return (
        Finding.objects.filter(visible_through(user), event__authority=authority)
        .select_related("event", "area")
        .order_by("-event__fieldwork_start", "event_id", "order", "id")
    )


def full_text_search(using: str = "default") -> bool:
    """Whether searches are full-text (ranked, stemmed, with a search syntax): on PostgreSQL."""
    return connections[using].vendor == "postgresql"


def search_findings(findings, text: str):
    """Findings whose quoted text matches `text`. PostgreSQL: English full-text search (stemmed,
    websearch syntax: "quoted phrases", or, -exclusions), best matches first, served by the GIN
    index of migration 0003. Elsewhere: every word must appear in the text, in any case, and a
    word with a leading minus must not."""
    text = (text or "").strip()
    if not text:
        return findings
    if full_text_search(findings.db):
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        return (
            findings.alias(search=SearchVector("text", config=SEARCH_CONFIG))
            .filter(search=query)
            .annotate(rank=SearchRank(F("search"), query))
            .order_by("-rank", "-event__fieldwork_start", "event_id", "order", "id")
        )
    for word in text.replace('"', " ").split():
        if word.startswith("-") and len(word) > 1:
            findings = findings.exclude(text__icontains=word[1:])
        else:
            findings = findings.filter(text__icontains=word)
    return findings


def rating_trajectories(authority, *, events=None) -> dict[int, list[AreaReview]]:
    """Each area's rated reviews in event order, keyed by area id (one query).

    `events` limits which events count (a queryset or list); by default the authority's published
    events, so an embargoed draft never shows in a trajectory."""
    if events is None:
        events = InspectionEvent.objects.published().filter(authority=authority)
    reviews = (
        AreaReview.objects.filter(area__authority=authority, event__in=events)
        .exclude(rag="")
        .select_related("event")
        .order_by("event__fieldwork_start", "event_id", "id")
    )
    trajectories: dict[int, list[AreaReview]] = defaultdict(list)
    for review in reviews:
        trajectories[review.area_id].append(review)
    return dict(trajectories)
