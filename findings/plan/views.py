"""The plan's pages: the board (/plan/), an action's page, recording and correcting progress with
its evidence, downloading the evidence, and an action's impact measures. Each view finds what it
shows through one helper (which keeps embargoed areas hidden), checks who may do what through
plan.services and visits.scope, and leaves the reading to plan.pages."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from sefton_tracker.core.history import history_entries
from sefton_tracker.core.views import form_page, history_page, home_crumb, posted
from visits.forms import VersionForm
from visits.scope import ScopedPerms, check_may_write, may_write
from visits.selectors import chosen_authority

from ..models import ImprovementAction, area_visible_through, readable_in_history
from .forms import ImpactMeasureForm, ProgressCorrectionForm, ProgressUpdateForm
from .models import ImpactMeasure, ProgressUpdate
from .pages import action_page, board_page
from .services import (
    check_may_correct,
    check_may_record_progress,
    delete_measure,
    evidence_response,
    may_record_progress,
    record_update,
    save_measure,
)

VIEW_ACTIONS = "findings.view_improvementaction"


@login_required
@permission_required(VIEW_ACTIONS, raise_exception=True)
@require_safe
def board(request):
    authority = chosen_authority(request)
    context = {"authority": authority}
    if authority is not None:
        chosen = request.GET.get("authority")
        context["page"] = board_page(
            authority, request.user, request.GET, {"authority": chosen} if chosen else {}
        )
    return render(request, "plan/board.html", context)


@login_required
@permission_required(VIEW_ACTIONS, raise_exception=True)
@require_safe
def action_detail(request, pk):
    action = _action_or_404(request, pk)
    user, authority = request.user, action.area.authority
    return render(
        request,
        "plan/action.html",
        {
            "action": action,
            "page": action_page(action, user),
            "perms": ScopedPerms(user, authority),
            "may_record": may_record_progress(user, action),
            "may_correct_all": may_write(user, authority, "plan.change_progressupdate"),
            "may_change_measures": may_write(
                user,
                authority,
                "plan.add_impactmeasure",
                "plan.change_impactmeasure",
                "plan.delete_impactmeasure",
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def update_create(request, pk):
    """Recording progress: for the action's lead, whatever their role, and its authority's
    officers (plan.services.check_may_record_progress says why anyone else is refused)."""
    action = _action_or_404(request, pk)
    check_may_record_progress(request.user, action)
    form = ProgressUpdateForm(
        posted(request),
        request.FILES if request.method == "POST" else None,
        action=action,
        author=request.user,
    )
    return form_page(
        request,
        form,
        lambda: record_update(form.instance, evidence=form.evidence, status=form.new_status),
        template="plan/update_form.html",
        context={"action": action, "update": None},
        message="The progress update has been recorded.",
        success_url=reverse("plan-action", args=[action.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def update_edit(request, pk):
    update = _update_or_404(request, pk)
    check_may_correct(request.user, update)
    form = ProgressCorrectionForm(
        posted(request), instance=update, action=update.action, author=request.user
    )
    return form_page(
        request,
        form,
        lambda: record_update(form.instance, expected_version=form.cleaned_data["version"]),
        template="plan/update_form.html",
        context={"action": update.action, "update": update},
        message="The progress update has been corrected.",
        success_url=reverse("plan-action", args=[update.action_id]),
        what="progress update",
    )


@login_required
@permission_required("plan.view_progressupdate", raise_exception=True)
@require_safe
def update_history(request, pk):
    update = _update_or_404(request, pk)
    action = update.action
    return history_page(
        request,
        title="History of the progress update",
        caption=f"{action.title}: update of {update.date:%-d %B %Y}",
        crumbs=[
            home_crumb(),
            ("Improvement plan", reverse("plan-board")),
            (action.title, reverse("plan-action", args=[action.pk])),
        ],
        entries=history_entries(
            update.history.select_related("history_user"),
            readable=readable_in_history(request.user),
        ),
    )


@login_required
@permission_required("plan.view_progressupdate", raise_exception=True)
@require_safe
def evidence(request, pk):
    """An update's evidence file, for signed-in readers who may see its action: always as a
    download, of the type read from its content when it was uploaded, never shown inline, and
    sandboxed should a browser open it anyway."""
    update = _update_or_404(request, pk)
    if not update.evidence_file:
        raise Http404("This progress update has no evidence file.")
    return evidence_response(update)


# -- Impact measures ----------------------------------------------------------------------------


@login_required
@permission_required("plan.add_impactmeasure", raise_exception=True)
@require_http_methods(["GET", "POST"])
def measure_create(request, pk):
    action = _action_or_404(request, pk)
    check_may_write(request.user, action.area.authority, "plan.add_impactmeasure")
    form = ImpactMeasureForm(posted(request), action=action)
    return form_page(
        request,
        form,
        lambda: save_measure(form.instance),
        template="plan/measure_form.html",
        context={"action": action, "measure": None},
        message="The impact measure has been added.",
        success_url=reverse("plan-action", args=[action.pk]) + "#measures",
    )


@login_required
@permission_required("plan.change_impactmeasure", raise_exception=True)
@require_http_methods(["GET", "POST"])
def measure_edit(request, pk):
    measure = _measure_to_change(request, pk, "plan.change_impactmeasure")
    form = ImpactMeasureForm(posted(request), instance=measure, action=measure.action)
    return form_page(
        request,
        form,
        lambda: save_measure(form.instance, expected_version=form.cleaned_data["version"]),
        template="plan/measure_form.html",
        context={"action": measure.action, "measure": measure},
        message="The impact measure has been saved.",
        success_url=reverse("plan-action", args=[measure.action_id]) + "#measures",
        what="impact measure",
    )


@login_required
@permission_required("plan.delete_impactmeasure", raise_exception=True)
@require_http_methods(["GET", "POST"])
def measure_delete(request, pk):
    measure = _measure_to_change(request, pk, "plan.delete_impactmeasure")
    form = VersionForm(posted(request), instance=measure)
    return form_page(
        request,
        form,
        lambda: delete_measure(measure, expected_version=form.cleaned_data["version"]),
        template="plan/measure_delete.html",
        context={"action": measure.action, "measure": measure},
        message="The impact measure has been removed.",
        success_url=reverse("plan-action", args=[measure.action_id]) + "#measures",
        what="impact measure",
    )


# -- Finding and authorising --------------------------------------------------------------------


def _action_or_404(request, pk) -> ImprovementAction:
    """An action of an area the user may see (not one raised by a draft they may not see)."""
    actions = ImprovementAction.objects.filter(area_visible_through(request.user))
    return get_object_or_404(actions.select_related("area__authority", "lead_user"), pk=pk)


def _update_or_404(request, pk) -> ProgressUpdate:
    """A progress update on an action the user may see."""
    updates = ProgressUpdate.objects.filter(area_visible_through(request.user, "action__area"))
    return get_object_or_404(
        updates.select_related("action__area__authority", "action__lead_user", "author"), pk=pk
    )


def _measure_to_change(request, pk, permission: str) -> ImpactMeasure:
    measures = ImpactMeasure.objects.filter(area_visible_through(request.user, "action__area"))
    measure = get_object_or_404(
        measures.select_related("action__area__authority", "indicator"), pk=pk
    )
    check_may_write(request.user, measure.action.area.authority, permission)
    return measure
