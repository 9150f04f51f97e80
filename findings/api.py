"""API resources for areas of concern (with their trajectory), ratings, findings and improvement
actions, their CSV/XLSX exports, and the event resource extended with what was found at it."""

from django.db.models import F, OuterRef, Prefetch, Subquery
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers

from sefton_tracker.api import (
    DescribedModelSerializer,
    ResourceViewSet,
    UserNameField,
    VersionedSerializer,
    crud_docs,
    describe,
)
from sefton_tracker.exports import (
    CHUNK_SIZE,
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    csv_response,
    export_filename,
    xlsx_response,
)
from visits.api import InspectionEventSerializer, InspectionEventViewSet, VisibleEventField
from visits.models import InspectionEvent, visible_through

from . import exports
from .filtersets import ActionFilterSet, AreaFilterSet, FindingFilterSet, RatingFilterSet
from .models import RAG, AreaOfConcern, AreaReview, Finding, ImprovementAction, Theme
from .services import save_action, save_area, save_finding, save_review

describe(
    AreaOfConcern,
    authority="The id of the local authority whose improvement journey the area is part of.",
    theme="The theme the area belongs to, for grouping.",
)
describe(
    AreaReview,
    area="The id of the area of concern reviewed.",
    rag="The board's RAG progress rating: "
    + "; ".join(f"{rag.label}: {rag.meaning}" for rag in RAG)
    + ". Blank: reviewed, not yet rated.",
    rated_at="When the rating was last set (set by the server).",
)
describe(
    Finding,
    area="The id of the area of concern it speaks to; null if none (e.g. a headline).",
    polarity="Whether Ofsted describes a strength, a weakness, or both.",
    section="The section of the letter or report it is quoted from.",
)
describe(
    ImprovementAction,
    area="The id of the area of concern the action addresses.",
    title="What is to be done.",
    due_date="When it is due (YYYY-MM-DD); a new action's is today or later.",
    status="How far it has got.",
)


# --- Serializers ------------------------------------------------------------------------------


class AreaSerializer(VersionedSerializer):
    raised_by = VisibleEventField(
        allow_null=True, required=False, help_text="The id of the inspection that raised it."
    )
    current_rag = serializers.ChoiceField(
        choices=RAG.choices,
        read_only=True,
        allow_null=True,
        help_text="The area's latest RAG rating: the rating at the most recent event (by "
        "fieldwork start) that rated it; null if it has never been rated.",
    )

    class Meta:
        model = AreaOfConcern
        fields = [
            "id",
            "authority",
            "title",
            "description",
            "theme",
            "raised_by",
            "position",
            "current_rag",
            "created_at",
            "updated_at",
            "version",
        ]

    def persist(self, area, *, expected_version):
        return save_area(area, expected_version=expected_version)


class ActionSerializer(VersionedSerializer):
    area_title = serializers.CharField(
        source="area.title", read_only=True, help_text="The area of concern's title."
    )
    is_overdue = serializers.BooleanField(
        read_only=True, help_text="Not complete, and its due date has passed."
    )

    class Meta:
        model = ImprovementAction
        fields = [
            "id",
            "area",
            "area_title",
            "title",
            "owner",
            "due_date",
            "status",
            "is_overdue",
            "created_at",
            "updated_at",
            "version",
        ]

    def persist(self, action, *, expected_version):
        return save_action(action, expected_version=expected_version)


