"""Pages of the import: paste or upload a document, wait while a worker reads it, review the
draft, save it.

The draft waits in the officer's session between reading and review; nothing is written to the
tracker until the review is confirmed, and then in one transaction.
"""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from visits.models import LocalAuthority
from visits.scope import check_may_write

from .forms import StartForm
from .models import ImportJob
from .parsing.draft import Draft
from .review import ImportReview
from .services import job_for, start_import

SESSION_KEY = "findings_imports"
KEEP_DRAFTS = 5  # an officer's most recent unsaved imports kept in the session
PERMISSION = "visits.add_inspectionevent"


@login_required
@permission_required(PERMISSION, raise_exception=True)
def start(request):
    form = StartForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        job = start_import(
            user=request.user,
            text=form.cleaned_data["text"],
            upload=form.cleaned_data.get("file"),
            authority=form.cleaned_data.get("authority"),
        )
        return _after_reading(request, job)
    return render(request, "importer/start.html", {"form": form})


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_safe
def progress(request, token):
    """While a worker reads the document: the page checks again every few seconds."""
    job = job_for(request.user, token)
    if job is None:
        messages.info(request, "That import is no longer available: it was saved, or has expired.")
        return redirect("import-start")
    return _after_reading(request, job)


def _after_reading(request, job: ImportJob):
    """On to the review once the draft is ready; back to the form, saying why, if the document
    could not be read; otherwise (still reading) to the page that waits for it."""
    if job.status == ImportJob.Status.READY:
        token = _keep(request, Draft.from_dict(job.draft), job.authority)
        job.delete()
        return redirect("import-review", token=token)
    if job.status == ImportJob.Status.FAILED:
        form = StartForm.after_failed_reading(job)
        job.delete()
        return render(request, "importer/start.html", {"form": form})
    if request.resolver_match.url_name != "import-progress":
        return redirect("import-progress", token=job.token)
    return render(request, "importer/progress.html", {"job": job})


@login_required
@permission_required(PERMISSION, raise_exception=True)
def review(request, token):
    kept = _kept(request, token)
    if kept is None:
        messages.info(request, "That import is no longer available: it was saved, or has expired.")
        return redirect("import-start")
    draft, authority = kept
    check_may_write(request.user, authority)  # read for an authority since taken from them
    if request.method == "POST":
        review = ImportReview(draft=draft, authority=authority, data=request.POST)
        event = review.save()
        if event is not None:
            _forget(request, token)
            messages.success(
                request,
                f"{event.title} ({event.fieldwork_dates}) saved as a draft with "
                f"{event.reviews.count()} areas and {event.findings.count()} findings. "
                "Rate each area, or record why it was not rated, then check and publish it.",
            )
            return redirect(event)
    else:
        review = ImportReview(draft=draft, authority=authority)
    return render(
        request,
        "importer/review.html",
        {"review": review, "draft": draft, "authority": authority, "token": token},
    )


def _keep(request, draft: Draft, authority: LocalAuthority) -> str:
    token = secrets.token_urlsafe(12)
    kept = request.session.get(SESSION_KEY, {})
    kept[token] = {"draft": draft.to_dict(), "authority": authority.pk}
    # Oldest first (dicts keep insertion order): drop the oldest beyond the limit.
    for old in list(kept)[:-KEEP_DRAFTS]:
        del kept[old]
    request.session[SESSION_KEY] = kept
    return token


def _kept(request, token: str) -> tuple[Draft, LocalAuthority] | None:
    entry = request.session.get(SESSION_KEY, {}).get(token)
    authority = entry and LocalAuthority.objects.filter(pk=entry["authority"]).first()
    if not authority:
        return None
    return Draft.from_dict(entry["draft"]), authority


def _forget(request, token: str) -> None:
    kept = request.session.get(SESSION_KEY, {})
    kept.pop(token, None)
    request.session[SESSION_KEY] = kept
