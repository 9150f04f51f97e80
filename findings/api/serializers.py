"""Serializers of the findings resources: areas of concern (with their trajectory), ratings,
findings and improvement actions, and the event extended with what was found at it."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import exceptions, serializers

from sefton_tracker.core.api.serializers import (
    DescribedModelSerializer,
    UserNameField,
    VersionedSerializer,
    describe,
)
from sefton_tracker.core.display import person_name
from visits.api import InspectionEventSerializer, VisibleEventField
from visits.models import InspectionEvent

from ..models import (
    LEAD_NEEDED,
    ONE_LEAD,
    RAG,
    AreaOfConcern,
    AreaReview,
    Finding,
    ImprovementAction,
    LeadRAG,
    Theme,
)
from ..plan.models import ImpactMeasure, ProgressUpdate
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
    status="How far it has got. Set to `complete`, the action records the day it was completed "
    "(`completed_on`); moved back, that day is cleared.",
    rag="The lead's own RAG: "
    + "; ".join(f"`{rag.value}`: {rag.label.lower()}" for rag in LeadRAG)
    + ". Blank: not rated yet. Not the board's RAG rating of the area (the `ratings` resource).",
    rag_reason="Why the action is on track, at risk or off track: required when `rag` is set. "
    "A progress update that is the action's latest sets `rag` and this (to its note).",
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


class LeadSerializer(serializers.Serializer):
    """The shape of an action's `lead`, for the schema (LeadField reads and writes it)."""

    user = serializers.CharField(
        allow_null=True,
        required=False,
        help_text="The username of the tracker's user who leads the action (reminded by email): "
        "an active user who is a member of the action's local authority. Null for a partner's "
        "lead.",
    )
    name = serializers.CharField(
        max_length=120,
        required=False,
        help_text="A partner's lead who is not a user of the tracker: their name and role, e.g. "
        "'DI Rob Jones, missing from home coordinator'. When reading, the lead's name as the "
        "plan shows it (a user's full name, or a partner's name and agency). Send `user` or "
        "`name`, not both.",
    )
    agency = serializers.CharField(
        max_length=120,
        required=False,
        allow_blank=True,
        help_text="A partner's lead's agency, e.g. 'Merseyside Police'; blank for a user, or a "
        "lead of the council.",
    )


LEAD_FIELDS = ("lead_user", "lead_name", "lead_agency")


@extend_schema_field(LeadSerializer)
class LeadField(serializers.Field):
    """Who leads an action: a user of the tracker (by username) or a named partner's lead (with an
    optional agency), not both. Written as {"user": ...} or {"name": ..., "agency": ...}; read
    with all three. Stands for the model's lead_user, lead_name and lead_agency."""

    default_error_messages = {
        "required": LEAD_NEEDED,
        "null": LEAD_NEEDED,
        # Formatted with str.format: the braces of the example are doubled.
        "invalid": 'Send the lead as an object: {{"user": "<username>"}} or {{"name": "<name '
        'and role>", "agency": "<agency>"}}.',
        "unknown_user": "There is no active user with the username “{username}”.",
        "too_long": "The lead's {part} must be 120 characters or fewer.",
        "null_characters": "The lead's {part} must not contain null characters.",
    }

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        super().__init__(**kwargs)

    def to_representation(self, action):
        if action.lead_user_id:
            return {
                "user": action.lead_user.get_username(),
                "name": person_name(action.lead_user),
                "agency": "",
            }
        return {"user": None, "name": action.lead_name, "agency": action.lead_agency}

    def to_internal_value(self, data):
        if not isinstance(data, dict) or set(data) - {"user", "name", "agency"}:
            self.fail("invalid")
        username = data.get("user")
        name = data.get("name")
        agency = data.get("agency")
        for part, value in (("user", username), ("name", name), ("agency", agency)):
            if value is not None and not isinstance(value, str):
                self.fail("invalid")
            if value and "\x00" in value:  # the database cannot store them
                self.fail("null_characters", part=part)
        username, name, agency = (username or "").strip(), (name or "").strip(), agency or ""
        if username and name:
            raise exceptions.ValidationError(ONE_LEAD)
        if not username and not name:
            self.fail("required")
        if username:
            if agency.strip():
                raise exceptions.ValidationError(ONE_LEAD)
            user = get_user_model().objects.filter(username=username, is_active=True).first()
            if user is None:
                self.fail("unknown_user", username=username)
            return {"lead_user": user, "lead_name": "", "lead_agency": ""}
        for part, value in (("name", name), ("agency", agency.strip())):
            if len(value) > 120:
                self.fail("too_long", part=part)
        return {"lead_user": None, "lead_name": name, "lead_agency": agency.strip()}