class RatingSerializer(VersionedSerializer):
    """An area of concern as reviewed at one event, with the board's RAG rating of its progress."""

    event = VisibleEventField(help_text="The id of the event that reviewed the area.")
    event_title = serializers.CharField(
        source="event.title",
        read_only=True,
        help_text="The event's name, e.g. 'Sixth monitoring visit'.",
    )
    fieldwork_start = serializers.DateField(
        source="event.fieldwork_start",
        read_only=True,
        help_text="When the event's fieldwork began.",
    )
    area_title = serializers.CharField(
        source="area.title", read_only=True, help_text="The area of concern's title."
    )
    theme = serializers.ChoiceField(
        source="area.theme", choices=Theme.choices, read_only=True, help_text="The area's theme."
    )
    rated_by = UserNameField(help_text="Who last set the rating (set by the server).")

    class Meta:
        model = AreaReview
        fields = [
            "id",
            "event",
            "event_title",
            "fieldwork_start",
            "area",
            "area_title",
            "theme",
            "area_wording",
            "rag",
            "rationale",
            "rated_by",
            "rated_at",
            "version",
        ]
        read_only_fields = ["rated_at"]

    def create(self, validated_data):
        rag = validated_data.pop("rag", "")
        rationale = validated_data.pop("rationale", "")
        review = AreaReview(**validated_data)
        return save_review(review, rag=rag, rationale=rationale, user=self.request_user)

    def update(self, review, validated_data):
        expected_version = validated_data.pop("version")
        rag = validated_data.pop("rag", review.rag)
        rationale = validated_data.pop("rationale", review.rationale)
        for name, value in validated_data.items():
            setattr(review, name, value)
        return save_review(
            review,
            rag=rag,
            rationale=rationale,
            user=self.request_user,
            expected_version=expected_version,
        )


class FindingSerializer(VersionedSerializer):
    event = VisibleEventField(help_text="The id of the event whose letter it is quoted from.")
    area_title = serializers.CharField(  # annotated by FindingViewSet.get_queryset
        read_only=True,
        allow_null=True,
        help_text="The area of concern's title; null if the finding has no area.",
    )
    area_rag = serializers.ChoiceField(
        choices=RAG.choices,
        read_only=True,
        allow_null=True,
        help_text="The area's RAG rating at the same event; null if the area was not rated there.",
    )

    class Meta:
        model = Finding
        fields = [
            "id",
            "event",
            "area",
            "area_title",
            "area_rag",
            "text",
            "polarity",
            "section",
            "paragraph",
            "order",
            "version",
        ]
        extra_kwargs = {
            "order": {"help_text": "Its place in the letter; leave out (or 0) to add it last."}
        }

    def persist(self, finding, *, expected_version):
        return save_finding(finding, expected_version=expected_version)


class EventSummarySerializer(DescribedModelSerializer):
    title = serializers.CharField(read_only=True, help_text="How letters name the event.")

    class Meta:
        model = InspectionEvent
        fields = [
            "id",
            "kind",
            "visit_number",
            "title",
            "fieldwork_start",
            "fieldwork_end",
            "published_on",
            "status",
        ]
        read_only_fields = fields


class TrajectoryPointSerializer(DescribedModelSerializer):
    event = EventSummarySerializer(read_only=True, help_text="The event that reviewed the area.")
    rated_by = UserNameField(help_text="Who last set the rating.")

    class Meta:
        model = AreaReview
        fields = [
            "id",
            "event",
            "area_wording",
            "rag",
            "rationale",
            "rated_by",
            "rated_at",
            "version",
        ]
        read_only_fields = fields


class AreaDetailSerializer(AreaSerializer):
    trajectory = TrajectoryPointSerializer(
        many=True,
        read_only=True,
        help_text="Every review of the area (the `ratings` resource), in event date order.",
    )
    actions = ActionSerializer(
        many=True, read_only=True, help_text="The council's improvement actions for the area."
    )

    class Meta(AreaSerializer.Meta):
        fields = [*AreaSerializer.Meta.fields, "trajectory", "actions"]


class AreaSummarySerializer(DescribedModelSerializer):
    class Meta:
        model = AreaOfConcern
        fields = ["id", "title", "theme", "position"]
        read_only_fields = fields


class EventFindingSerializer(DescribedModelSerializer):
    class Meta:
        model = Finding
        fields = ["id", "area", "text", "polarity", "section", "paragraph", "order", "version"]
        read_only_fields = fields


