"""Reports over the REST API (/api/v1/reports/): list and read reports, request a progress letter for
an event or an authority's improvement plan as a PDF, and download a ready PDF."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, renderers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound
from rest_framework.response import Response

from findings.models import Theme
from sefton_tracker.core.api.permissions import RoleMatrixPermission
from visits.models import InspectionEvent, LocalAuthority

from . import services
from .filtersets import ReportFilterSet
from .models import Report
from .views import pdf_download


class ReportSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(
        source="get_kind_display", read_only=True, help_text="The kind, in words."
    )
    status_display = serializers.CharField(
        source="get_status_display", read_only=True, help_text="The status, in words."
    )
    requested_by = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        help_text="The username of who requested it; null for a scheduled digest.",
    )
    download_url = serializers.SerializerMethodField(
        help_text="Where to download the PDF once it is ready; null until then."
    )
    download_name = serializers.CharField(
        read_only=True, help_text="The PDF's file name, e.g. for saving it."
    )
    theme = serializers.ChoiceField(
        choices=Theme.choices,
        allow_blank=True,
        read_only=True,
        help_text="The theme a digest is limited to; blank when it is not.",
    )

    class Meta:
        model = Report
        fields = [
            "id",
            "kind",
            "kind_display",
            "title",
            "status",
            "status_display",
            "authority",
            "event",
            "period_start",
            "period_end",
            "theme",
            "area",
            "page_count",
            "size_bytes",
            "sha256",
            "error_message",
            "requested_by",
            "created_at",
            "started_at",
            "finished_at",
            "download_name",
            "download_url",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "The report's id."},
            "kind": {
                "help_text": "`letter`: a visit's progress letter; `digest`: a digest; `plan`: "
                "an authority's improvement plan."
            },
            "title": {"help_text": "The report's title, as its PDF shows it."},
            "status": {
                "help_text": "`queued`, then `rendering`, then `ready` (the PDF can be "
                "downloaded) or `failed` (see `error_message`)."
            },
            "authority": {"help_text": "The id of the local authority the report is about."},
            "page_count": {"help_text": "Pages in the PDF, once it is ready."},
            "size_bytes": {"help_text": "The PDF's size in bytes, once it is ready."},
            "sha256": {"help_text": "The SHA-256 checksum of the PDF, once it is ready."},
            "error_message": {"help_text": "Why rendering failed; blank otherwise."},
            "created_at": {"help_text": "When the report was requested or scheduled."},
            "started_at": {"help_text": "When rendering last started."},
            "finished_at": {"help_text": "When rendering finished, or failed."},
        }

    def get_download_url(self, report) -> str | None:
        view = self.context.get("view")
        if not report.is_ready or view is None:
            return None
        return view.reverse_action("download", args=[report.pk])


class ReportRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[Report.Kind.LETTER, Report.Kind.PLAN],
        default=Report.Kind.LETTER,
        help_text="`letter` (the default): a visit's progress letter, for `event`; `plan`: the "
        "improvement plan of `authority` as a PDF.",
    )
    event = serializers.PrimaryKeyRelatedField(
        queryset=InspectionEvent.objects.all(),
        required=False,
        help_text="For a letter: the id of the inspection event it is about.",
    )
    authority = serializers.PrimaryKeyRelatedField(
        queryset=LocalAuthority.objects.all(),
        required=False,
        help_text="For an improvement plan: the id of the local authority whose plan it is.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # An event the user may not see (an embargoed draft) is reported as not existing.
            self.fields["event"].queryset = InspectionEvent.objects.visible_to(request.user)

    def validate(self, attrs):
        needed = "event" if attrs["kind"] == Report.Kind.LETTER else "authority"
        if attrs.get(needed) is None:
            raise serializers.ValidationError({needed: ["This field is required."]})
        return attrs


class QueueUnavailable(APIException):
    """503, with Retry-After: the task queue cannot be reached."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = services.QUEUE_UNAVAILABLE
    default_code = "queue_unavailable"
    wait = 30  # seconds, sent as Retry-After


class PDFRenderer(renderers.BaseRenderer):
    """Lets a client ask for the download with `Accept: application/pdf`."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        # An error (a dict) while the client asked for a PDF: answer it as JSON text.
        return renderers.JSONRenderer().render(data)


# Under its own tag, as every resource is: untagged, the documentation would list it under "v1".
@extend_schema(tags=["Reports"])
@extend_schema_view(
    list=extend_schema(
        summary="List reports", description="Newest first. Filter by kind, status or event."
    ),
    retrieve=extend_schema(summary="A report and its status"),
)
class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ReportSerializer
    # The role matrix: reports.view_report to read (every role), reports.add_report to request a
    # letter (officers and administrators).
    permission_classes = [RoleMatrixPermission]
    # Any segment reaches the view, so that '/reports/abc/' is the API's JSON 404, not a page's.
    lookup_value_regex = "[^/]+"
    filterset_class = ReportFilterSet
    ordering_fields = ["created_at", "finished_at"]
    ordering = ["-created_at", "-id"]
    queryset = Report.objects.none()  # for the permission class; get_queryset does the work

    def get_queryset(self):
        return Report.objects.visible_to(self.request.user).select_related(
            "requested_by", "authority", "event"
        )

    @extend_schema(
        summary="Request a progress letter for an event, or the improvement plan as a PDF",
        description=(
            "Queues the PDF to be rendered in the background and answers 202 with the report: "
            "a progress letter for `event` (`kind` `letter`, the default) or the improvement "
            "plan of `authority` (`kind` `plan`: its published areas of concern only). If one "
            "for the same event (or authority) is already being prepared, answers 200 with that "
            "one. If the task queue cannot be reached, answers 503 with Retry-After: the report "
            "is then listed as failed, with why, and a new request may be made."
        ),
        request=ReportRequestSerializer,
        responses={
            202: ReportSerializer,
            200: ReportSerializer,
            503: OpenApiResponse(description="The task queue cannot be reached: try again shortly"),
        },
    )
    def create(self, request):
        form = ReportRequestSerializer(data=request.data, context={"request": request})
        form.is_valid(raise_exception=True)
        chosen = form.validated_data
        try:
            if chosen["kind"] == Report.Kind.PLAN:
                report, created = services.request_plan(chosen["authority"], user=request.user)
            else:
                report, created = services.request_letter(chosen["event"], user=request.user)
        except services.QueueUnavailable as down:
            raise QueueUnavailable(str(down)) from down
        data = self.get_serializer(report).data
        headers = {"Location": self.reverse_action("detail", args=[report.pk])}
        return Response(
            data,
            status=status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK,
            headers=headers,
        )

    @extend_schema(
        summary="Download a report's PDF",
        description="The PDF as an attachment, with its file name, once the report is ready.",
        parameters=[
            OpenApiParameter(
                "format",
                str,
                enum=["json", "pdf"],
                description="Optional, instead of an Accept header: `pdf` for the file; an error "
                "is answered in JSON either way.",
            )
        ],
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF"),
            404: OpenApiResponse(description="No such report, or its PDF is not ready"),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        renderer_classes=[renderers.JSONRenderer, PDFRenderer],
        url_name="download",
    )
    def download(self, request, pk=None):
        report = self.get_object()
        if not report.is_ready:
            raise NotFound("This report's PDF is not ready.")
        return pdf_download(report)
