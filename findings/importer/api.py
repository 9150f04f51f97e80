"""The import over the API: a document in, a draft (JSON) out; a reviewed draft in, an event out.

POST /api/v1/import/drafts/          text (JSON or form field) or file (a PDF, multipart),
                                     optionally authority (ONS code) -> 202 with the reading's
                                     status and its URL (Location)
GET  /api/v1/import/drafts/<token>/  the reading's status: queued or reading, then ready with
                                     the draft, or failed with why, by field
POST /api/v1/import/events/          the draft as returned above, edited -> 201 with the event

Both are for officers and administrators (visits.add_inspectionevent), for the authorities they
act on (visits.scope: 403 for another's). The draft is validated by the same forms as the review
page, so the API refuses exactly what the page refuses.
"""

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sefton_tracker.core.api.parsers import JSONParser
from visits.models import InspectionEvent, Judgement, LocalAuthority
from visits.scope import check_may_write

from ..models import Finding, Theme
from .models import ImportJob
from .parsing.draft import DOCUMENT_KINDS, Draft
from .parsing.errors import ImportProblem
from .parsing.pdf import MAX_PDF_BYTES, check_upload
from .review import ImportReview
from .services import duplicate_of, job_for, start_import


class CanImport(BasePermission):
    message = "Only officers and administrators may import letters and reports."

    def has_permission(self, request, view):
        return request.user.has_perm("visits.add_inspectionevent")


class DocumentSerializer(serializers.Serializer):
    text = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text="The text of the letter or report.",
    )
    file = serializers.FileField(
        required=False,
        help_text=f"The PDF of the letter or report, up to {MAX_PDF_BYTES // 1024 // 1024} MB.",
    )
    authority = serializers.SlugRelatedField(
        slug_field="ons_code",
        queryset=LocalAuthority.objects.all(),
        required=False,
        allow_null=True,
        help_text="The authority's ONS code, when the document's own name for it is not enough: "
        "one of yours (403 for another's).",
    )

    def validate_file(self, upload):
        try:
            check_upload(upload, "The file")
        except ImportProblem as problem:
            raise serializers.ValidationError(str(problem)) from None
        return upload

    def validate(self, data):
        has_text = bool((data.get("text") or "").strip())
        if has_text == ("file" in data):
            raise serializers.ValidationError(
                {"text": ["Send the text of the letter or report, or its file, but not both."]}
                if has_text
                else {"text": ["Send the text of the letter or report, or upload its file."]}
            )
        return data


class DraftEventSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=InspectionEvent.Kind.choices, help_text="The kind of event the document describes."
    )
    authority_name = serializers.CharField(
        required=False, allow_blank=True, help_text="The authority as the document names it."
    )
    authority_ons_code = serializers.CharField(help_text="Identifies the authority on saving.")
    visit_number = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="Which monitoring visit it was (6 for the sixth); null for inspections.",
    )
    fieldwork_start = serializers.DateField(
        required=False, allow_null=True, help_text="First day of fieldwork."
    )
    fieldwork_end = serializers.DateField(
        required=False, allow_null=True, help_text="Last day of fieldwork."
    )
    published_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="The letter's date, or the report's publication date if known.",
    )
    lead_inspector = serializers.CharField(
        required=False, allow_blank=True, help_text="The lead inspector's name."
    )
    inspectors = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Every inspector's name."
    )
    headline_summary = serializers.CharField(
        required=False, allow_blank=True, help_text="The document's headline, quoted."
    )
    source_reference = serializers.CharField(
        required=False, allow_blank=True, help_text="The document this draft was read from."
    )
    theme = serializers.CharField(
        read_only=True,
        help_text="What a focused visit or joint targeted area inspection looked at (also in "
        "source_reference, which the event keeps).",
    )
    agencies = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="The inspectorates of a joint targeted area inspection, Ofsted first (also in "
        "source_reference).",
    )


class DraftAreaSerializer(serializers.Serializer):
    ref = serializers.IntegerField(help_text="Its place in the document's list, from 1.")
    wording = serializers.CharField(help_text="The document's own wording of the area.")
    area_id = serializers.IntegerField(
        allow_null=True, help_text="The existing area of concern it is; null for a new area."
    )
    area_title = serializers.CharField(read_only=True, help_text="The matched area's title.")
    score = serializers.FloatField(read_only=True, help_text="1.0: matched word for word.")
    new_title = serializers.CharField(
        required=False, allow_blank=True, help_text="For a new area: its short title."
    )
    new_theme = serializers.ChoiceField(
        choices=Theme.choices,
        required=False,
        allow_blank=True,
        help_text="For a new area: its theme.",
    )
    framework_reference = serializers.CharField(
        read_only=True,
        help_text="The national framework's outcome or enabler the document cross-references the "
        "item to, as printed ('outcome 3, national framework'), apart from its wording.",
    )
    priority_action = serializers.BooleanField(
        read_only=True, help_text="Listed among a focused visit's areas for priority action."
    )
    confidence = serializers.FloatField(
        read_only=True,
        help_text="How sure the import is of the match (or that it is a new area), 0 to 1.",
    )
    unsure = serializers.BooleanField(
        read_only=True, help_text="Marked for checking: the import is unsure of the match."
    )
    reason = serializers.CharField(read_only=True, help_text="Why it is marked; empty if not.")


