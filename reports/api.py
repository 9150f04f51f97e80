"""Reports over the REST API: list and read reports, request a progress letter for an event, and
download a ready PDF. Register with the API router as `router.register("reports", ReportViewSet)`."""

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, renderers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from visits.models import InspectionEvent

from . import services
from .filtersets import ReportFilterSet
from .models import Report


class ReportSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    requested_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    download_url = serializers.SerializerMethodField()
    download_name = serializers.CharField(read_only=True)

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

    def get_download_url(self, report) -> str | None:
        view = self.context.get("view")
        if not report.is_ready or view is None:
            return None
        return view.reverse_action("download", args=[report.pk])


class LetterRequestSerializer(serializers.Serializer):
    event = serializers.PrimaryKeyRelatedField(
        queryset=InspectionEvent.objects.all(),
        help_text="The id of the inspection event the progress letter is about.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # An event the user may not see (an embargoed draft) is reported as not existing.
            self.fields["event"].queryset = InspectionEvent.objects.visible_to(request.user)


class ReportPermissions(permissions.DjangoModelPermissions):
    """Reading needs reports.view_report (every role); requesting a letter needs
    reports.add_report (officers and administrators)."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }


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


@extend_schema_view(
    list=extend_schema(
        summary="List reports", description="Newest first. Filter by kind, status or event."
    ),
    retrieve=extend_schema(summary="A report and its status"),
)
class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ReportSerializer
    permission_classes = [permissions.IsAuthenticated, ReportPermissions]
    filterset_class = ReportFilterSet
    ordering_fields = ["created_at", "finished_at"]
    ordering = ["-created_at", "-id"]
    queryset = Report.objects.none()  # for the permission class; get_queryset does the work

    def get_queryset(self):
        return Report.objects.visible_to(self.request.user).select_related(
            "requested_by", "authority", "event"
        )

    @extend_schema(
        summary="Request a progress letter for an event",
        description=(
            "Queues the letter to be rendered in the background and answers 202 with the report. "
            "If a letter for the event is already being prepared, answers 200 with that one."
        ),
        request=LetterRequestSerializer,
        responses={202: ReportSerializer, 200: ReportSerializer},
    )
    def create(self, request):
        form = LetterRequestSerializer(data=request.data, context={"request": request})
        form.is_valid(raise_exception=True)
        report, created = services.request_letter(form.validated_data["event"], user=request.user)
        data = self.get_serializer(report).data
        headers = {"Location": self.reverse_action("detail", args=[report.pk])}
        return Response(
            data,
            status=status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK,
            headers=headers,
        )

    @extend_schema(
        summary="Download a report's PDF",
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
        return FileResponse(
            report.pdf.open("rb"),
            as_attachment=True,
            filename=report.download_name,
            content_type="application/pdf",
        )
