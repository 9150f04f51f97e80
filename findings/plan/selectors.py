"""Reading the plan: actions with their latest update, and the counts the board reads first. Each
in a fixed number of queries, however long the plan."""

import datetime

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from ..models import LeadRAG, due_soon_action, open_action, overdue_action
from .models import ProgressUpdate

NEWEST_FIRST = ("-date", "-created_at", "-id")


def with_latest_update(actions: QuerySet) -> QuerySet:
    """The actions with their area, lead and latest progress update (`action.latest_update`)
    read in two queries in all."""
    newest = (
        ProgressUpdate.objects.filter(action=OuterRef("action"))
        .order_by(*NEWEST_FIRST)
        .values("pk")[:1]
    )
    latest = ProgressUpdate.objects.filter(pk=Subquery(newest)).select_related("author")
    return actions.select_related("area", "lead_user").prefetch_related(
        Prefetch("updates", queryset=latest, to_attr="latest_updates")
    )


def plan_counts(actions: QuerySet, today: datetime.date | None = None) -> dict[str, int]:
    """How many actions there are, open, overdue, due soon (PLAN_DUE_SOON_DAYS), complete, and
    of each lead's RAG among the open ones: one query."""
    today = today or timezone.localdate()
    is_open = open_action()
    counts = {
        "total": Count("pk"),
        "open": Count("pk", filter=is_open),
        "overdue": Count("pk", filter=overdue_action(today)),
        "due_soon": Count("pk", filter=due_soon_action(today)),
        "complete": Count("pk", filter=~is_open),
        "not_rated": Count("pk", filter=is_open & Q(rag="")),
    }
    for rag in LeadRAG:
        counts[rag.name.lower()] = Count("pk", filter=is_open & Q(rag=rag.value))
    return actions.order_by().aggregate(**counts)
