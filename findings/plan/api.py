"""Progress updates over the REST API (/api/v1/action-updates/): list, read, record (with an evidence
file, as multipart) and correct them, download their evidence, and export the filtered list. Every
write goes through plan.services.record_update, as the pages' do.

Who may write: the action's lead (whatever their role), or an officer of the action's authority
(plan.services.check_may_record_progress). Who may read: every role, for the actions whose area
they may see (an area raised by a draft event is embargoed, with everything recorded against it).
"""

import django_filters
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import exceptions, renderers, serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser

from sefton_tracker.core.api.parsers import JSONParser
from sefton_tracker.core.api.permissions import RoleMatrixPermission
from sefton_tracker.core.api.schema import crud_docs
from sefton_tracker.core.api.serializers import VersionedSerializer, describe
from sefton_tracker.core.api.viewsets import ResourceViewSet

from ..api.exports import UPDATE_COLUMNS, UpdateExportMixin, export_docs
from ..filtersets import authority_id_or_code_filter, visible_areas
from ..models import ImprovementAction, LeadRAG, area_visible_through
from .evidence import ACCEPTED
from .models import ProgressUpdate
from .services import (
    LEAD_OR_OFFICER,
    check_may_correct,
    check_may_record_progress,
    evidence_response,
    record_update,
)

describe(
    ProgressUpdate,
    date="The day the update is about (YYYY-MM-DD): today or in the past. Defaults to today.",
    rag="The lead's RAG with the update: "
    + "; ".join(f"`{rag.value}`: {rag.label.lower()}" for rag in LeadRAG)
    + ". The action's latest update sets the action's `rag` (and its note the reason).",
    evidence_url="A link to evidence kept elsewhere (e.g. the council's intranet); blank if none.",
)

SIGNED_IN_EVIDENCE = (
    "The file is served only to signed-in readers (a session or a token), as an attachment."
)


def visible_actions(request):
    """The actions a request may name: those whose area the user may see."""
    if request is None:
        return ImprovementAction.objects.none()
    return ImprovementAction.objects.filter(area_visible_through(request.user)).select_related(
        "area__authority", "lead_user"
    )


class VisibleActionField(serializers.PrimaryKeyRelatedField):
    """An improvement action's id, among those the user may see (an embargoed one is "not
    found", as if it did not exist)."""

    def get_queryset(self):
        return visible_actions(self.context.get("request"))


@extend_schema_field(
    {
        "type": "string",
        "format": "binary",
        "nullable": True,
        "description": "Writing: the evidence file (multipart/form-data). Reading: the URL that "
        "downloads it; null if the update has no file.",
    }
)
class EvidenceFileField(serializers.FileField):
    """Written as an uploaded file; read as the absolute URL of its download (never a media
    URL: the file is served only to signed-in readers)."""

    def to_representation(self, value):
        if not value:
            return None
        url = reverse("api-action-update-evidence", args=[value.instance.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class ProgressUpdateSerializer(VersionedSerializer):
    action = VisibleActionField(
        queryset=ImprovementAction.objects.all(),
        help_text="The id of the improvement action the update is about. Cannot be changed once "
        "recorded.",
    )
    action_title = serializers.CharField(
        source="action.title", read_only=True, help_text="The action's title."
    )
    area = serializers.IntegerField(
        source="action.area_id",
        read_only=True,
        help_text="The id of the action's area of concern.",
    )
    evidence_file = EvidenceFileField(
        required=False,
        allow_empty_file=True,  # an empty file is refused by plan.evidence, in its words
        help_text=f"An evidence file: {ACCEPTED}, no larger than "
        f"{settings.PLAN_EVIDENCE_MAX_BYTES // (1024 * 1024)} MB. Its content must be of the "
        "type its name says (a renamed program is refused). Send the update as "
        "multipart/form-data to attach one. Read back as the URL that downloads it. "
        + SIGNED_IN_EVIDENCE,
    )
    evidence_name = serializers.CharField(
        read_only=True, help_text="The evidence file's name as it was uploaded; blank if none."
    )
    evidence_type = serializers.CharField(
        read_only=True,
        help_text="The evidence file's media type, read from its content; blank if none.",
    )
    evidence_size = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="The evidence file's size in bytes; null if none.",
    )
    author = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        help_text="The username of who recorded it (set by the server: whoever sends the update).",
    )
    status = serializers.ChoiceField(
        choices=ImprovementAction.Status.choices,
        write_only=True,
        required=False,
        help_text="Optional: move the action to this status with the update (e.g. `complete`).",
    )

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "action",
            "action_title",
            "area",
            "date",
            "note",
            "rag",
            "evidence_url",
            "evidence_file",
            "evidence_name",
            "evidence_type",
            "evidence_size",
            "author",
            "status",
            "created_at",
            "version",
        ]
        extra_kwargs = {
            "note": {
                "help_text": "What has been done, and what difference it made. Do not enter "
                "details that could identify a child."
            },
        }

    def validate(self, attrs):
        attrs = super().validate(attrs)
        moved = attrs.get("action")
        if self.instance is not None and moved is not None and moved.pk != self.instance.action_id:
            raise exceptions.ValidationError(
                {"action": ["An update stays with the action it was recorded for."]}
            )
        return attrs

    def create(self, validated_data):
        upload = validated_data.pop("evidence_file", None)
        status = validated_data.pop("status", None)
        update = ProgressUpdate(**validated_data, author=self.request_user)
        return record_update(update, evidence=read_upload(upload), status=status)

    def update(self, update, validated_data):
        upload = validated_data.pop("evidence_file", None)
        status = validated_data.pop("status", None)
        expected_version = validated_data.pop("version", None)
        replaced = update.evidence_file.name if upload is not None else ""
        for name, value in validated_data.items():
            setattr(update, name, value)
        update = record_update(
            update,
            evidence=read_upload(upload),
            status=status,
            expected_version=expected_version,
        )
        if replaced and replaced != update.evidence_file.name:
            # The file the new one replaces goes once the change has committed.
            storage = update.evidence_file.storage
            transaction.on_commit(lambda: storage.delete(replaced))
        return update


