"""The findings resources: areas of concern (with their trajectory), improvement actions, ratings
and findings (each list downloadable as CSV or XLSX), and the event resource extended with what was
found at it."""

from django.db.models import F, OuterRef, Prefetch, Subquery
from drf_spectacular.utils import extend_schema, extend_schema_view

from sefton_tracker.core.api.schema import crud_docs
from visits.api import SCOPE_NOTE, AuthorityScopedViewSet, InspectionEventViewSet
from visits.models import visible_through

from ..exports import FINDING_COLUMNS, RATING_COLUMNS
from ..filtersets import ActionFilterSet, AreaFilterSet, FindingFilterSet, RatingFilterSet
from ..models import (
    AreaOfConcern,
    AreaReview,
    Finding,
    ImprovementAction,
    area_visible_through,
    recorded_visible_through,
)
from ..plan.models import ImpactMeasure
from ..plan.selectors import with_latest_update
from ..services import delete_action, delete_area, delete_event, delete_finding, delete_review
from ..trajectories import EVENT_ORDER, LATEST_FIRST
from .exports import ACTION_COLUMNS, ActionExportMixin, ExportMixin, export_docs
from .serializers import (
    ActionSerializer,
    AreaDetailSerializer,
    AreaSerializer,
    EventDetailSerializer,
    EventSerializer,
    FindingSerializer,
    RatingSerializer,
)

DRAFTS_NOTE = (
    "Records of draft events are embargoed: only those who may change events see them (an "
    "officer, only their own authorities' drafts), and the same goes for an area of concern "
    "raised by a draft event, with everything recorded against it."
)


@crud_docs(
    "area of concern",
    "areas of concern",
    tag="Areas of concern",
    who_writes="Officers and above." + SCOPE_NOTE,
    who_deletes="Administrators; refused (409) while it has reviews or findings.",
    list_note="In the inspection's order, each with its latest RAG rating (`current_rag`). "
    + DRAFTS_NOTE,
    retrieve=extend_schema(
        summary="An area of concern with its trajectory",
        description="The area, every rating it has had in event date order (its "
        "trajectory), and its improvement actions. " + DRAFTS_NOTE,
    ),
)
class AreaViewSet(AuthorityScopedViewSet):
    queryset = AreaOfConcern.objects.all()
    serializer_class = AreaSerializer
    delete_service = staticmethod(delete_area)
    filterset_class = AreaFilterSet
    ordering_fields = ["position", "title", "theme", "current_rag", "id"]
    ordering = ["authority__name", "position", "id"]

    def get_serializer_class(self):
        return AreaDetailSerializer if self.action == "retrieve" else AreaSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AreaOfConcern.objects.none()
        visible = visible_through(self.request.user)
        # The latest rating of the area's trajectory (findings.trajectories), in SQL so that lists
        # can be ordered by it.
        latest = (
            AreaReview.objects.filter(visible, area=OuterRef("pk"))
            .exclude(rag="")
            .order_by(*LATEST_FIRST)
            .values("rag")[:1]
        )
        queryset = AreaOfConcern.objects.visible_to(self.request.user).annotate(
            current_rag=Subquery(latest)
        )
        if self.action == "retrieve":
            trajectory = (
                AreaReview.objects.filter(visible)
                .select_related("event", "rated_by")
                .order_by(*EVENT_ORDER)
            )
            queryset = queryset.prefetch_related(
                Prefetch("reviews", queryset=trajectory, to_attr="trajectory"),
                Prefetch("actions", queryset=actions_with_their_plan()),
            )
        return queryset


def actions_with_their_plan(actions=None):
    """Actions with what the API shows of each: area, lead, latest update and impact measures, in
    four queries however many there are (one when prefetched for an area: three)."""
    actions = ImprovementAction.objects.all() if actions is None else actions
    return with_latest_update(actions).prefetch_related(
        Prefetch(
            "impact_measures",
            queryset=ImpactMeasure.objects.select_related("indicator").order_by("id"),
        )
    )


ACTIONS_CSV, ACTIONS_XLSX = export_docs("improvement actions", ACTION_COLUMNS)


@crud_docs(
    "improvement action",
    "improvement actions",
    tag="Improvement actions",
    who_writes="Officers and above. The `lead` is a user of the tracker who is a member of the "
    "action's authority, or a partner's named lead." + SCOPE_NOTE,
    who_deletes="Administrators.",
    list_note="The council's own plan, earliest due first, each action with its lead, the "
    "lead's RAG, its latest progress update and its impact measures. " + DRAFTS_NOTE,
)
class ActionViewSet(ActionExportMixin, AuthorityScopedViewSet):
    queryset = ImprovementAction.objects.all()
    authority_path = "area.authority"
    serializer_class = ActionSerializer
    delete_service = staticmethod(delete_action)
    filterset_class = ActionFilterSet
    ordering_fields = ["due_date", "status", "title", "rag", "completed_on", "id"]
    ordering = ["due_date", "id"]
    export_stem = "improvement-actions"
    export_columns = ACTION_COLUMNS

    @ACTIONS_CSV
    def export_csv(self, request):
        return self.export_file("csv")

    @ACTIONS_XLSX
    def export_xlsx(self, request):
        return self.export_file("xlsx")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ImprovementAction.objects.none()
        return actions_with_their_plan(
            ImprovementAction.objects.filter(area_visible_through(self.request.user))
        )


