"""API resources for local authorities and inspection events (with their judgements)."""

from django.db import transaction
from django.db.models import Prefetch
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
from .national.api import NeighbourSerializer
from .national.models import StatisticalNeighbour
from .scope import check_may_write
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
    ofsted_region="The region as Ofsted names it ('North East, Yorkshire and the Humber' is "
    "one); blank until the national data is loaded.",
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
    status="A draft is embargoed: only those who may change events see it (an officer, only "
    "their own authorities' drafts). Defaults to draft. "
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
    other_names = serializers.SlugRelatedField(
        many=True,
        read_only=True,
        slug_field="name",
        help_text="Other names official publications spell the authority with (e.g. DfE's "
        "'Bristol, City of'), from the national reference data.",
    )
    statistical_neighbours = NeighbourSerializer(
        source="neighbour_links",
        many=True,
        read_only=True,
        help_text="Its ten statistical neighbours in DfE's model, closest first (empty where "
        "DfE's model has none loaded).",
    )

    class Meta:
        model = LocalAuthority
        fields = [
            "id",
            "name",
            "ons_code",
            "dfe_code",
            "region",
            "ofsted_region",
            "still_exists",
            "other_names",
            "statistical_neighbours",
        ]
        # From the national reference data, loaded from the official files: not written here.
        read_only_fields = ["dfe_code", "ofsted_region", "still_exists"]

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


class AuthorityScopedViewSet(ResourceViewSet):
    """A resource whose records belong to a local authority: written only by those who act on
    it (visits.scope). Creating or changing a record, or deleting one, of an authority outside
    the user's scope is refused with 403, naming the authority; so is moving a record to one."""

    # The path from a record (or the validated data of a write) to its authority, e.g.
    # "event.authority"; "" for an authority itself.
    authority_path = "authority"

    def check_write(self, stored, data) -> None:
        user = self.request.user
        before = self.authority_of(stored) if stored is not None else None
        if stored is not None and data is None:
            check_may_write(user, before)
            return
        after = self.authority_of(data) if data is not None else None
        if after is not None and after != before:
            check_may_write(user, after)

    def create(self, request, *args, **kwargs):
        # The authority a new record names is checked before the rest of the body: a record for
        # another authority is refused as such (403), however the rest of it reads.
        named = self.named_authority(request.data)
        if named is not None:
            check_may_write(request.user, named)
        return super().create(request, *args, **kwargs)

    def named_authority(self, data):
        """The authority a request's body names through `authority_path` (its first field, read
        as the serializer reads it), or None when it names none it may use."""
        first = self.authority_path.split(".")[0]
        if not first or not hasattr(data, "get") or data.get(first) in (None, ""):
            return None
        try:
            value = self.get_serializer().fields[first].run_validation(data.get(first))
        except (exceptions.ValidationError, KeyError):
            return None  # the serializer says what is wrong with it
        return self.authority_of({first: value})

    def authority_of(self, source):
        """The authority of a record, or of a write's validated data (None when the data does
        not name it: a partial update that keeps it)."""
        if not self.authority_path:
            return source if not isinstance(source, dict) else None
        first, *rest = self.authority_path.split(".")
        value = source.get(first) if isinstance(source, dict) else getattr(source, first)
        for name in rest:
            value = getattr(value, name, None) if value is not None else None
        return value


SCOPE_NOTE = (
    " Officers write only the records of their own local authorities (403 for another's, naming "
    "it); administrators write any."
)


@crud_docs(
    "local authority",
    "local authorities",
    tag="Local authorities",
    who_writes="Administrators: authorities are reference data, loaded with the national data "
    "(load_national_data).",
    who_deletes="Administrators; refused (409) while it has events or areas of concern.",
    list_note="Every English children's services authority, by name, read by everyone.",
)
class LocalAuthorityViewSet(AuthorityScopedViewSet):
    authority_path = ""
    queryset = LocalAuthority.objects.all()
    serializer_class = LocalAuthoritySerializer
    filterset_class = AuthorityFilterSet
    ordering_fields = ["name", "ons_code", "region"]
    ordering = ["name"]

    def get_queryset(self):
        return LocalAuthority.objects.prefetch_related(
            "other_names",
            Prefetch(
                "neighbour_links",
                queryset=StatisticalNeighbour.objects.select_related("neighbour"),
            ),
        )


@crud_docs(
    "inspection event",
    "inspection events",
    tag="Inspection events",
    who_writes="Officers and above. Judgements may be sent with a graded inspection." + SCOPE_NOTE,
    who_deletes="Administrators only. Its judgements, reviews, ratings and findings go too.",
    list_note="Ofsted inspections and visits, with the judgements of graded inspections, "
    "earliest fieldwork first. Draft events are embargoed: they are listed and found only for "
    "those who may change events, and an officer only their own authorities' drafts.",
)
class InspectionEventViewSet(AuthorityScopedViewSet):
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
