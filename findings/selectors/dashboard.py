"""The board's dashboard: every area of concern across the authority's events, with its latest
rating and direction of travel, headline figures and the share of areas at each rating."""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format

from visits.models import InspectionEvent, Judgement, LocalAuthority, ordinal

from ..charts import rag_shares
from ..indicators.pages import Moves, moved_most
from ..models import (
    RAG,
    AreaOfConcern,
    AreaReview,
    Finding,
    ImprovementAction,
    area_visible_through,
)
from ..trajectories import Trajectory, by_area, visible_reviews

if TYPE_CHECKING:
    from ..filtersets import DashboardFilterForm


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
    # The latest event's headline summary, unless one of its headline findings quotes it already.
    latest_summary: str = ""
    # The indicators whose latest figure moved most against the one before (indicators.pages).
    indicator_moves: Moves | None = None

    @property
    def latest_reviewed(self) -> list[MatrixRow]:
        """The rows of the areas the latest event reviewed (its column is the last), rated or not:
        "What changed at the latest visit". A review not rated is no change: its cell has no
        direction of travel, and the row's latest rating is the one before it."""
        return [row for row in self.all_rows if row.cells and row.cells[-1] is not None]


def latest_graded(events) -> InspectionEvent | None:
    graded = [event for event in events if event.is_graded]
    return graded[-1] if graded else None


def _judged_inadequate(inspection: InspectionEvent) -> bool:
    """Monitoring visits follow an inadequate overall effectiveness judgement (or, in a layout
    without an overall judgement, any inadequate judgement)."""
    grades = {j.judgement: j.grade for j in inspection.judgements.all()}
    overall = grades.get(Judgement.Name.OVERALL_EFFECTIVENESS)
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


def _matrix_row(
    area, trajectory: Trajectory, columns: dict[int, int], width: int, since
) -> MatrixRow:
    """`trajectory`: the area's, each review with its event; `since`: the end of the latest graded
    inspection's fieldwork, or None."""
    reviews = trajectory.with_directions()
    cells: list[AreaReview | None] = [None] * width
    for review in reviews:
        cells[columns[review.event_id]] = review
    return MatrixRow(
        area=area,
        cells=cells,
        latest=trajectory.latest(),
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
    visible_area = area_visible_through(user)  # areas raised by a draft are embargoed with it
    events = list(
        InspectionEvent.objects.visible_to(user)
        .filter(authority=authority)
        .prefetch_related("judgements")
        .order_by("fieldwork_start", "id")
    )
    judgement = latest_graded(events)
    since = judgement.fieldwork_end if judgement else None

    by_event = {event.pk: event for event in events}
    reviews = list(visible_reviews(user).filter(event__authority=authority))
    for review in reviews:
        review.event = by_event[review.event_id]  # already read, so not joined again per review
    trajectories = by_area(reviews)
    columns = {event.pk: index for index, event in enumerate(events)}
    all_rows = [
        _matrix_row(area, trajectories.get(area.pk, Trajectory()), columns, len(events), since)
        for area in AreaOfConcern.objects.visible_to(user).filter(authority=authority)
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
            .filter(visible_area, area__authority=authority)
            .select_related("area", "lead_user")
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
            latest_event.findings.filter(visible_area, section=Finding.Section.HEADLINE)
            .select_related("area")
            .order_by("order", "id")
        )
        latest_polarities = dict(
            latest_event.findings.filter(visible_area)
            .order_by()
            .values_list("polarity")
            .annotate(number=Count("id"))
            .values_list("polarity", "number")
        )
    latest_summary = latest_event.headline_summary if latest_event else ""
    if any(_quotes(finding.text, latest_summary) for finding in latest_findings):
        latest_summary = ""  # the first finding often opens with it: say it once
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
        latest_summary=latest_summary,
        indicator_moves=moved_most(authority),
    )


def _quotes(text: str, summary: str) -> bool:
    """Whether `text` holds `summary` word for word (ignoring case, spacing and final stop)."""
    words = " ".join(summary.split()).casefold().rstrip(".")
    return bool(words) and words in " ".join(text.split()).casefold()
