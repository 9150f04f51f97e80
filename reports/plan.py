"""What the improvement plan PDF says: the plan as it stands on a day, for an authority. Its counts
first, then every action by area of concern (with the area's latest RAG rating by the board): the
lead, the due date and whether the action is overdue, its status, the lead's own RAG, its latest
progress update and the measures that would show it worked.

A PDF may reach anyone, so it shows what a board member sees: published areas of concern only (an
area raised by a draft event is left out, with its actions, until the draft is published), and
ratings from published events only."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch
from django.utils.formats import date_format

from findings.models import AreaOfConcern, AreaReview, ImprovementAction, LeadRAG
from findings.plan.models import ImpactMeasure
from findings.plan.selectors import plan_counts, with_latest_update
from findings.trajectories import Trajectory, rating_trajectories
from visits.models import LocalAuthority


@dataclass
class PlannedAction:
    """One action as the plan shows it, as at the plan's day."""

    action: ImprovementAction
    as_at: datetime.date

    @property
    def is_overdue(self) -> bool:
        return not self.action.is_complete and self.action.due_date < self.as_at

    @property
    def days_overdue(self) -> int:
        return (self.as_at - self.action.due_date).days if self.is_overdue else 0

    @property
    def due_in_days(self) -> int | None:
        """Days until it is due, for an open action not yet overdue."""
        if self.action.is_complete or self.is_overdue:
            return None
        return (self.action.due_date - self.as_at).days

    @property
    def rag(self) -> LeadRAG | None:
        return LeadRAG(self.action.rag) if self.action.rag else None

    @property
    def impact_measures(self) -> list[ImpactMeasure]:
        return list(self.action.impact_measures.all())

    @property
    def latest_update(self):
        return self.action.latest_update


@dataclass
class PlannedArea:
    area: AreaOfConcern
    latest_rating: AreaReview | None  # the board's latest RAG rating of the area
    actions: list[PlannedAction] = field(default_factory=list)


def plan_actions(authority_id: int):
    """The authority's actions on published areas of concern, with what the plan shows of each:
    area, lead, latest update and impact measures (four queries)."""
    actions = ImprovementAction.objects.filter(
        area__authority_id=authority_id, area__in=AreaOfConcern.objects.published()
    )
    return with_latest_update(actions).prefetch_related(
        Prefetch(
            "impact_measures",
            queryset=ImpactMeasure.objects.select_related("indicator").order_by("id"),
        )
    )


def plan_context(authority_id: int, today: datetime.date) -> dict:
    """The context of templates/pdf/plan.html: the plan of the authority as at `today`."""
    authority = LocalAuthority.objects.get(pk=authority_id)
    actions = plan_actions(authority_id)
    counts = plan_counts(actions, today)
    trajectories = rating_trajectories(authority)
    areas: dict[int, PlannedArea] = {}
    ordered = actions.order_by("area__position", "area_id", "due_date", "id")
    for action in ordered:
        if action.area_id not in areas:
            rated = trajectories.get(action.area_id, Trajectory()).latest()
            areas[action.area_id] = PlannedArea(action.area, rated)
        areas[action.area_id].actions.append(PlannedAction(action, today))
    return {
        "authority": authority,
        "as_at": today,
        "title": f"Improvement plan, {date_format(today, 'j F Y')}",
        "counts": counts,
        "rag_counts": [{"rag": rag, "count": counts[rag.name.lower()]} for rag in LeadRAG],
        "due_soon_days": settings.PLAN_DUE_SOON_DAYS,
        "areas": list(areas.values()),
        # As on the plan page: the board sees which areas have no action against them.
        "areas_without_actions": AreaOfConcern.objects.published()
        .filter(authority_id=authority_id)
        .exclude(pk__in=list(areas))
        .order_by("position", "id"),
        "generated_on": today,
    }
