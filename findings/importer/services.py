"""The importer's work with the tracker, behind every entry point (the pages, the API and the
command): read a document (pasted text or an uploaded file) into a draft, find its authority and
match its areas against the authority's areas of concern, find an event already recorded for it,
and save a reviewed draft in one transaction through the shared services, so that an import obeys
exactly the rules a form or the API does. The event is saved as a draft (embargoed) for an
officer to check and publish."""

import datetime
import logging
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from visits.models import InspectionEvent, LocalAuthority
from visits.national.names import name_key
from visits.national.selectors import authority_named
from visits.scope import in_scope, out_of_scope
from visits.services import save_event

from ..models import AreaOfConcern, AreaReview, Finding
from ..services import save_area, save_finding, set_reviewed_areas
from .models import ImportJob
from .parsing.documents import parse_document
from .parsing.draft import Draft
from .parsing.errors import ImportProblem, UnknownAuthority
from .parsing.matching import AreaCandidate
from .parsing.pdf import is_pdf, pdf_text
from .parsing.proposals import propose

logger = logging.getLogger(__name__)


def find_authority(name: str) -> LocalAuthority | None:
    """The authority a document names ('Sefton' is Sefton Metropolitan Borough Council): by any
    name the national list knows it by, else by the one name of an authority recorded by hand."""
    wanted = name_key(name or "")
    if not wanted:
        return None
    named = authority_named(name)
    if named is not None:
        return named
    authorities = list(LocalAuthority.objects.all())
    exact = [a for a in authorities if name_key(a.name) == wanted]
    if len(exact) == 1:
        return exact[0]
    # Whole words: "Hull" is Kingston upon Hull, not Solihull.
    partial = [
        a
        for a in authorities
        if name_key(a.name)
        and (f" {name_key(a.name)} " in f" {wanted} " or f" {wanted} " in f" {name_key(a.name)} ")
    ]
    return partial[0] if len(partial) == 1 else None


def area_candidates(authority: LocalAuthority) -> list[AreaCandidate]:
    """The authority's areas of concern, with every wording earlier documents gave them."""
    areas = AreaOfConcern.objects.filter(authority=authority).prefetch_related(
        Prefetch(
            "reviews",
            queryset=AreaReview.objects.exclude(area_wording="").only("area_id", "area_wording"),
        )
    )
    return [
        AreaCandidate(
            id=area.pk,
            title=area.title,
            description=area.description,
            wordings=sorted({review.area_wording for review in area.reviews.all()}),
        )
        for area in areas
    ]


def existing_event(
    authority: LocalAuthority | None,
    *,
    kind: str,
    visit_number: int | None,
    fieldwork_start,
) -> InspectionEvent | None:
    """The event already recorded for a document, if any: the same monitoring visit number, or
    an event of the same kind that started on the same day."""
    if authority is None:
        return None
    events = InspectionEvent.objects.filter(authority=authority)
    if kind == InspectionEvent.Kind.MONITORING and visit_number:
        return events.filter(visit_number=visit_number).first()
    if fieldwork_start:
        return events.filter(kind=kind, fieldwork_start=fieldwork_start).first()
    return None


@dataclass
class Prepared:
    draft: Draft
    authority: LocalAuthority


def document_text(data: bytes, name: str) -> str:
    """The text of an uploaded file: a PDF's text layer, or a plain-text file decoded."""
    if is_pdf(data) or name.lower().endswith(".pdf"):
        return pdf_text(data, f"'{name}'")
    if not data.strip():
        raise ImportProblem(f"'{name}' is empty: there is no text to import.")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportProblem(f"'{name}' is neither a PDF nor a text file.")