class LatestUpdateSerializer(DescribedModelSerializer):
    """An action's latest progress update, in brief (the `action-updates` resource has it all)."""

    author = serializers.SlugRelatedField(
        slug_field="username", read_only=True, help_text="The username of who recorded it."
    )
    has_evidence = serializers.BooleanField(
        read_only=True, help_text="Whether it carries evidence: a link or a file."
    )

    class Meta:
        model = ProgressUpdate
        fields = ["id", "date", "rag", "note", "author", "has_evidence"]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "The update's id in the `action-updates` resource."},
            "rag": {"help_text": "The lead's RAG given with the update: green, amber or red."},
        }


class ImpactMeasureSummarySerializer(DescribedModelSerializer):
    indicator = serializers.SlugRelatedField(
        slug_field="key",
        read_only=True,
        allow_null=True,
        help_text="The key of the indicator that measures it (the `indicators` resource); null "
        "if no indicator does.",
    )

    class Meta:
        model = ImpactMeasure
        fields = ["description", "indicator"]
        read_only_fields = fields
        extra_kwargs = {"description": {"help_text": "What would show that the action worked."}}


class ActionSerializer(VersionedSerializer):
    area_title = serializers.CharField(
        source="area.title", read_only=True, help_text="The area of concern's title."
    )
    lead = LeadField(
        help_text="Who leads the action: a user of the tracker or a partner's named lead. Send "
        '{"user": "<username>"} or {"name": "<name and role>", "agency": "<agency>"} '
        "(agency optional), not both."
    )
    is_overdue = serializers.BooleanField(
        read_only=True, help_text="Not complete, and its due date has passed."
    )
    days_overdue = serializers.IntegerField(
        read_only=True, help_text="How many days past its due date it is; 0 if it is not overdue."
    )
    completed_on = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="The day its status became complete (set by the server); null while it is open.",
    )
    latest_update = LatestUpdateSerializer(
        read_only=True,
        allow_null=True,
        help_text="Its latest progress update (newest date first); null if it has none.",
    )
    impact_measures = ImpactMeasureSummarySerializer(
        many=True,
        read_only=True,
        help_text="What would show the action worked, each linked to an indicator where one "
        "measures it.",
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
            "lead",
            "due_date",
            "status",
            "is_overdue",
            "days_overdue",
            "rag",
            "rag_reason",
            "completed_on",
            "latest_update",
            "impact_measures",
            "warnings",
            "created_at",
            "updated_at",
            "version",
        ]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        user = attrs.get("lead_user")
        area = attrs.get("area") or getattr(self.instance, "area", None)
        if user is None or area is None:
            return attrs
        # The lead the action has already may stay, as on the form.
        kept = self.instance is not None and self.instance.lead_user_id == user.pk
        if not kept and not user.authorities.filter(pk=area.authority_id).exists():
            raise exceptions.ValidationError(
                {
                    "lead": [
                        f"{person_name(user)} ({user.get_username()}) is not a member of "
                        f"{area.authority.name}: choose a user who works for the authority, "
                        "or name a partner's lead."
                    ]
                }
            )
        return attrs

    def persist(self, action, *, expected_version):
        try:
            return save_action(action, expected_version=expected_version)
        except DjangoValidationError as error:
            raise lead_errors(error) from error


def lead_errors(error: DjangoValidationError) -> DjangoValidationError:
    """The model's messages about lead_user, lead_name and lead_agency, under the API's `lead`."""
    if not hasattr(error, "error_dict"):
        return error
    messages = error.message_dict
    lead = [m for name in LEAD_FIELDS for m in messages.get(name, [])]
    if not lead:
        return error
    rest = {name: ms for name, ms in messages.items() if name not in LEAD_FIELDS}
    return DjangoValidationError({**rest, "lead": list(dict.fromkeys(lead))})


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
