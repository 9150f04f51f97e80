"""Pages for reports: the list, a report's status, its download, and requesting a progress letter.
PDFs are never rendered here: requesting one queues a Celery task."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from visits.models import InspectionEvent

from . import services
from .filtersets import ReportFilterSet
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
    deliveries = (
        report.deliveries.order_by("email")
        if request.user.has_perm("reports.change_delivery")
        else None
    )
    return render(
        request, "reports/report_detail.html", {"report": report, "deliveries": deliveries}
    )


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
    try:
        report, created = services.request_letter(event, user=request.user)
    except services.QueueUnavailable as down:
        # The report is recorded as failed, to be tried again: say so, and when.
        response = render(
            request,
            "reports/queue_unavailable.html",
            {
                "message": str(down),
                "event": event,
                "report": Report.objects.filter(pk=down.report_id).first(),
            },
            status=503,
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if created:
        messages.success(
            request, f"{event.title}: progress letter requested. It is being prepared."
        )
    else:
        messages.info(request, "A progress letter for this event is already being prepared.")
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
