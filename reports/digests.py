"""What a digest says for a period across an authority (or one theme or area of it): the RAG summary,
what changed since the previous digest, the improvement plan (its counts, the overdue actions named,
the actions completed in the period) and the findings reported in the period.

An event counts from the day its findings were reported: its letter's date, or the end of its
fieldwork when the letter's date is not known (findings.trajectories.reported_on).

A digest is read by councillors who never sign in, so it shows what a board member sees: only
published events count (drafts are embargoed), and an area of concern raised by a draft is left
out with everything recorded against it until the draft is published.
"""

import datetime
from collections import Counter
from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe

from findings.charts import ChartEvent, rag_share_chart, rag_shares, trajectory_chart
from findings.models import (
    RAG,
    AreaOfConcern,
    AreaReview,
    Finding,
    ImprovementAction,
    LeadRAG,
    Theme,
    published_areas,
)
from findings.trajectories import (
    Trajectory,
    direction_of_travel,
    rating_trajectories,
    reported_on,
)
from visits.models import InspectionEvent, LocalAuthority
from visits.national import journeys
from visits.national.selectors import NeighbourGrade, national_journeys, neighbour_grades

from .indicators import indicator_table
from .models import scope_label
from .periods import Period


@dataclass
class AreaStatus:
    area: AreaOfConcern
    current: AreaReview | None  # the latest rating reported by the end of the period
    previous: AreaReview | None  # the rating before it, for the direction of travel
    at_previous_digest: AreaReview | None  # the latest rating by the end of the previous period

    @property
    def rag(self) -> str:
        return self.current.rag if self.current else ""

    @property
    def direction(self) -> str | None:
        return direction_of_travel(self.previous.rag if self.previous else "", self.rag)

    @property
    def changed(self) -> bool:
        """Whether the area's rating changed since the previous digest: a first rating, or a new
        one that differs from the rating then (an area rated again at the same RAG has not)."""
        if self.current is None or self.current == self.at_previous_digest:
            return False
        return self.at_previous_digest is None or self.at_previous_digest.rag != self.current.rag

    @property
    def rated_again(self) -> bool:
        """Whether the area was rated again since the previous digest, at the same RAG."""
        return (
            self.current is not None
            and self.at_previous_digest is not None
            and self.current != self.at_previous_digest
            and self.current.rag == self.at_previous_digest.rag
        )

    @property
    def change_direction(self) -> str | None:
        before = self.at_previous_digest.rag if self.at_previous_digest else ""
        return direction_of_travel(before, self.rag)


@dataclass
class EventFindings:
    event: InspectionEvent
    findings: list[Finding]


def digest_title(period: Period) -> str:
    """'Monthly digest: July 2024', 'Quarterly digest: April to June 2024', 'Digest: 10 July to
    5 August 2024'."""
    return f"{period.kind.capitalize()}: {period.label}"


