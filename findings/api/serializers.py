"""Serializers of the findings resources: areas of concern (with their trajectory), ratings,
findings and improvement actions, and the event extended with what was found at it."""

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from sefton_tracker.core.api.serializers import (
    DescribedModelSerializer,
    UserNameField,
    VersionedSerializer,
    describe,
)
from visits.api import InspectionEventSerializer, VisibleEventField
from visits.models import InspectionEvent

from ..models import RAG, AreaOfConcern, AreaReview, Finding, ImprovementAction, Theme
from ..services import publish, save_action, save_area, save_finding, save_review

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
    + ". Blank: not rated — with a `not_rated_reason`, recorded as not rated at this event; "
    "without one, not rated yet (a draft event only: an event is published once each of its "
    "reviews is one or the other).",
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
    due_date="When it is due (YYYY-MM-DD). A date in the past is accepted (a plan is loaded as "
    "it stands): the action is then overdue, and the answer's `warnings` says so.",
    status="How far it has got.",
)


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
    warnings = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="What to know of the action as saved, e.g. that its due date is in the past, "
        "so it shows as overdue. Empty when there is nothing to say.",
    )

    class Meta:
        model = ImprovementAction
        fields = [
            "id",
            "area",
            "area_title",
            "title",
            "lead_name",
            "due_date",
            "status",
            "is_overdue",
            "warnings",
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
            "not_rated_reason",
            "rated_by",
            "rated_at",
            "version",
        ]
        read_only_fields = ["rated_at"]

    def create(self, validated_data):
        rag = validated_data.pop("rag", "")
        rationale = validated_data.pop("rationale", "")
        reason = validated_data.pop("not_rated_reason", "")
        review = AreaReview(**validated_data)
        return save_review(
            review, rag=rag, rationale=rationale, not_rated_reason=reason, user=self.request_user
        )

    def update(self, review, validated_data):
        expected_version = validated_data.pop("version")
        rag = validated_data.pop("rag", review.rag)
        rationale = validated_data.pop("rationale", review.rationale)
        reason = validated_data.pop("not_rated_reason", review.not_rated_reason)
        for name, value in validated_data.items():
            setattr(review, name, value)
        return save_review(
            review,
            rag=rag,
            rationale=rationale,
            not_rated_reason=reason,
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
            "order": {
                "help_text": "Its place in the letter. Leave out (or 0) to place a new finding by "
                "its section and paragraph among the event's findings (last if it has no "
                "paragraph)."
            }
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
            "not_rated_reason",
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
            "not_rated_reason",
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


@extend_schema_serializer(component_name="InspectionEvent")  # as visits.api names it
class EventSerializer(InspectionEventSerializer):
    """The event resource: published only once complete (findings.services.publish)."""

    publish_service = staticmethod(publish)


@extend_schema_serializer(component_name="EventDetail")
class EventDetailSerializer(EventSerializer):
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

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "areas_reviewed", "other_findings"]

    @extend_schema_field(EventFindingSerializer(many=True))
    def get_other_findings(self, event):
        reviewed = {review.area_id for review in event.reviews.all()}
        return EventFindingSerializer(
            [f for f in event.findings.all() if f.area_id not in reviewed], many=True
        ).data
