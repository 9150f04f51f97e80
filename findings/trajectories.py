"""Trajectories: an area of concern's trajectory is the sequence of its RAG ratings across events,
in event date order. It gives the area's latest rating, the rating before any event, and the
direction of travel of each rating against the one before it.

Event date order is by fieldwork start, then by event id (so two events that started on the same day
follow the order they were recorded in). The area page, the dashboard, the event page, the API,
progress letters and digests all follow it: in Python through `Trajectory`, in querysets through
`EVENT_ORDER` and `LATEST_FIRST`.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.db.models import QuerySet

from visits.models import InspectionEvent

from .models import RAG, AreaReview, recorded_visible_through

# Reviews in event date order, as querysets order them; and latest first.
EVENT_ORDER = ("event__fieldwork_start", "event_id")
LATEST_FIRST = tuple(f"-{name}" for name in EVENT_ORDER)

BETTER, SAME, WORSE = "better", "same", "worse"


def event_position(event: InspectionEvent) -> tuple[datetime.date, int]:
    """Where an event sits in event date order."""
    return (event.fieldwork_start, event.pk)


def reported_on(event: InspectionEvent) -> datetime.date:
    """The day an event's findings and ratings were reported: its letter's date, or the end of its
    fieldwork when the letter's date is not known."""
    return event.published_on or event.fieldwork_end


def direction_of_travel(previous_rag: str, rag: str) -> str | None:
    """Better, same or worse than the area's previous rating; None when either is missing."""
    if not previous_rag or not rag:
        return None
    change = RAG(rag).rank - RAG(previous_rag).rank
    return BETTER if change > 0 else WORSE if change < 0 else SAME


@dataclass(frozen=True)
class Trajectory:
    """One area's trajectory: its reviews in event date order, each with its `.event` loaded.

    Reviews not rated yet may be among them (the area page lists them); they are no part of the
    sequence of ratings, so `latest`, `previous` and directions of travel pass over them."""

    reviews: Sequence[AreaReview] = ()

    def __post_init__(self) -> None:
        ordered = sorted(self.reviews, key=lambda review: event_position(review.event))
        object.__setattr__(self, "reviews", tuple(ordered))

    def __iter__(self) -> Iterator[AreaReview]:
        return iter(self.reviews)

    def __len__(self) -> int:
        return len(self.reviews)

    @property
    def ratings(self) -> tuple[AreaReview, ...]:
        """The rated reviews, in event date order."""
        return tuple(review for review in self.reviews if review.rag)

    def as_at(self, day: datetime.date) -> "Trajectory":
        """The trajectory as it was known on `day`: the reviews at events reported by then."""
        return Trajectory(tuple(r for r in self.reviews if reported_on(r.event) <= day))

    def latest(self, *, as_at: datetime.date | None = None) -> AreaReview | None:
        """The latest rating; with `as_at`, the latest of those reported on or before that day."""
        ratings = (self if as_at is None else self.as_at(as_at)).ratings
        return ratings[-1] if ratings else None

    def previous(self, before: InspectionEvent) -> AreaReview | None:
        """The latest rating at an event earlier in event date order than `before`."""
        position = event_position(before)
        earlier = [r for r in self.ratings if event_position(r.event) < position]
        return earlier[-1] if earlier else None

    def direction(self, review: AreaReview) -> str | None:
        """The direction of travel of `review`'s rating against the rating before its event."""
        previous = self.previous(review.event)
        return direction_of_travel(previous.rag if previous else "", review.rag)

    def with_directions(self) -> list[AreaReview]:
        """The reviews in order, each given `.previous` (the rating before it, or None) and
        `.direction` (its direction of travel against that rating), for pages to show."""
        previous = None
        for review in self.reviews:
            review.previous = previous
            review.direction = direction_of_travel(previous.rag if previous else "", review.rag)
            if review.rag:
                previous = review
        return list(self.reviews)


def by_area(reviews: Iterable[AreaReview]) -> dict[int, Trajectory]:
    """Reviews of several areas (each with its `.event`) as each area's trajectory, by area id."""
    grouped: dict[int, list[AreaReview]] = defaultdict(list)
    for review in reviews:
        grouped[review.area_id].append(review)
    return {area_id: Trajectory(area_reviews) for area_id, area_reviews in grouped.items()}


def visible_reviews(user) -> QuerySet[AreaReview]:
    """The reviews the user may see (at events they may see, of areas they may see: drafts and
    the areas they raised are embargoed), in event date order."""
    return AreaReview.objects.filter(recorded_visible_through(user)).order_by(*EVENT_ORDER)


def rating_trajectories(authority, *, events=None) -> dict[int, Trajectory]:
    """Each area's trajectory of ratings (rated reviews only), keyed by area id, in one query.

    `events` limits which events count (a queryset or list); by default the authority's published
    events, so an embargoed draft never shows in a trajectory."""
    if events is None:
        events = InspectionEvent.objects.published().filter(authority=authority)
    reviews = (
        AreaReview.objects.filter(area__authority=authority, event__in=events)
        .exclude(rag="")
        .select_related("event")
        .order_by(*EVENT_ORDER)
    )
    return by_area(reviews)