def read_upload(upload) -> tuple[str, bytes] | None:
    """An uploaded file's (name, bytes) for record_update; no more than one byte over the limit
    is read, which plan.evidence then refuses as too large."""
    if upload is None:
        return None
    upload.seek(0)
    return upload.name, upload.read(settings.PLAN_EVIDENCE_MAX_BYTES + 1)


class ProgressUpdateFilterSet(django_filters.FilterSet):
    action = django_filters.ModelChoiceFilter(
        queryset=visible_actions, help_text="The improvement action's id."
    )
    area = django_filters.ModelChoiceFilter(
        field_name="action__area",
        queryset=visible_areas,
        help_text="The id of the action's area of concern.",
    )
    authority = authority_id_or_code_filter("action__area__authority")
    rag = django_filters.MultipleChoiceFilter(
        choices=LeadRAG.choices,
        help_text="The lead's RAG with the update: green (on track), amber (at risk) or red (off "
        "track); repeat the parameter for several.",
    )
    author = django_filters.CharFilter(
        field_name="author__username",
        lookup_expr="iexact",
        max_length=150,
        help_text="The username of who recorded it.",
    )
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", help_text="Dated on or after this day (YYYY-MM-DD)."
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", help_text="Dated on or before this day (YYYY-MM-DD)."
    )
    has_evidence = django_filters.BooleanFilter(
        method="with_evidence",
        help_text="`true`: updates with evidence (a link or a file); `false`: those without.",
    )

    class Meta:
        model = ProgressUpdate
        fields = [
            "action",
            "area",
            "authority",
            "rag",
            "author",
            "date_from",
            "date_to",
            "has_evidence",
        ]

    def with_evidence(self, queryset, name, value):
        none = {"evidence_url": "", "evidence_file": ""}
        return queryset.exclude(**none) if value else queryset.filter(**none)


class ProgressPermission(RoleMatrixPermission):
    """Reading needs plan.view_progressupdate (every role). Writing needs it too, and then the
    update's own rule, checked by the view (ProgressUpdateViewSet.check_write): the action's lead,
    whatever their role, or an officer of its authority."""

    perms_map = {
        **RoleMatrixPermission.perms_map,
        "POST": ["%(app_label)s.view_%(model_name)s"],
        "PATCH": ["%(app_label)s.view_%(model_name)s"],
        # Not offered (405 for every reader), whatever the role.
        "PUT": ["%(app_label)s.view_%(model_name)s"],
        "DELETE": ["%(app_label)s.view_%(model_name)s"],
    }


class AnyFileRenderer(renderers.BaseRenderer):
    """Lets a client ask for an evidence file with any Accept header (its type is the file's own).
    An error is answered in JSON."""

    media_type = "*/*"
    format = "file"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return renderers.JSONRenderer().render(data)


