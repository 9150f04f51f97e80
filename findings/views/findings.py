"""An event's findings: their order in the letter, adding, changing and deleting one, and a
finding's history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from sefton_tracker.core.history import history_entries
from sefton_tracker.core.views import form_page, history_page, home_crumb, posted
from visits.forms import VersionForm
from visits.scope import check_may_write
from visits.selectors import event_to_change, visible_event_or_404

from ..forms import FindingForm
from ..models import AreaOfConcern, Finding, readable_in_history, recorded_visible_through
from ..services import delete_finding, move_finding, put_findings_in_letter_order, save_finding


@login_required
@permission_required("findings.change_finding", raise_exception=True)
@require_http_methods(["GET", "POST"])
def event_findings(request, pk):
    """The event's findings in letter order, with buttons to move each one up or down."""
    event = event_to_change(request, pk)
    if request.method == "POST":
        if "letter_order" in request.POST:
            put_findings_in_letter_order(event)
            messages.success(request, "The findings are now in the letter's order.")
            return redirect("event-findings", pk=event.pk)
        direction, _, finding_pk = request.POST.get("move", "").partition(":")
        finding = event.findings.filter(
            pk=finding_pk if finding_pk.isascii() and finding_pk.isdigit() else None
        ).first()
        if finding is None or direction not in ("up", "down"):
            messages.error(request, "That finding is no longer on this event: the list is updated.")
            return redirect("event-findings", pk=event.pk)
        move_finding(finding, by=-1 if direction == "up" else 1)
        return redirect(reverse("event-findings", args=[event.pk]) + f"#finding-{finding.pk}")
    findings = list(event.findings.select_related("area").order_by("order", "id"))
    deleted = (
        Finding.history.filter(event_id=event.pk, history_type="-")
        .select_related("history_user")
        .order_by("-history_date")
    )
    return render(
        request,
        "findings/event_findings.html",
        {"event": event, "findings": findings, "deleted": deleted},
    )


@login_required
@permission_required("findings.add_finding", raise_exception=True)
@require_http_methods(["GET", "POST"])
def finding_create(request, pk):
    event = event_to_change(request, pk)
    form = FindingForm(posted(request), event=event)
    return form_page(
        request,
        form,
        lambda: save_finding(form.instance),
        template="findings/finding_form.html",
        context={"event": event, "finding": None},
        message="The finding has been added.",
        success_url=lambda: event.get_absolute_url() + f"#finding-{form.instance.pk}",
    )


def _finding_to_change(request, pk) -> Finding:
    """A finding the user may see (404 otherwise) and change: of their own authority (403)."""
    findings = Finding.objects.filter(recorded_visible_through(request.user))
    finding = get_object_or_404(findings.select_related("area", "event__authority"), pk=pk)
    check_may_write(request.user, finding.event.authority)
    return finding


@login_required
@permission_required("findings.change_finding", raise_exception=True)
@require_http_methods(["GET", "POST"])
def finding_edit(request, pk):
    finding = _finding_to_change(request, pk)
    event = finding.event
    form = FindingForm(posted(request), instance=finding, event=event)
    return form_page(
        request,
        form,
        lambda: save_finding(form.instance, expected_version=form.cleaned_data["version"]),
        template="findings/finding_form.html",
        context={"event": event, "finding": finding},
        message="The finding has been saved.",
        success_url=event.get_absolute_url() + f"#finding-{finding.pk}",
    )


@login_required
@permission_required("findings.delete_finding", raise_exception=True)
@require_http_methods(["GET", "POST"])
def finding_delete(request, pk):
    finding = _finding_to_change(request, pk)
    event = finding.event
    form = VersionForm(posted(request), instance=finding)
    return form_page(
        request,
        form,
        lambda: delete_finding(finding, expected_version=form.cleaned_data["version"]),
        template="findings/finding_delete.html",
        context={"event": event, "finding": finding},
        message="The finding has been deleted.",
        success_url=event.get_absolute_url() + "#findings",
    )


@login_required
@permission_required("findings.view_finding", raise_exception=True)
@require_safe
def finding_history(request, pk):
    """A finding's history, reachable after it is deleted too (the record of its deletion)."""
    records = Finding.history.filter(id=pk)
    latest = records.order_by("-history_date").first()
    if latest is None:
        raise Http404("No such finding.")
    event = visible_event_or_404(request, latest.event_id)
    if (
        latest.area_id
        and AreaOfConcern.objects.hidden_from(request.user).filter(pk=latest.area_id).exists()
    ):
        raise Http404("No such finding.")  # about an area raised by a draft the user may not see
    return history_page(
        request,
        title="History of the finding",
        caption=f"{event.title} · {Finding.Section(latest.section).label}"
        + (f", paragraph {latest.paragraph}" if latest.paragraph else ""),
        crumbs=[home_crumb(), (event.title, event.get_absolute_url() + "#findings")],
        entries=history_entries(
            records.select_related("history_user"), readable=readable_in_history(request.user)
        ),
    )