def prepare(text: str, *, authority: LocalAuthority | None = None) -> Prepared:
    """Read the document and match it to `authority` (or the authority it names). Raises
    ImportProblem saying what could not be found."""
    draft = parse_document(text)
    if authority is None:
        authority = find_authority(draft.event.authority_name)
    if authority is None:
        named = draft.event.authority_name
        raise UnknownAuthority(
            f"The document is about '{named}', which is not a local authority in the tracker: "
            "choose the local authority and import it again."
            if named
            else "Could not find which local authority the document is about: choose the local "
            "authority and import it again."
        )
    draft.event.authority_ons_code = authority.ons_code
    candidates = area_candidates(authority)
    propose(draft, candidates)
    return Prepared(draft=draft, authority=authority)


class DocumentRefused(Exception):
    """A document that cannot be imported, with the input it concerns: "authority" when its
    authority cannot be found, else "file" or "text", whichever was given."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def read_document(*, text: str = "", upload=None, authority=None, user=None) -> Prepared:
    """Read pasted text or an uploaded file into a draft ready for review (nothing is saved).
    Raises DocumentRefused naming the input and saying what could not be read or found, or, for
    `user` (who asked for it to be read), that its authority is not one of theirs
    (visits.scope)."""
    try:
        if upload is not None:
            text = document_text(upload.read(), upload.name)
        prepared = prepare(text, authority=authority)
    except UnknownAuthority as problem:
        raise DocumentRefused("authority", str(problem)) from problem
    except ImportProblem as problem:
        raise DocumentRefused("file" if upload is not None else "text", str(problem)) from problem
    if user is not None and not in_scope(user, prepared.authority):
        raise DocumentRefused("authority", out_of_scope(prepared.authority))
    return prepared


def duplicate_of(facts, authority: LocalAuthority | None) -> InspectionEvent | None:
    """The event already recorded for an event's facts (a draft's `event`, or an event not yet
    saved: anything with its kind, visit number and first day of fieldwork), if any."""
    return existing_event(
        authority,
        kind=facts.kind,
        visit_number=facts.visit_number,
        fieldwork_start=facts.fieldwork_start,
    )


@dataclass
class ReviewedArea:
    ref: int
    wording: str
    area: AreaOfConcern | None  # None: create a new area
    new_title: str = ""
    new_theme: str = ""


@dataclass
class ReviewedFinding:
    text: str
    polarity: str
    section: str
    paragraph: int | None
    area_ref: int | None


def duplicate_message(existing: InspectionEvent) -> str:
    return (
        f"{existing.authority}'s {existing.title_in_sentence} ({existing.fieldwork_dates}) is already "
        "recorded, so this import would duplicate it. Edit the recorded event instead."
    )


@transaction.atomic
def save_import(
    *,
    event: InspectionEvent,
    judgements: dict[str, str],
    areas: list[ReviewedArea],
    findings: list[ReviewedFinding],
) -> InspectionEvent:
    """Create the event (as a draft), any new areas of concern, the reviews of the areas it
    covered with the document's wording, and its findings in order. All or nothing.

    A new area is raised by the event, so it stays embargoed with the draft until the draft is
    published (findings.models.published_areas)."""
    # Lock the authority's row so two officers saving the same letter at once cannot both pass
    # the duplicate check.
    type(event.authority).objects.select_for_update().get(pk=event.authority_id)
    if existing := duplicate_of(event, event.authority):
        raise ValidationError(duplicate_message(existing), code="duplicate")

    event.status = InspectionEvent.Status.DRAFT
    save_event(event, judgements=judgements if event.is_graded else None)

    resolved: dict[int, AreaOfConcern] = {}
    wording: dict[int, str] = {}
    for item in areas:
        area = item.area
        if area is None:
            # A new area goes to the end of the authority's list (save_area places it).
            area = AreaOfConcern(
                authority=event.authority,
                title=item.new_title.strip(),
                description=item.wording.strip(),
                theme=item.new_theme,
                raised_by=event,
            )
            save_area(area)
        resolved[item.ref] = area
        wording[area.pk] = item.wording.strip()
    set_reviewed_areas(event, resolved.values(), wording=wording)

    for order, item in enumerate(findings, start=1):
        save_finding(
            Finding(
                event=event,
                area=resolved.get(item.area_ref),
                text=item.text.strip(),
                polarity=item.polarity,
                section=item.section,
                paragraph=item.paragraph,
                order=order,
            )
        )
    return event


# Reading a document, on a worker: a crafted or damaged PDF can take a long time, and must never
# hold up a web server. In the embedded default the task runs in-process, before the answer.

QUEUE_DOWN = (
    "The document could not be sent to be read: the task queue cannot be reached. "
    "Try again shortly."
)
TOO_SLOW = (
    "Reading the document took too long, so it was stopped. It may be damaged or not a real "
    "letter or report: check the file, or paste the letter's text instead."
)
FINISHED_JOBS_KEPT = datetime.timedelta(days=1)


def start_import(*, user, text: str = "", upload=None, authority=None) -> ImportJob:
    """Keep the document and have a worker read it; the job says when the draft is ready. In
    the embedded default (tasks in-process) it has been read by the time this returns."""
    ImportJob.objects.filter(
        requested_by=user,
        status__in=[ImportJob.Status.READY, ImportJob.Status.FAILED],
        finished_at__lt=timezone.now() - FINISHED_JOBS_KEPT,
    ).delete()
    job = ImportJob.objects.create(
        requested_by=user,
        text="" if upload is not None else text,
        document=upload.read() if upload is not None else b"",
        document_name=upload.name if upload is not None else "",
        chosen_authority=authority,
    )
    transaction.on_commit(partial(_queue, job.pk))
    job.refresh_from_db()
    return job


def _queue(job_id: int) -> None:
    from .tasks import read_import

    try:
        read_import.delay(job_id)
    except Exception:  # the broker is down or refuses: the job must not wait for ever
        logger.exception("Import %s could not be queued", job_id)
        _finish(job_id, ImportJob.Status.FAILED, error=QUEUE_DOWN)


def read_import(job_id: int) -> ImportJob | None:
    """Read a queued job's document into its draft (or why it cannot be read). Claimed by a
    conditional update, so a task delivered twice reads it once."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.READING, started_at=timezone.now()
    )
    if not claimed:
        return None
    job = ImportJob.objects.select_related("chosen_authority", "requested_by").get(pk=job_id)
    upload = ContentFile(bytes(job.document), name=job.document_name) if job.document_name else None
    try:
        prepared = read_document(
            text=job.text,
            upload=upload,
            authority=job.chosen_authority,
            user=job.requested_by,
        )
    except DocumentRefused as refused:
        return _finish(job_id, ImportJob.Status.FAILED, error=str(refused), field=refused.field)
    return _finish(
        job_id,
        ImportJob.Status.READY,
        draft=prepared.draft.to_dict(),
        authority=prepared.authority,
    )


