"""Reads that pages, the API and reports share: trajectories, directions of travel, evidence."""

from dataclasses import dataclass

from django.db.models import Prefetch

from visits.models import InspectionEvent

from .models import RAG, AreaOfConcern, AreaReview, Finding, ImprovementAction

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
    return AreaReview.objects.filter(event__in=InspectionEvent.objects.visible_to(user)).order_by(
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
    earlier = (
        visible_reviews(user)
        .filter(
            area__in=[r.area_id for r in reviews], event__fieldwork_start__lt=event.fieldwork_start
        )
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


def area_page(area: AreaOfConcern, user) -> AreaPage:
    """An area's ratings across events, the findings behind them grouped by event, and its actions."""
    trajectory = with_directions(
        visible_reviews(user).filter(area=area).select_related("event", "rated_by")
    )
    findings = (
        Finding.objects.filter(area=area, event__in=InspectionEvent.objects.visible_to(user))
        .select_related("event")
        .order_by("event__fieldwork_start", "event_id", "order", "id")
    )
    grouped: dict[int, tuple[InspectionEvent, list[Finding]]] = {}
    for finding in findings:
        grouped.setdefault(finding.event_id, (finding.event, []))[1].append(finding)
    return AreaPage(
        area=area,
        trajectory=trajectory,
        findings_by_event=list(grouped.values()),
        actions=list(area.actions.all()),
    )


def areas_with_reviews(authority, user):
    """An authority's areas, each with its visible reviews prefetched in date order."""
    return AreaOfConcern.objects.filter(authority=authority).prefetch_related(
        Prefetch(
            "reviews",
            queryset=visible_reviews(user).select_related("event"),
            to_attr="ordered_reviews",
        )
    )
