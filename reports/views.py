"""Pages for reports: the list, a report's status, its download, requesting a progress letter, and an
administrator's digest on demand (preview any period, then send it now). PDFs are never rendered
here: requesting one queues a Celery task."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sefton_tracker.core.views import posted
from visits.models import InspectionEvent, LocalAuthority
from visits.selectors import default_authority

from . import services
from .filtersets import ReportFilterSet
from .forms import DigestForm, DigestSendForm
from .models import Report

PAGE_SIZE = 25
# When the task queue cannot be reached: how soon to try again.
RETRY_AFTER_SECONDS = 30


def _visible_reports(user):
    return Report.objects.visible_to(user).select_related("event", "authority", "requested_by")


@login_required
@require_safe
@permission_required("reports.view_report", raise_exception=True)
def report_list(request):
    filterset = ReportFilterSet(request.GET, queryset=_visible_reports(request.user))
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/report_list.html",
        {
            "filterset": filterset,
            "page": page,
            "reports": page.object_list,
            "page_range": page.paginator.get_elided_page_range(
                page.number, on_each_side=1, on_ends=1
            ),
            "kinds": Report.Kind.choices,
            "statuses": Report.Status.choices,
        },
    )


@login_required
@require_safe
@permission_required("reports.view_report", raise_exception=True)
def report_detail(request, pk):
    report = get_object_or_404(_visible_reports(request.user), pk=pk)
    return _report_page(request, report)


def _report_page(request, report, send_form=None):
    """A report's page; for a digest, administrators also get the form to send it now."""
    deliveries = (
        report.deliveries.order_by("email")
        if request.user.has_perm("reports.change_delivery")
        else None
    )
    if send_form is None and _may_send(request.user, report):
        send_form = DigestSendForm(report=report)
    return render(
        request,
        "reports/report_detail.html",
        {"report": report, "deliveries": deliveries, "form": send_form},
    )


def _may_send(user, report) -> bool:
    return report.kind == Report.Kind.DIGEST and user.has_perm("reports.add_delivery")


@login_required
@require_safe
@permission_required("reports.view_report", raise_exception=True)
def report_download(request, pk):
    report = get_object_or_404(_visible_reports(request.user), pk=pk)
    if not report.is_ready:
        raise Http404("This report has no PDF yet.")
    return pdf_download(report)


def pdf_download(report) -> FileResponse:
    """A ready report's PDF as a download, kept out of shared caches (page and API alike)."""
    response = FileResponse(
        report.pdf.open("rb"),
        as_attachment=True,
        filename=report.download_name,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
@permission_required("reports.add_report", raise_exception=True)
def request_letter(request, event_id):
    event = get_object_or_404(InspectionEvent.objects.visible_to(request.user), pk=event_id)
    return _requested(
        request,
        lambda: services.request_letter(event, user=request.user),
        subject=event.title,
        what="the progress letter",
        already="A progress letter for this event is already being prepared.",
        context={"event": event},
    )


@login_required
@require_POST
@permission_required("reports.add_report", raise_exception=True)
def request_plan(request, authority_id):
    """Queue the authority's improvement plan as a PDF (published areas only: it may reach anyone)."""
    authority = get_object_or_404(LocalAuthority, pk=authority_id)
    return _requested(
        request,
        lambda: services.request_plan(authority, user=request.user),
        subject=authority.name,
        what="the improvement plan PDF",
        already="The improvement plan PDF is already being prepared.",
    )


def _requested(request, make_request, *, subject: str, what: str, already: str, context=None):
    """Request a report and go to its page, saying how it stands; or, if the task queue cannot be
    reached, a 503 page saying the report is recorded as failed, to be tried again, and when."""
    try:
        report, created = make_request()
    except services.QueueUnavailable as down:
        response = render(
            request,
            "reports/queue_unavailable.html",
            {
                "message": str(down),
                **(context or {}),
                "report": Report.objects.filter(pk=down.report_id).first(),
            },
            status=503,
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    # Say what the page will show: in the embedded default the report is rendered in-process, so
    # it may be ready (or have failed) by now.
    report.refresh_from_db()
    if report.is_ready:
        messages.success(request, f"{subject}: {what} is ready to download.")
    elif report.status == Report.Status.FAILED:
        messages.warning(request, f"{subject}: {what} could not be prepared.")
    elif created:
        requested = what.removeprefix("the ")
        messages.success(request, f"{subject}: {requested} requested. It is being prepared.")
    else:
        messages.info(request, already)
    return redirect(report)


@login_required
@require_POST
@permission_required("reports.add_report", raise_exception=True)
def retry(request, pk):
    report = get_object_or_404(_visible_reports(request.user), pk=pk)
    try:
        queued = services.retry_report(report)
    except services.ReportConflict as conflict:
        messages.info(request, str(conflict))
        return redirect(report)
    except services.QueueUnavailable as down:
        messages.error(request, str(down))
        return redirect(report)
    if queued:
        messages.success(request, "The report is being prepared again.")
    else:
        messages.info(request, "Only a report that failed can be tried again.")
    return redirect(report)


# Digests on demand (administrators) --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("reports.add_delivery", raise_exception=True)
def digest_new(request):
    """Choose a digest's period and areas, and preview it: it is rendered (as the schedule's are)
    and shown on its report page, where it can be downloaded and sent. Nobody is emailed here."""
    authority = default_authority()
    if authority is None:
        raise Http404("No local authority is recorded yet.")
    form = DigestForm(posted(request), authority=authority)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.prepare_digest(
                authority.pk,
                form.selected_period,
                theme=form.theme,
                area_id=form.area.pk if form.area else None,
                user=request.user,
            )
        except services.QueueUnavailable as down:
            messages.error(request, str(down))
            return redirect(get_object_or_404(Report, pk=down.report_id))
        if report.deliveries.filter(status__in=services.SENT_OR_MAYBE_SENT).exists():
            messages.info(
                request,
                "This digest has already been sent, so it is shown as it was sent. "
                "Nothing more has been emailed.",
            )
        else:
            messages.success(
                request,
                f"{report.title}: {'ready' if report.is_ready else 'being prepared'}. "
                "Nothing has been emailed: check the PDF, then send it from this page.",
            )
        return redirect(report)
    return render(request, "reports/digest_new.html", {"form": form, "authority": authority})


@login_required
@require_POST
@permission_required("reports.add_delivery", raise_exception=True)
def digest_send(request, pk):
    """Send a digest now to the recipients chosen, each at most once."""
    report = get_object_or_404(
        _visible_reports(request.user).filter(kind=Report.Kind.DIGEST), pk=pk
    )
    form = DigestSendForm(request.POST, report=report)
    if not form.is_valid():
        return _report_page(request, report, send_form=form)
    try:
        recorded, already = services.send_digest_now(report, form.cleaned_data["recipients"])
    except services.QueueUnavailable as down:
        messages.warning(
            request,
            f"{down} The emails are recorded as pending and will be sent once the queue is back.",
        )
        return redirect(report)
    if recorded:
        count = len(recorded)
        messages.success(
            request,
            f"The digest is being sent to {count} recipient{'s' if count != 1 else ''}. "
            "Each email's status is under “Sent to”.",
        )
    if already:
        emails = ", ".join(delivery.email for delivery in already)
        messages.info(
            request,
            f"Not sent again to {emails}: each recipient gets a digest once. To send a failed "
            "email again, use Deliveries in the administration.",
        )
    return redirect(report)
