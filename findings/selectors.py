"""Reads that pages, reports and the API share."""

from collections import defaultdict

from visits.models import InspectionEvent

from .models import RAG, AreaReview


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


def direction_of_travel(previous_rag: str, rag: str) -> str:
    """'better', 'same' or 'worse' against the previous rating of the same area; '' when either
    rating is missing (a first rating has no direction)."""
    if not previous_rag or not rag:
        return ""
    change = RAG(rag).rank - RAG(previous_rag).rank
    return "better" if change > 0 else "worse" if change < 0 else "same"