def give_up_reading(job_id: int) -> None:
    """The job ran out of time (its task's soft time limit)."""
    _finish(job_id, ImportJob.Status.FAILED, error=TOO_SLOW, field="file")


def _finish(job_id: int, status: str, *, error: str = "", field: str = "", **fields) -> ImportJob:
    ImportJob.objects.filter(pk=job_id).update(
        status=status,
        error=error,
        error_field=field,
        document=b"",  # what was uploaded is not kept once read
        finished_at=timezone.now(),
        **fields,
    )
    return ImportJob.objects.get(pk=job_id)


def job_for(user, token: str) -> ImportJob | None:
    """The user's own import job, with a job its worker has abandoned (killed, or stopped at its
    hard time limit) seen as failed."""
    job = (
        ImportJob.objects.filter(requested_by=user, token=token).select_related("authority").first()
    )
    if job is not None and not job.finished and _abandoned(job):
        job = _finish(job.pk, ImportJob.Status.FAILED, error=TOO_SLOW, field="file")
    return job


def _abandoned(job: ImportJob) -> bool:
    # Waiting in the queue counts too, with room for a busy worker.
    waited = datetime.timedelta(seconds=3 * settings.IMPORT_READ_TIME_LIMIT + 60)
    return job.created_at < timezone.now() - waited
