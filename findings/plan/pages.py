"""What the plan's pages show, each read in a fixed number of queries however long the plan:

    board_page(authority, user, data, link_params) -> BoardPage     /plan/
    action_page(action, user) -> ActionPage                         /plan/actions/<pk>/

The board reads the plan as an improvement board does: the counts first (each a link to the
actions it counts), then every action under its area of concern, in the areas' own order, with
its lead's RAG and latest progress update. Only the areas (and their actions) the reader may see
are shown: an area raised by a draft stays hidden from those who may not see the draft."""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Q
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone

from visits.models import LocalAuthority

from ..indicators.models import IndicatorValue
from ..indicators.pages import Figure, Numbers
from ..models import AreaOfConcern, ImprovementAction, LeadRAG, area_visible_through
from .forms import NOT_RATED, PlanFilterForm
from .models import ImpactMeasure, ProgressUpdate
from .selectors import plan_counts, with_latest_update


def lead_rag_colour(rag: str) -> str:
    """The GOV.UK tag colour of a lead's RAG ('' when not rated)."""
    return LeadRAG(rag).colour if rag else ""


def with_rag_colours(actions):
    """Give each action, and its latest update, the colour of its RAG's tag (`rag_colour`)."""
    for action in actions:
        action.rag_colour = lead_rag_colour(action.rag)
        latest = action.latest_update
        if latest is not None:
            latest.rag_colour = lead_rag_colour(latest.rag)
    return actions


# -- The board ----------------------------------------------------------------------------------


@dataclass
class Tally:
    """One count at the top of the board, linking to the actions it counts."""

    number: int
    label: str
    url: str
    rag: str = ""  # a lead's RAG: the count is shown with its tag
    alert: bool = False


@dataclass
class AreaActions:
    area: AreaOfConcern
    actions: list[ImprovementAction]


@dataclass
class BoardPage:
    authority: LocalAuthority
    counts: dict[str, int]
    tallies: list[Tally]
    rag_tallies: list[Tally]
    filters: PlanFilterForm
    groups: list[AreaActions]  # the areas with actions shown, in their order
    areas_without_actions: list[AreaOfConcern]
    shown: int
    filtered: bool
    clear_url: str


def plan_leads(actions) -> list[tuple[str, str, Q]]:
    """The plan's leads, by name, as the lead filter offers them: (value, label, condition on the
    actions). Users by id; a partner's lead by name and agency. One query."""
    rows = (
        actions.order_by()
        .values_list(
            "lead_user_id",
            "lead_user__first_name",
            "lead_user__last_name",
            "lead_user__username",
            "lead_name",
            "lead_agency",
        )
        .distinct()
    )
    leads = []
    for user_id, first, last, username, name, agency in rows:
        if user_id:
            label = f"{first} {last}".strip() or username
            leads.append((f"user-{user_id}", label, Q(lead_user_id=user_id)))
        else:
            label = f"{name}, {agency}" if agency else name
            condition = Q(lead_user__isnull=True, lead_name=name, lead_agency=agency)
            leads.append((f"partner-{name}|{agency}", label, condition))
    return sorted(leads, key=lambda lead: (lead[1].lower(), lead[0]))


