"""The event page and the area page: an event with the ratings and findings recorded at it, and an
area with its trajectory, the findings behind it and its actions."""

from dataclasses import dataclass, field

from visits.models import InspectionEvent, visible_through

from ..indicators.pages import area_indicators
from ..models import AreaOfConcern, AreaReview, Finding, ImprovementAction, area_visible_through
from ..plan.pages import with_rag_colours
from ..plan.selectors import with_latest_update
from ..trajectories import Trajectory, by_area, visible_reviews


@dataclass
class EventPage:
    event: InspectionEvent
    reviews: list[AreaReview]
    findings: list[Finding]
    # For a draft that was published before: the history record of its return to draft (who,
    # when, and the reason given).
    returned_to_draft: object | None = None


def event_page(event: InspectionEvent, user) -> EventPage:
    """An event with its judgements, its reviews (each with `.previous`, the area's rating before
    the event, and `.direction`, its direction of travel against it) and its findings in letter
    order — in a fixed number of queries."""
    # The event is one the user may see; an area it reviewed may still be embargoed (raised by
    # another event, a draft).
    visible_area = area_visible_through(user)
    reviews = list(
        event.reviews.filter(visible_area)
        .select_related("area", "rated_by")
        .order_by("area__position")
    )
    trajectories = by_area(
        visible_reviews(user)
        .filter(area__in=[review.area_id for review in reviews])
        .exclude(rag="")
        .select_related("event")
    )
    for review in reviews:
        trajectory = trajectories.get(review.area_id, Trajectory())
        review.previous = trajectory.previous(event)
        review.direction = trajectory.direction(review)
    findings = list(
        event.findings.filter(visible_area).select_related("area").order_by("order", "id")
    )
    returned = None
    if not event.is_published:
        returned = (
            event.history.filter(
                status=InspectionEvent.Status.DRAFT, history_change_reason__isnull=False
            )
            .select_related("history_user")
            .order_by("-history_date", "-history_id")
            .first()
        )
    return EventPage(event=event, reviews=reviews, findings=findings, returned_to_draft=returned)


@dataclass
class AreaPage:
    area: AreaOfConcern
    trajectory: list[AreaReview]  # every review, each with `.previous` and `.direction`
    findings_by_event: list[tuple[InspectionEvent, list[Finding]]]
    actions: list[ImprovementAction]
    events: list[InspectionEvent] = field(default_factory=list)  # the authority's, for the chart
    indicators: list = field(default_factory=list)  # indicators.pages.Line, for those linked to it


def area_page(area: AreaOfConcern, user) -> AreaPage:
    """An area's ratings across events, the findings behind them grouped by event, its actions
    and the indicators linked to it. `area` is one the user may see
    (AreaOfConcern.objects.visible_to), with its authority."""
    events = list(
        InspectionEvent.objects.visible_to(user)
        .filter(authority_id=area.authority_id)
        .order_by("fieldwork_start", "id")
    )
    by_event = {event.pk: event for event in events}
    # Ratings and findings take their event from `events` rather than a join per row.
    reviews = list(visible_reviews(user).filter(area=area).select_related("rated_by"))
    findings = list(
        Finding.objects.filter(visible_through(user), area=area).order_by(
            "event__fieldwork_start", "event_id", "order", "id"
        )
    )
    for row in [*reviews, *findings]:
        row.event = by_event[row.event_id]
    grouped: dict[int, tuple[InspectionEvent, list[Finding]]] = {}
    for finding in findings:
        grouped.setdefault(finding.event_id, (finding.event, []))[1].append(finding)
    return AreaPage(
        area=area,
        trajectory=Trajectory(reviews).with_directions(),
        findings_by_event=list(grouped.values()),
        actions=with_rag_colours(list(with_latest_update(area.actions.all()))),
        events=events,
        indicators=area_indicators(area),
    )
