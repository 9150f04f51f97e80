"""Recording progress on the plan: the one path the pages and the API share."""

import os
import uuid

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse, Http404

from sefton_tracker.core.locking import lock_current, save_versioned
from visits.scope import check_may_write, in_scope, out_of_scope

from ..models import ImprovementAction
from ..services import save_action
from .evidence import check_evidence
from .models import ImpactMeasure, ProgressUpdate

LEAD_OR_OFFICER = "Only the action's lead, or an officer of its authority, may record its progress."
AUTHOR_OR_OFFICER = "Only the update's author, or an officer of its authority, may correct it."


def may_record_progress(user, action: ImprovementAction) -> bool:
    """The action's lead (whatever their role) or an officer, either working for the action's
    authority (a lead who has left it may no longer)."""
    try:
        check_may_record_progress(user, action)
    except PermissionDenied:
        return False
    return True


def check_may_record_progress(user, action: ImprovementAction) -> None:
    """PermissionDenied, saying why, for a user who may not record progress on the action."""
    if not user.is_authenticated:
        raise PermissionDenied(LEAD_OR_OFFICER)
    is_lead = action.lead_user_id == user.pk
    if not is_lead and not user.has_perm("plan.add_progressupdate"):
        raise PermissionDenied(LEAD_OR_OFFICER)
    if not in_scope(user, action.area.authority_id):
        raise PermissionDenied(out_of_scope(action.area.authority))


def check_may_correct(user, update: ProgressUpdate) -> None:
    """Its author, while they may still record progress on the action, or an officer of the
    action's authority may correct an update; anyone else is refused (PermissionDenied), saying
    why."""
    if update.author_id == user.pk and may_record_progress(user, update.action):
        return
    if not user.has_perm("plan.change_progressupdate"):
        raise PermissionDenied(AUTHOR_OR_OFFICER)
    check_may_write(user, update.action.area.authority, "plan.change_progressupdate")


def evidence_response(update: ProgressUpdate) -> FileResponse:
    """An update's evidence file as a download (pages and API alike): of the type read from its
    content when it was uploaded, never shown inline, and sandboxed should a browser open it
    anyway. Http404 when the file is missing from storage."""
    try:
        stored = update.evidence_file.open("rb")
    except FileNotFoundError:
        raise Http404("The evidence file is missing.") from None
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=update.evidence_name or os.path.basename(update.evidence_file.name),
        content_type=update.evidence_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


def attach_evidence(update: ProgressUpdate, name: str, data: bytes) -> None:
    """Check an uploaded file (plan.evidence) and put it on the update, under a name of the
    tracker's own: the uploader's name is kept only as evidence_name, never as a path."""
    kind = check_evidence(name, data)
    extension = os.path.splitext(name)[1].lower()
    update.evidence_file.save(f"{uuid.uuid4().hex}{extension}", ContentFile(data), save=False)
    update.evidence_name = os.path.basename(name)[:255]
    update.evidence_type = kind.media_type
    update.evidence_size = len(data)


def record_update(
    update: ProgressUpdate,
    *,
    evidence: tuple[str, bytes] | None = None,
    status: str | None = None,
    expected_version: int | None = None,
) -> ProgressUpdate:
    """Save a progress update (new, or corrected) and give the action its latest update's RAG,
    with that update's note as the reason; `status` moves the action on too (e.g.
    to complete). `evidence` is an uploaded file's (name, bytes), checked before anything is
    saved. A file stored for a save that then fails is removed: nothing is half written."""
    if evidence is not None:
        attach_evidence(update, *evidence)
    stored_name = update.evidence_file.name if evidence is not None else ""
    try:
        with transaction.atomic():
            save_versioned(update, expected_version=expected_version)
            # The action as stored now: an edit of it made meanwhile is kept, not refused.
            action = ImprovementAction.objects.select_for_update().get(pk=update.action_id)
            # The action's RAG is its latest update's, whichever update this was (a corrected
            # date can make another one the latest); it is saved only if something changed, so a
            # correction does not make someone editing the action meanwhile start again.
            latest = action.latest_update
            changed = {"rag": latest.rag, "rag_reason": latest.note}
            if status:
                changed["status"] = status
            if any(getattr(action, name) != value for name, value in changed.items()):
                for name, value in changed.items():
                    setattr(action, name, value)
                save_action(action, expected_version=action.version)
            update.action = action
    except Exception:
        if stored_name:
            update.evidence_file.storage.delete(stored_name)
        raise
    return update


def save_measure(measure: ImpactMeasure, *, expected_version: int | None = None) -> ImpactMeasure:
    save_versioned(measure, expected_version=expected_version)
    return measure


@transaction.atomic
def delete_measure(measure: ImpactMeasure, *, expected_version: int | None = None) -> None:
    lock_current(measure, expected_version).delete()