def board_page(
    authority: LocalAuthority,
    user,
    data=None,
    link_params: dict | None = None,
    today: datetime.date | None = None,
) -> BoardPage:
    """The authority's plan as `user` may see it, narrowed by the filters in `data` (the query
    string). `link_params` are kept in the counts' links (the authority chosen). Five queries."""
    today = today or timezone.localdate()
    link_params = link_params or {}
    plan = ImprovementAction.objects.filter(area_visible_through(user), area__authority=authority)
    areas = list(
        AreaOfConcern.objects.visible_to(user)
        .filter(authority=authority)
        .order_by("position", "id")
    )
    filters = PlanFilterForm(data, leads=plan_leads(plan), areas=areas)
    actions = with_rag_colours(
        list(with_latest_update(filters.apply(plan, today)).order_by("due_date", "id"))
    )
    by_area: dict[int, list[ImprovementAction]] = {}
    for action in actions:
        by_area.setdefault(action.area_id, []).append(action)
    filtered = bool(filters.chosen)
    groups = [AreaActions(area, by_area[area.pk]) for area in areas if area.pk in by_area]
    # Gaps in the plan: said once, below it, unless the filters hide actions.
    without = [] if filtered else [area for area in areas if area.pk not in by_area]
    counts = plan_counts(plan, today)

    def link(**params) -> str:
        query = urlencode({**link_params, **params})
        return f"{reverse('plan-board')}{'?' if query else ''}{query}#actions"

    tallies = [
        Tally(counts["total"], f"action{pluralize(counts['total'])} in the plan", link()),
        Tally(counts["overdue"], "overdue", link(show="overdue"), alert=counts["overdue"] > 0),
        Tally(counts["due_soon"], "due soon", link(show="due_soon")),
        Tally(counts["complete"], "complete", link(show="complete")),
    ]
    rag_tallies = [
        Tally(counts[rag.name.lower()], rag.label, link(show="open", rag=rag.value), rag=rag)
        for rag in LeadRAG
    ]
    rag_tallies.append(Tally(counts["not_rated"], "Not rated", link(show="open", rag=NOT_RATED)))
    return BoardPage(
        authority=authority,
        counts=counts,
        tallies=tallies,
        rag_tallies=rag_tallies,
        filters=filters,
        groups=groups,
        areas_without_actions=without,
        shown=len(actions),
        filtered=filtered,
        clear_url=link(),
    )


# -- An action's page ---------------------------------------------------------------------------


@dataclass
class MeasureLine:
    """An impact measure, with its indicator's latest figure for the action's authority."""

    measure: ImpactMeasure
    figure: Figure = field(default_factory=Figure)
    period: str = ""
    url: str = ""  # the indicator's page


@dataclass
class ActionPage:
    action: ImprovementAction
    updates: list[ProgressUpdate]
    measures: list[MeasureLine]


def _measure_lines(action: ImprovementAction) -> list[MeasureLine]:
    """The action's measures, each with its indicator's latest figure: two queries (one when
    none is linked to an indicator)."""
    authority = action.area.authority
    measures = list(action.impact_measures.select_related("indicator"))
    indicators = {m.indicator_id: m.indicator for m in measures if m.indicator_id}
    values: dict[int, list[IndicatorValue]] = {}
    if indicators:
        for value in IndicatorValue.objects.filter(
            indicator_id__in=list(indicators),
            level=IndicatorValue.Level.AUTHORITY,
            authority=authority,
        ).order_by("period_end"):
            values.setdefault(value.indicator_id, []).append(value)
    lines = []
    for measure in measures:
        indicator = measure.indicator
        if indicator is None:
            lines.append(MeasureLine(measure))
            continue
        series = values.get(indicator.pk, [])
        latest = series[-1] if series else None
        numbers = Numbers(indicator, [value.value for value in series])
        url = reverse("indicator-detail", args=[indicator.key])
        if not indicator.is_local:
            url += f"?authority={authority.pk}"
        lines.append(
            MeasureLine(
                measure,
                figure=numbers.figure(latest),
                period=latest.period if latest else "",
                url=url,
            )
        )
    return lines


def action_page(action: ImprovementAction, user) -> ActionPage:
    """An action (one the user may see, with its area and authority) with every progress
    update, newest first, and its impact measures: four queries."""
    updates = list(action.updates.select_related("author").order_by("-date", "-created_at", "-id"))
    for update in updates:
        update.rag_colour = lead_rag_colour(update.rag)
    action.rag_colour = lead_rag_colour(action.rag)
    return ActionPage(action=action, updates=updates, measures=_measure_lines(action))
