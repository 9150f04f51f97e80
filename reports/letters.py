"""What a visit's progress letter says: the event, each area reviewed with its rating and direction of
travel, the findings grouped by area, and the open improvement actions."""

from dataclasses import dataclass, field

from django.db.models import Q

from findings.models import AreaOfConcern, AreaReview, Finding, ImprovementAction, published_areas
from findings.trajectories import (
    Trajectory,
    direction_of_travel,
    rating_trajectories,
    reported_on,
)
from visits.models import InspectionEvent

from .indicators import indicator_table


@dataclass
class ReviewedArea:
    review: AreaReview
    previous: AreaReview | None  # the area's rating before the event, in its trajectory

    @property
    def direction(self) -> str | None:
        return direction_of_travel(self.previous.rag if self.previous else "", self.review.rag)


@dataclass
class FindingGroup:
    """One area's findings from the letter, strengths, weaknesses and mixed apart."""

    area: AreaOfConcern | None
    strengths: list[Finding] = field(default_factory=list)
    weaknesses: list[Finding] = field(default_factory=list)
    mixed: list[Finding] = field(default_factory=list)

    def add(self, finding: Finding) -> None:
        {
            Finding.Polarity.STRENGTH: self.strengths,
            Finding.Polarity.WEAKNESS: self.weaknesses,
        }.get(finding.polarity, self.mixed).append(finding)

    @property
    def count(self) -> int:
        return len(self.strengths) + len(self.weaknesses) + len(self.mixed)


def letter_context(event_id: int) -> dict:
    event = (
        InspectionEvent.objects.select_related("authority")
        .prefetch_related("judgements")
        .get(pk=event_id)
    )
    # A letter shows the published record and the event itself: not an area raised by another
    # event that is still a draft (nor anything recorded against it).
    shown_area = published_areas(or_raised_by=event)
    reviews = list(
        event.reviews.filter(shown_area)
        .select_related("area")
        .order_by("area__position", "area_id")
    )
    # The published record, plus this event when it is still a draft.
    events = InspectionEvent.objects.filter(
        Q(status=InspectionEvent.Status.PUBLISHED) | Q(pk=event.pk), authority=event.authority_id
    )
    trajectories = rating_trajectories(event.authority, events=events)
    reviewed = [
        ReviewedArea(review, trajectories.get(review.area_id, Trajectory()).previous(event))
        for review in reviews
    ]

    groups: dict[int | None, FindingGroup] = {
        review.area_id: FindingGroup(review.area) for review in reviews
    }
    findings = event.findings.filter(shown_area).select_related("area")
    for finding in findings.order_by("area__position", "order", "id"):
        group = groups.setdefault(finding.area_id, FindingGroup(finding.area))
        group.add(finding)
    unlinked = groups.pop(None, None)
    finding_groups = [g for g in groups.values() if g.count] + ([unlinked] if unlinked else [])

    area_ids = [review.area_id for review in reviews]
    actions = (
        ImprovementAction.objects.open()
        .filter(area_id__in=area_ids)
        .select_related("area", "lead_user")
        .order_by("due_date", "id")
    )
    indicators = indicator_table(event.authority, area_ids, as_at=reported_on(event))
    return {
        "event": event,
        "judgements": list(event.judgements.all()),
        "reviewed_areas": reviewed,
        "finding_groups": finding_groups,
        "finding_count": sum(g.count for g in finding_groups),
        "open_actions": list(actions),
        # The indicators linked to the areas reviewed, as known by the letter's date.
        "indicators": indicators.or_none(),
    }
