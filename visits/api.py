"""API resources for local authorities and inspection events (with their judgements)."""

from django.db import transaction
from rest_framework import exceptions, serializers

from sefton_tracker.core.api.schema import crud_docs
from sefton_tracker.core.api.serializers import (
    DescribedModelSerializer,
    RulesModelSerializer,
    VersionedSerializer,
    describe,
)
from sefton_tracker.core.api.viewsets import ResourceViewSet

from .filtersets import AuthorityFilterSet, EventFilterSet, visible_events
from .models import InspectionEvent, Judgement, LocalAuthority
from .services import (
    RETURN_REASON_NEEDED,
    JudgementError,
    delete_event,
    save_authority,
    save_event,
    unpublish_event,
)

describe(
    LocalAuthority,
    name="The council's name, e.g. 'Sefton'.",
    region="The English region, e.g. 'North West'; may be blank.",
)
describe(
    InspectionEvent,
    authority="The id of the local authority inspected.",
    kind="What kind of Ofsted engagement it was.",
    fieldwork_start="The first day inspectors were on site (YYYY-MM-DD); not in the future.",
    fieldwork_end="The last day of fieldwork; on or after its start, not in the future.",
    published_on="The date of the letter or report; null if not yet known.",
    lead_inspector="Her Majesty's Inspector who led the event.",
    headline_summary="Ofsted's own headline, quoted.",
    status="A draft is embargoed: only those who may change events see it. Defaults to draft. "
    "Publishing (setting `published`) is refused, with the reasons under `status`, until the "
    "event is complete: a monitoring visit has the areas of concern it reviewed (the `ratings` "
    "resource), and each is rated or has a `not_rated_reason`. Returning a published event to "
    "`draft` needs a `return_to_draft_reason`.",
)
describe(
    Judgement,
    judgement="Which judgement: overall effectiveness, or one of the sub-judgements (children "
    "in care and care leavers were judged together before 2023).",
    grade="The grade on Ofsted's four-point scale.",
)