class ReviewedAreaSerializer(DescribedModelSerializer):
    area = AreaSummarySerializer(read_only=True, help_text="The area of concern reviewed.")
    rated_by = UserNameField(help_text="Who last set the rating.")
    findings = serializers.SerializerMethodField(
        help_text="The event's findings about this area, in letter order."
    )

    class Meta:
        model = AreaReview
        fields = [
            "id",
            "area",
            "area_wording",
            "rag",
            "rationale",
            "rated_by",
            "rated_at",
            "version",
            "findings",
        ]
        read_only_fields = fields

    @extend_schema_field(EventFindingSerializer(many=True))
    def get_findings(self, review):
        # review.event is the event being shown, with its findings prefetched.
        return EventFindingSerializer(
            [f for f in review.event.findings.all() if f.area_id == review.area_id], many=True
        ).data


class EventDetailSerializer(InspectionEventSerializer):
    """An event with everything recorded at it: what the board needs in one call."""

    areas_reviewed = ReviewedAreaSerializer(
        source="reviews",
        many=True,
        read_only=True,
        help_text="The areas of concern the event reviewed, in the inspection's order, each with "
        "its rating and the findings about it.",
    )
    other_findings = serializers.SerializerMethodField(
        help_text="Findings not about any area the event reviewed (e.g. headline findings)."
    )

    class Meta(InspectionEventSerializer.Meta):
        fields = [*InspectionEventSerializer.Meta.fields, "areas_reviewed", "other_findings"]

    @extend_schema_field(EventFindingSerializer(many=True))
    def get_other_findings(self, event):
        reviewed = {review.area_id for review in event.reviews.all()}
        return EventFindingSerializer(
            [f for f in event.findings.all() if f.area_id not in reviewed], many=True
        ).data


# --- Resources --------------------------------------------------------------------------------

DRAFTS_NOTE = "Records of draft events are embargoed: only those who may change events see them."


def export_docs(plural, columns):
    described = ", ".join(column.heading for column in columns)
    note = (
        f"All the {plural} the list would return for the same filters (and `ordering`), one row "
        f"each, unpaginated. Columns: {described}."
    )
    return (
        extend_schema(
            summary=f"Download {plural} as CSV",
            description=f"{note} UTF-8 with a byte-order mark; text that a spreadsheet would "
            "read as a formula is prefixed with an apostrophe.",
            filters=True,
            responses={(200, CSV_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.STR, "A CSV file.")},
        ),
        extend_schema(
            summary=f"Download {plural} as an Excel workbook (XLSX)",
            description=note,
            filters=True,
            responses={
                (200, XLSX_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY, "An XLSX file.")
            },
        ),
    )


@crud_docs(
    "area of concern",
    "areas of concern",
    tag="Areas of concern",
    who_writes="Officers and above.",
    who_deletes="Administrators; refused (409) while it has reviews or findings.",
    list_note="In the inspection's order, each with its latest RAG rating (`current_rag`).",
    retrieve=extend_schema(
        summary="An area of concern with its trajectory",
        description="The area, every rating it has had in event date order (its "
        "trajectory), and its improvement actions. " + DRAFTS_NOTE,
    ),
)
class AreaViewSet(ResourceViewSet):
    queryset = AreaOfConcern.objects.all()
    serializer_class = AreaSerializer
    filterset_class = AreaFilterSet
    ordering_fields = ["position", "title", "theme", "current_rag", "id"]
    ordering = ["authority__name", "position", "id"]

    def get_serializer_class(self):
        return AreaDetailSerializer if self.action == "retrieve" else AreaSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AreaOfConcern.objects.none()
        visible = visible_through(self.request.user)
        latest = (
            AreaReview.objects.filter(visible, area=OuterRef("pk"))
            .exclude(rag="")
            .order_by("-event__fieldwork_start", "-event_id")
            .values("rag")[:1]
        )
        queryset = AreaOfConcern.objects.annotate(current_rag=Subquery(latest))
        if self.action == "retrieve":
            trajectory = (
                AreaReview.objects.filter(visible)
                .select_related("event", "rated_by")
                .order_by("event__fieldwork_start", "event_id")
            )
            queryset = queryset.prefetch_related(
                Prefetch("reviews", queryset=trajectory, to_attr="trajectory"),
                "actions",  # each action's area is the one prefetched for
            )
        return queryset