UPDATES_CSV, UPDATES_XLSX = export_docs("progress updates", UPDATE_COLUMNS)
WHO_WRITES = (
    "The action's lead (whatever their role), or an officer of the action's local authority "
    "(administrators: any); anyone else is refused with 403. `author` is whoever sends it. "
    "Recording an update carries its RAG, and its note as the reason, to the action when it is "
    "the action's latest; `status` moves the action on. To attach an evidence file, send "
    "multipart/form-data."
)


@crud_docs(
    "progress update",
    "progress updates",
    tag="Progress updates",
    who_writes=WHO_WRITES,
    who_deletes="Not possible over the API.",
    list_note="Dated notes on how each improvement action is going, newest first, each with the "
    "lead's RAG and any evidence. Only updates of actions whose area you may see: an area raised "
    "by a draft event is embargoed, with everything recorded against it.",
    create=extend_schema(
        summary="Record a progress update",
        description=WHO_WRITES,
        request={
            "application/json": ProgressUpdateSerializer,
            "multipart/form-data": ProgressUpdateSerializer,
        },
    ),
    partial_update=extend_schema(
        summary="Correct a progress update",
        description=f"{WHO_WRITES} Send the `version` you read (or its ETag as If-Match): a stale "
        "one is refused with 409 Conflict (412 for If-Match), and nothing is saved. A new "
        "evidence file replaces the old one.",
        request={
            "application/json": ProgressUpdateSerializer,
            "multipart/form-data": ProgressUpdateSerializer,
        },
    ),
)
class ProgressUpdateViewSet(UpdateExportMixin, ResourceViewSet):
    queryset = ProgressUpdate.objects.all()
    serializer_class = ProgressUpdateSerializer
    permission_classes = [ProgressPermission]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    # Recorded and corrected, never replaced whole or deleted here.
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_class = ProgressUpdateFilterSet
    ordering_fields = ["date", "created_at", "rag", "id"]
    ordering = ["-date", "-created_at", "-id"]
    export_stem = "progress-updates"
    export_columns = UPDATE_COLUMNS

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProgressUpdate.objects.none()
        return ProgressUpdate.objects.filter(
            area_visible_through(self.request.user, "action__area")
        ).select_related("action__area__authority", "action__lead_user", "author")

    def create(self, request, *args, **kwargs):
        # The action a new update names is checked before the rest of the body: an update of an
        # action the user may not write to is refused as such (403), however the rest reads.
        named = request.data.get("action") if hasattr(request.data, "get") else None
        if named not in (None, ""):
            try:
                action = self.get_serializer().fields["action"].run_validation(named)
            except exceptions.ValidationError:
                action = None  # the serializer says what is wrong with it
            if action is not None:
                self.check_write(None, {"action": action})
        return super().create(request, *args, **kwargs)

    def check_write(self, stored, data) -> None:
        action = stored.action if stored is not None else (data or {}).get("action")
        if action is None:
            return  # the serializer says the action is missing
        try:
            if stored is not None:
                check_may_correct(self.request.user, stored)
            else:
                check_may_record_progress(self.request.user, action)
        except PermissionDenied as denied:
            raise exceptions.PermissionDenied(str(denied) or LEAD_OR_OFFICER) from denied

    @UPDATES_CSV
    def export_csv(self, request):
        return self.export_file("csv")

    @UPDATES_XLSX
    def export_xlsx(self, request):
        return self.export_file("xlsx")

    @extend_schema(
        summary="Download a progress update's evidence file",
        description=f"{SIGNED_IN_EVIDENCE} Its type is the one read from its content when it "
        "was uploaded.",
        parameters=[
            OpenApiParameter(
                "format",
                str,
                enum=["json", "file"],
                description="Optional, instead of an Accept header: `file` for the file; an "
                "error is answered in JSON either way.",
            )
        ],
        responses={
            (200, "*/*"): OpenApiResponse(OpenApiTypes.BINARY, description="The evidence file."),
            404: OpenApiResponse(description="No such update, or it has no evidence file."),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        renderer_classes=[renderers.JSONRenderer, AnyFileRenderer],
        url_name="evidence",
    )
    def evidence(self, request, pk=None):
        update = self.get_object()
        if not update.evidence_file:
            raise exceptions.NotFound("This update has no evidence file.")
        response = evidence_response(update)
        response["Cache-Control"] = "private, no-store"
        return response