def digest_context(
    authority_id: int, period: Period, *, theme: str = "", area_id: int | None = None
) -> dict:
    authority = LocalAuthority.objects.get(pk=authority_id)
    areas = AreaOfConcern.objects.published().filter(authority=authority).order_by("position", "id")
    if area_id:
        areas = areas.filter(pk=area_id)
    elif theme:
        areas = areas.filter(theme=theme)
    areas = list(areas)
    area_ids = [area.pk for area in areas]
    scoped = bool(area_id or theme)

    previous_end = period.previous().end
    everything = rating_trajectories(authority)
    # Each area's trajectory as known at the end of the period.
    trajectories = {
        area.pk: everything.get(area.pk, Trajectory()).as_at(period.end) for area in areas
    }
    statuses = []
    for area in areas:
        trajectory = trajectories[area.pk]
        current = trajectory.latest()
        statuses.append(
            AreaStatus(
                area=area,
                current=current,
                previous=trajectory.previous(current.event) if current else None,
                at_previous_digest=trajectory.latest(as_at=previous_end),
            )
        )
    counts = Counter(status.rag for status in statuses)

    events_so_far = [
        event
        for event in InspectionEvent.objects.published()
        .filter(authority=authority)
        .order_by("fieldwork_start", "id")
        if reported_on(event) <= period.end
    ]
    events = [event for event in events_so_far if reported_on(event) >= period.start]
    findings = (
        Finding.objects.filter(published_areas(), event__in=events)
        .select_related("area", "event")
        .order_by(
            "event__fieldwork_start",
            "event_id",
            F("area__position").asc(nulls_last=True),
            "area_id",
            "order",
            "id",
        )
    )
    if scoped:
        findings = findings.filter(area_id__in=area_ids)
    new_findings = [
        EventFindings(event, list(group))
        for event, group in groupby(findings, key=lambda finding: finding.event)
    ]

    plan = plan_section(area_ids, period)
    changes = [status for status in statuses if status.changed]
    charts = trajectory_charts(
        authority,
        events_so_far,
        areas,
        trajectories,
        changes,
        period,
        theme="" if area_id else theme,
    )
    return {
        "authority": authority,
        "period": period,
        "previous_period": period.previous(),
        "title": digest_title(period),
        "scope": scope_label(theme, areas[0] if area_id and areas else None),
        "area_statuses": statuses,
        "rag_counts": [
            {"rag": rag.value, "label": rag.label, "meaning": rag.meaning, "count": counts[rag]}
            for rag in RAG
        ],
        "unrated_count": counts[""],
        "changes": changes,
        "rated_again": [status for status in statuses if status.rated_again],
        "events": events,
        "new_findings": new_findings,
        "new_finding_count": sum(len(group.findings) for group in new_findings),
        "overdue_actions": [item.action for item in plan.overdue],
        "plan": plan,
        # Each area's ratings reported by the end of the period, in event order (a Trajectory).
        "trajectories": trajectories,
        **charts,
        "national": national_section(authority, period),
        "indicators": indicator_table(authority, area_ids, as_at=period.end).or_none(),
        "generated_on": timezone.localdate(),
    }


@dataclass
class OverdueAction:
    """An action overdue at the end of a digest's period, and by how many days then."""

    action: ImprovementAction
    days_overdue: int

    @property
    def rag(self) -> LeadRAG | None:
        return LeadRAG(self.action.rag) if self.action.rag else None


@dataclass
class PlanSection:
    """The improvement plan of the digest's areas as it stood at the end of the period: how many
    actions there were, open, overdue, due soon and complete then; the overdue ones named; and
    those completed within the period ("since the last digest")."""

    counts: dict[str, int]
    overdue: list[OverdueAction]
    completed: list[ImprovementAction]
    due_soon_days: int


def plan_section(area_ids: list[int], period: Period) -> PlanSection:
    """Three queries. An action counts as it stood at the end of the period: open if not complete
    then (one completed since is counted open, and named if it was overdue), overdue if it was open
    and due on or before the period's last day, as the tracker counts it on the day after; its
    status and the lead's RAG are shown as they are now. Every action in the plan today counts,
    whenever it was entered: a council loads its existing plan, late actions and all, so the date
    a row was created says nothing of when the action was agreed."""
    end = period.end
    day_after = end + datetime.timedelta(days=1)
    soon = day_after + datetime.timedelta(days=settings.PLAN_DUE_SOON_DAYS)
    actions = ImprovementAction.objects.filter(area_id__in=area_ids)
    complete_then = Q(status=ImprovementAction.Status.COMPLETE, completed_on__lte=end)
    open_then = ~complete_then
    overdue_then = open_then & Q(due_date__lte=end)
    counts = actions.order_by().aggregate(
        total=Count("pk"),
        open=Count("pk", filter=open_then),
        overdue=Count("pk", filter=overdue_then),
        due_soon=Count("pk", filter=open_then & Q(due_date__gte=day_after, due_date__lte=soon)),
        complete=Count("pk", filter=complete_then),
    )
    overdue = [
        OverdueAction(action, (day_after - action.due_date).days)
        for action in actions.filter(overdue_then)
        .select_related("area", "lead_user")
        .order_by("due_date", "area__position", "id")
    ]
    completed = list(
        actions.completed_between(period.start, end)
        .select_related("area", "lead_user")
        .order_by("completed_on", "area__position", "id")
    )
    return PlanSection(
        counts=counts,
        overdue=overdue,
        completed=completed,
        due_soon_days=settings.PLAN_DUE_SOON_DAYS,
    )