@crud_docs(
    "improvement action",
    "improvement actions",
    tag="Improvement actions",
    who_writes="Officers and above.",
    who_deletes="Administrators.",
    list_note="The council's own plan, earliest due first.",
)
class ActionViewSet(ResourceViewSet):
    queryset = ImprovementAction.objects.all()
    serializer_class = ActionSerializer
    filterset_class = ActionFilterSet
    ordering_fields = ["due_date", "status", "title", "id"]
    ordering = ["due_date", "id"]

    def get_queryset(self):
        return ImprovementAction.objects.select_related("area")


class ExportMixin:
    """The filtered list as a file. The viewset's `export_csv` and `export_xlsx` answer the URLs
    that api_urls gives them."""

    export_stem: str
    export_columns: list

    def export_rows(self):
        queryset = self.filter_queryset(self.get_queryset())
        return queryset.select_related("event__authority", "area").iterator(chunk_size=CHUNK_SIZE)

    def export_file(self, extension):
        filename = export_filename(self.export_stem, extension)
        if extension == "csv":
            return csv_response(self.export_rows(), self.export_columns, filename)
        title = self.export_stem.capitalize()
        return xlsx_response(self.export_rows(), self.export_columns, filename, title)


RATINGS_CSV, RATINGS_XLSX = export_docs("ratings", exports.RATING_COLUMNS)


@crud_docs(
    "rating",
    "ratings",
    tag="Ratings",
    who_writes="Officers and above. `rated_by` and `rated_at` are set by the server whenever "
    "`rag` or `rationale` changes.",
    who_deletes="Officers and above (removes the area from the event's reviewed areas).",
    list_note="Each area of concern as reviewed at each event, with its RAG rating, in event "
    "date order. " + DRAFTS_NOTE,
)
class RatingViewSet(ExportMixin, ResourceViewSet):
    queryset = AreaReview.objects.all()
    serializer_class = RatingSerializer
    filterset_class = RatingFilterSet
    ordering_fields = ["event__fieldwork_start", "area__position", "rag", "rated_at", "id"]
    ordering = ["event__fieldwork_start", "area__position", "id"]
    export_stem = "ratings"
    export_columns = exports.RATING_COLUMNS

    @RATINGS_CSV
    def export_csv(self, request):
        return self.export_file("csv")

    @RATINGS_XLSX
    def export_xlsx(self, request):
        return self.export_file("xlsx")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AreaReview.objects.none()
        return AreaReview.objects.filter(visible_through(self.request.user)).select_related(
            "event", "area", "rated_by"
        )


FINDINGS_CSV, FINDINGS_XLSX = export_docs("findings", exports.FINDING_COLUMNS)


@crud_docs(
    "finding",
    "findings",
    tag="Findings",
    who_writes="Officers and above.",
    who_deletes="Officers and above.",
    list_note="Statements quoted from Ofsted's letters, in letter order. " + DRAFTS_NOTE,
)
class FindingViewSet(ExportMixin, ResourceViewSet):
    queryset = Finding.objects.all()
    serializer_class = FindingSerializer
    filterset_class = FindingFilterSet
    ordering_fields = ["event__fieldwork_start", "order", "polarity", "id"]
    ordering = ["event__fieldwork_start", "event_id", "order", "id"]
    export_stem = "findings"
    export_columns = exports.FINDING_COLUMNS

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
        return Finding.objects.filter(visible_through(self.request.user)).annotate(
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

    def get_serializer_class(self):
        return (
            EventDetailSerializer if self.action == "retrieve" else super().get_serializer_class()
        )

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "retrieve" and not getattr(self, "swagger_fake_view", False):
            queryset = queryset.prefetch_related(
                Prefetch(
                    "reviews",
                    queryset=AreaReview.objects.select_related("area", "rated_by").order_by(
                        "area__position", "id"
                    ),
                ),
                Prefetch("findings", queryset=Finding.objects.order_by("order", "id")),
            )
        return queryset