class DraftFindingSerializer(serializers.Serializer):
    section = serializers.ChoiceField(
        choices=Finding.Section.choices, help_text="The section of the document it comes from."
    )
    paragraph = serializers.IntegerField(
        allow_null=True, help_text="Its paragraph number within the section."
    )
    text = serializers.CharField(help_text="The finding, quoted word for word.")
    polarity = serializers.ChoiceField(
        choices=Finding.Polarity.choices,
        help_text="Strength, weakness or mixed, proposed from its wording.",
    )
    area_ref = serializers.IntegerField(
        allow_null=True, help_text="The `ref` of the area it speaks to."
    )
    area_score = serializers.FloatField(
        read_only=True, help_text="How closely its wording matched the area (0 to 1)."
    )
    area_confidence = serializers.FloatField(
        read_only=True, help_text="How sure the import is of the area it speaks to, 0 to 1."
    )
    area_unsure = serializers.BooleanField(
        read_only=True, help_text="Marked for checking: the import is unsure of its area."
    )
    area_reason = serializers.CharField(
        read_only=True, help_text="Why its area is marked; empty if not."
    )
    polarity_confidence = serializers.FloatField(
        read_only=True, help_text="How sure the import is of its polarity, 0 to 1."
    )
    polarity_unsure = serializers.BooleanField(
        read_only=True, help_text="Marked for checking: the import is unsure of its polarity."
    )
    polarity_reason = serializers.CharField(
        read_only=True, help_text="Why its polarity is marked; empty if not."
    )


class DraftJudgementSerializer(serializers.Serializer):
    judgement = serializers.ChoiceField(
        choices=Judgement.Name.choices, help_text="Which judgement."
    )
    grade = serializers.ChoiceField(
        choices=Judgement.Grade.choices, help_text="Its grade on the four-point scale."
    )
    wording = serializers.CharField(
        read_only=True, help_text="The judgement as the report worded it."
    )


class DuplicateSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The recorded event's id.")
    title = serializers.CharField(help_text="The recorded event's title.")
    url = serializers.URLField(help_text="The recorded event's page.")


class DraftSerializer(serializers.Serializer):
    """The draft: read from a document, edited, and sent back to be saved. (Documentation only:
    the review forms validate it.)"""

    document = serializers.ChoiceField(
        choices=list(DOCUMENT_KINDS.items()),
        help_text="What the document is: a monitoring visit, focused visit or joint targeted "
        "area inspection letter, or an inspection report.",
    )
    event = DraftEventSerializer(help_text="The event's facts.")
    areas = DraftAreaSerializer(many=True, help_text="The areas of concern the document covers.")
    findings = DraftFindingSerializer(many=True, help_text="Each finding, in the document's order.")
    judgements = DraftJudgementSerializer(
        many=True, help_text="The judgement table of an inspection report; empty for a letter."
    )
    judgement_layout = serializers.CharField(
        read_only=True, help_text="The report's judgement layout, in words."
    )
    problems = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="What could not be found in the document.",
    )
    duplicate_of = DuplicateSerializer(
        read_only=True, allow_null=True, help_text="The event already recorded for it, if any."
    )


class SavedEventSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The new event's id.")
    title = serializers.CharField(help_text="The new event's title.")
    authority = serializers.CharField(help_text="ONS code")
    status = serializers.CharField(help_text="Always draft: publish it once checked.")
    url = serializers.URLField(help_text="The new event's page.")
    areas_reviewed = serializers.IntegerField(help_text="How many areas it reviewed.")
    findings = serializers.IntegerField(help_text="How many findings were saved.")


class ReadingSerializer(serializers.Serializer):
    """A document being read into a draft. (Documentation only.)"""

    token = serializers.CharField(help_text="Identifies the reading.")
    status = serializers.ChoiceField(
        choices=ImportJob.Status.choices,
        help_text="queued or reading: ask again in a few seconds; ready: `draft` holds the "
        "draft; failed: `errors` says why, by field.",
    )
    url = serializers.URLField(help_text="Where to ask for this reading's status.")
    draft = DraftSerializer(allow_null=True, help_text="The draft, once ready.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        allow_null=True,
        help_text="Why the document could not be read, by field (text, file or authority).",
    )