@dataclass
class NationalSection:
    """The authority against the national picture at the end of the period: how long since its
    inadequate judgement against the national median wait for re-inspection, and its statistical
    neighbours' latest grades, with the publications they come from."""

    authority: LocalAuthority
    as_at: datetime.date
    standing: journeys.Standing | None  # None: no inadequate judgement since 2018
    summary: journeys.Summary
    neighbours: list[NeighbourGrade]
    credits: list[str]

    @property
    def national_text(self) -> str:
        summary = self.summary
        basis = (
            f"Kaplan-Meier estimate over {summary.judged} inadequate judgement"
            f"{'' if summary.judged == 1 else 's'}, the {summary.waiting} still waiting"
            + (
                f" and the {summary.ceased} whose authority ceased to exist"
                if summary.ceased
                else ""
            )
            + " counted as censored"
        )
        if summary.median is None:
            return (
                "Nationally, fewer than half of the authorities judged inadequate since 2018 had "
                f"been re-inspected within the time the data follows ({basis})."
            )
        return (
            "Nationally, half of the authorities judged inadequate since 2018 had been "
            f"re-inspected within {summary.median:.1f} months ({basis})."
        )


def national_section(authority: LocalAuthority, period: Period) -> NationalSection | None:
    """None when no edition of Ofsted's outcomes is loaded: the digest then leaves the section
    out. As at the end of the period, from published events only (a digest shows what a board
    member sees). Five queries."""
    report = national_journeys(None, as_at=period.end)
    if not report.credits:
        return None
    neighbours = neighbour_grades(authority, as_at=period.end)
    return NationalSection(
        authority=authority,
        as_at=period.end,
        standing=report.standing(authority.ons_code),
        summary=report.summary,
        neighbours=neighbours,
        credits=list(dict.fromkeys([*report.credits, *(n.credit for n in neighbours)])),
    )


# A chart grows wider with each event; on A4 more than this many would shrink its text too far.
CHART_EVENTS = 6


def trajectory_charts(
    authority, events, areas, trajectories, changes, period, *, theme: str = ""
) -> dict:
    """The dashboard's charts, drawn from the ratings reported by the end of the period: the share
    of areas at each rating after each of the last CHART_EVENTS events, and the trajectory of each
    area whose rating changed since the previous digest over its last CHART_EVENTS ratings. The
    share chart's title says which areas it counts: all of them, or those of the digest's theme."""
    in_theme = f" in the theme {Theme(theme).label}" if theme else ""
    counted = f"{len(areas)} areas of concern{in_theme}"
    rows = []
    for area in areas:
        rated = {review.event_id: review.rag for review in trajectories[area.pk]}
        rows.append([rated.get(event.pk, "") for event in events])
    # Shares count each area at its latest rating so far, so they are worked out over every event
    # before the earlier ones are cut off.
    shares = rag_shares(rows)[-CHART_EVENTS:]
    chart_events = [ChartEvent.from_event(event) for event in events[-CHART_EVENTS:]]
    share_chart = ""
    if len(areas) > 1 and events:
        share_chart = rag_share_chart(
            chart_events,
            shares,
            title=(
                f"Share of {authority.name}'s {counted} at each rating, after each "
                f"inspection or visit to {date_format(period.end, 'j F Y')}"
            ),
            chart_id="digest-rag-share",
        )
    # An area's own chart follows it through the events that rated it, so that a long gap between
    # its reviews does not push its earlier ratings off the chart.
    area_charts = []
    for status in changes:
        reviews = trajectories[status.area.pk].reviews[-CHART_EVENTS:]
        svg = trajectory_chart(
            [ChartEvent.from_event(review.event) for review in reviews],
            [review.rag for review in reviews],
            title=f"RAG rating of “{status.area.title}” at each inspection or visit that rated it",
            chart_id=f"digest-trajectory-{status.area.pk}",
        )
        # mark_safe: findings.charts builds its SVG from escaped text.
        area_charts.append((status.area, mark_safe(svg)))
    return {
        "share_chart": mark_safe(share_chart),
        "share_chart_title": f"The {counted}" if theme else f"All {counted}",
        "trajectory_charts": area_charts,
        "charted_events": len(chart_events),
        "all_events_charted": len(chart_events) == len(events),
    }