class VisibleEventField(serializers.PrimaryKeyRelatedField):
    """An event's id, among the events the requesting user may see (drafts are embargoed)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", InspectionEvent.objects.all())
        super().__init__(**kwargs)

    def get_queryset(self):
        return visible_events(self.context.get("request"))


class LocalAuthoritySerializer(RulesModelSerializer):
    class Meta:
        model = LocalAuthority
        fields = ["id", "name", "ons_code", "region"]

    def persist(self, authority, *, expected_version):
        return save_authority(authority)


class JudgementSerializer(DescribedModelSerializer):
    class Meta:
        model = Judgement
        fields = ["judgement", "grade"]


class InspectionEventSerializer(VersionedSerializer):
    title = serializers.CharField(
        read_only=True, help_text="How letters name the event, e.g. 'Sixth monitoring visit'."
    )
    fieldwork_dates = serializers.CharField(
        read_only=True, help_text="The fieldwork dates as GOV.UK writes them."
    )
    judgements = JudgementSerializer(
        many=True,
        required=False,
        help_text="Graded inspections only (standard or short ILACS): one grade per judgement. "
        "When sent, the list replaces the event's whole judgement table (send [] to remove "
        "them all); when left out, the table is not changed.",
    )
    return_to_draft_reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=1000,
        help_text="Why a published event is returned to draft: required when `status` goes from "
        "published to draft, and recorded in the event's history. Not read otherwise.",
    )

    @staticmethod
    def publish_service(event, *, expected_version):
        """Publishing needs what the findings app records at the event (its reviews and
        ratings): its serializer names the service that checks them first."""
        raise NotImplementedError("Publish through findings.services.publish.")

    class Meta:
        model = InspectionEvent
        fields = [
            "id",
            "authority",
            "kind",
            "visit_number",
            "title",
            "fieldwork_start",
            "fieldwork_end",
            "fieldwork_dates",
            "published_on",
            "lead_inspector",
            "inspectors",
            "source_reference",
            "headline_summary",
            "status",
            "judgements",
            "return_to_draft_reason",
            "created_at",
            "updated_at",
            "version",
        ]

    def validate_judgements(self, judgements):
        seen = set()
        for row in judgements:
            if row["judgement"] in seen:
                label = Judgement.Name(row["judgement"]).label
                raise exceptions.ValidationError(f"'{label}' is listed more than once.")
            seen.add(row["judgement"])
        return judgements

    @transaction.atomic
    def create(self, validated_data):
        judgements = validated_data.pop("judgements", None)
        validated_data.pop("return_to_draft_reason", None)
        status = validated_data.pop("status", InspectionEvent.Status.DRAFT)
        # Created as a draft; published, if asked, by the service that publishes.
        event = InspectionEvent(**validated_data, status=InspectionEvent.Status.DRAFT)
        self.persist(event, expected_version=None, judgements=judgements)
        if status == InspectionEvent.Status.PUBLISHED:
            self.publish_service(event, expected_version=event.version)
        return event

    @transaction.atomic
    def update(self, event, validated_data):
        judgements = validated_data.pop("judgements", None)
        expected_version = validated_data.pop("version")
        reason = validated_data.pop("return_to_draft_reason", "")
        status = validated_data.pop("status", event.status)
        for name, value in validated_data.items():
            setattr(event, name, value)
        if status == event.status:
            return self.persist(event, expected_version=expected_version, judgements=judgements)
        unpublishing = status == InspectionEvent.Status.DRAFT
        if unpublishing and not reason.strip():
            raise exceptions.ValidationError({"return_to_draft_reason": [RETURN_REASON_NEEDED]})
        if judgements is not None:
            # The judgement table first; then the status, from the version that saved it.
            self.persist(event, expected_version=expected_version, judgements=judgements)
            expected_version = event.version
        # The change of status saves the event's other fields with it, as one change.
        if unpublishing:
            return unpublish_event(event, reason=reason, expected_version=expected_version)
        return self.publish_service(event, expected_version=expected_version)

    def persist(self, event, *, expected_version, judgements=None):
        table = None
        if judgements is not None:
            # The list is the whole table: every judgement not in it is removed.
            table = dict.fromkeys(Judgement.Name.values, "")
            table.update({row["judgement"]: row["grade"] for row in judgements})
        try:
            return save_event(event, expected_version=expected_version, judgements=table)
        except JudgementError as error:
            by_field = error.message_dict if hasattr(error, "error_dict") else {}
            table_errors = {k: v for k, v in by_field.items() if k in Judgement.Name.values}
            if not table_errors:
                raise exceptions.ValidationError({"judgements": error.messages}) from error
            # The event's own problems, reported in the same answer, stay under their fields.
            event_errors = {k: v for k, v in by_field.items() if k not in table_errors}
            messages = list(dict.fromkeys(m for ms in table_errors.values() for m in ms))
            raise exceptions.ValidationError({**event_errors, "judgements": messages}) from error


@crud_docs(
    "local authority",
    "local authorities",
    tag="Local authorities",
    who_writes="Officers and above may add an authority; administrators change it.",
    who_deletes="Administrators; refused (409) while it has events or areas of concern.",
    list_note="The councils whose improvement journeys are tracked, by name.",
)
class LocalAuthorityViewSet(ResourceViewSet):
    queryset = LocalAuthority.objects.all()
    serializer_class = LocalAuthoritySerializer
    filterset_class = AuthorityFilterSet
    ordering_fields = ["name", "ons_code", "region"]
    ordering = ["name"]


@crud_docs(
    "inspection event",
    "inspection events",
    tag="Inspection events",
    who_writes="Officers and above. Judgements may be sent with a graded inspection.",
    who_deletes="Administrators only. Its judgements, reviews, ratings and findings go too.",
    list_note="Ofsted inspections and visits, with the judgements of graded inspections, "
    "earliest fieldwork first. Draft events are embargoed: they are listed and found only for "
    "those who may change events (officers and administrators).",
)
class InspectionEventViewSet(ResourceViewSet):
    serializer_class = InspectionEventSerializer
    delete_service = staticmethod(delete_event)
    filterset_class = EventFilterSet
    ordering_fields = ["fieldwork_start", "published_on", "visit_number", "id"]
    ordering = ["fieldwork_start", "id"]
    queryset = InspectionEvent.objects.all()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return InspectionEvent.objects.none()
        return InspectionEvent.objects.visible_to(self.request.user).prefetch_related("judgements")