class DraftFromDocument(APIView):
    """Send a letter or report to be read into a draft. Nothing is saved but the document, until
    it has been read."""

    permission_classes = [IsAuthenticated, CanImport]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        summary="Send a letter or report to be read into a draft",
        description="The document is read by a worker, off the web server: the answer is 202 "
        "with the reading's status and its URL (also in `Location`); ask there until it is "
        "`ready` (with the draft) or `failed` (with why).",
        tags=["Import"],
        request={"multipart/form-data": DocumentSerializer, "application/json": DocumentSerializer},
        responses={
            202: ReadingSerializer,
            400: OpenApiResponse(description="What is missing or wrong in the request, by field."),
        },
    )
    def post(self, request):
        serializer = DocumentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data.get("authority") is not None:
            check_may_write(request.user, data["authority"])
        job = start_import(
            user=request.user,
            text=data.get("text", ""),
            upload=data.get("file"),
            authority=data.get("authority"),
        )
        body = reading_response(job, request)
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})


class DraftReading(APIView):
    """How the reading of a document is going, and its draft once ready."""

    permission_classes = [IsAuthenticated, CanImport]

    @extend_schema(
        summary="The status of a document being read, and its draft once ready",
        tags=["Import"],
        parameters=[
            OpenApiParameter(
                "token",
                str,
                OpenApiParameter.PATH,
                description="The reading's token, as the answer to sending the document gave it.",
            )
        ],
        responses={
            200: ReadingSerializer,
            404: OpenApiResponse(description="No such reading of yours."),
        },
    )
    def get(self, request, token):
        job = job_for(request.user, token)
        if job is None:
            return Response({"detail": "No such reading of yours."}, status=404)
        return Response(reading_response(job, request))


def reading_response(job: ImportJob, request) -> dict:
    ready = job.status == ImportJob.Status.READY
    failed = job.status == ImportJob.Status.FAILED
    return {
        "token": job.token,
        "status": job.status,
        "url": request.build_absolute_uri(reverse("api-import-draft-status", args=[job.token])),
        "draft": draft_response(Draft.from_dict(job.draft), job.authority, request)
        if ready
        else None,
        "errors": {job.error_field or "non_field_errors": [job.error]} if failed else None,
    }


class EventFromDraft(APIView):
    """Save a reviewed draft as a draft event, with its areas, reviews and findings."""

    permission_classes = [IsAuthenticated, CanImport]

    @extend_schema(
        summary="Save a reviewed draft as a draft event",
        tags=["Import"],
        request=DraftSerializer,
        responses={
            201: SavedEventSerializer,
            400: OpenApiResponse(
                description="The review's errors: event, areas, findings; for an event "
                "already recorded, its error under `event` (the visit number, or the first day "
                "of fieldwork) and the recorded event as `duplicate_of` (id, title, url)."
            ),
        },
    )
    def post(self, request):
        try:
            draft = Draft.from_dict(request.data)
        except (ValueError, TypeError) as problem:
            return Response(
                {"non_field_errors": [f"The draft cannot be read: {problem}"]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        code = draft.event.authority_ons_code
        authority = LocalAuthority.objects.filter(ons_code=code).first() if code else None
        if authority is None:
            return Response(
                {
                    "event": {
                        "authority_ons_code": [
                            f"No local authority has the ONS code {code!r}."
                            if code
                            else "Give the local authority's ONS code."
                        ]
                    }
                },  # fmt: skip
                status=status.HTTP_400_BAD_REQUEST,
            )
        check_may_write(request.user, authority)
        review = ImportReview.from_draft(draft, authority)
        event = review.save()
        if event is None:
            errors = review.errors_as_json()
            if review.duplicate:
                errors["duplicate_of"] = duplicate_response(review.duplicate, request)
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        return Response(
            {
                "id": event.pk,
                "title": event.title,
                "authority": authority.ons_code,
                "status": event.status,
                "url": request.build_absolute_uri(event.get_absolute_url()),
                "areas_reviewed": event.reviews.count(),
                "findings": event.findings.count(),
            },
            status=status.HTTP_201_CREATED,
        )


def draft_response(draft: Draft, authority: LocalAuthority, request) -> dict:
    """The draft as JSON, with the event already recorded for it, if any."""
    existing = duplicate_of(draft.event, authority)
    data = draft.to_dict()
    data["duplicate_of"] = duplicate_response(existing, request) if existing else None
    return data


def duplicate_response(existing: InspectionEvent, request) -> dict:
    """The event already recorded, as DuplicateSerializer describes it."""
    return {
        "id": existing.pk,
        "title": existing.title,
        "url": request.build_absolute_uri(reverse("event-detail", args=[existing.pk])),
    }