RATINGS_CSV, RATINGS_XLSX = export_docs("ratings", RATING_COLUMNS)


@crud_docs(
    "rating",
    "ratings",
    tag="Ratings",
    who_writes="Officers and above. `rated_by` and `rated_at` are set by the server whenever "
    "`rag` or `rationale` changes." + SCOPE_NOTE,
    who_deletes="Officers and above (removes the area from the event's reviewed areas).",
    list_note="Each area of concern as reviewed at each event, with its RAG rating, in event "
    "date order. " + DRAFTS_NOTE,
)
class RatingViewSet(ExportMixin, AuthorityScopedViewSet):
    queryset = AreaReview.objects.all()
    authority_path = "event.authority"
    serializer_class = RatingSerializer
    delete_service = staticmethod(delete_review)
    filterset_class = RatingFilterSet
    ordering_fields = ["event__fieldwork_start", "area__position", "rag", "rated_at", "id"]
    ordering = ["event__fieldwork_start", "area__position", "id"]
    export_stem = "ratings"
    export_columns = RATING_COLUMNS

    @RATINGS_CSV
    def export_csv(self, request):
        return self.export_file("csv")

    @RATINGS_XLSX
    def export_xlsx(self, request):
        return self.export_file("xlsx")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AreaReview.objects.none()
        return AreaReview.objects.filter(
            recorded_visible_through(self.request.user)
        ).select_related("event", "area", "rated_by")


FINDINGS_CSV, FINDINGS_XLSX = export_docs("findings", FINDING_COLUMNS)


@crud_docs(
    "finding",
    "findings",
    tag="Findings",
    who_writes="Officers and above." + SCOPE_NOTE,
    who_deletes="Officers and above.",
    list_note="Statements quoted from Ofsted's letters, in letter order. " + DRAFTS_NOTE,
)
class FindingViewSet(ExportMixin, AuthorityScopedViewSet):
    queryset = Finding.objects.all()
    authority_path = "event.authority"
    serializer_class = FindingSerializer
    delete_service = staticmethod(delete_finding)
    filterset_class = FindingFilterSet
    ordering_fields = ["event__fieldwork_start", "order", "polarity", "id"]
    ordering = ["event__fieldwork_start", "event_id", "order", "id"]
    export_stem = "findings"
    export_columns = FINDING_COLUMNS

    @FINDINGS_CSV
    def export_csv(self, request):
        return self.export_file("csv")

    @FINDINGS_XLSX
    def export_xlsx(self, request):
        return self.export_file("xlsx")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Finding.objects.none()
        rating = (
            AreaReview.objects.filter(event=OuterRef("event"), area=OuterRef("area"))
            .exclude(rag="")
            .order_by()
            .values("rag")[:1]
        )
        # The area's title as a column, not an Area object per row: a page of 50 reads faster.
        return Finding.objects.filter(recorded_visible_through(self.request.user)).annotate(
            area_rag=Subquery(rating), area_title=F("area__title")
        )


@extend_schema_view(
    retrieve=extend_schema(
        summary="An inspection event with everything found at it",
        description="The event, its judgements, each area of concern it reviewed with that "
        "area's rating and the findings about it, and its other findings. " + DRAFTS_NOTE,
    )
)
class EventViewSet(InspectionEventViewSet):
    """The event resource, whose single-event answer also carries what the findings app records
    at the event (reviews, ratings, findings): the board's common need in one call."""

    serializer_class = EventSerializer
    delete_service = staticmethod(delete_event)

    def get_serializer_class(self):
        return (
            EventDetailSerializer if self.action == "retrieve" else super().get_serializer_class()
        )

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "retrieve" and not getattr(self, "swagger_fake_view", False):
            # The event is one the user may see; an area it reviewed may be embargoed (raised by
            # a draft).
            visible_area = area_visible_through(self.request.user)
            queryset = queryset.prefetch_related(
                Prefetch(
                    "reviews",
                    queryset=AreaReview.objects.filter(visible_area)
                    .select_related("area", "rated_by")
                    .order_by("area__position", "id"),
                ),
                Prefetch(
                    "findings",
                    queryset=Finding.objects.filter(visible_area).order_by("order", "id"),
                ),
            )
        return queryset
