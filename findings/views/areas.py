"""An area of concern's page, its edit and history pages, the history of its ratings, and its
improvement actions."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods, require_safe

from sefton_tracker.core.history import history_entries
from sefton_tracker.core.page_cache import cached_page_context
from sefton_tracker.core.views import form_page, history_page, home_crumb, posted
from visits.models import InspectionEvent
from visits.scope import ScopedPerms, check_may_write, page_scope
from visits.selectors import visible_event_or_404

from ..forms import ActionForm, AreaForm
from ..models import (
    AreaOfConcern,
    AreaReview,
    ImprovementAction,
    area_visible_through,
    readable_in_history,
)
from ..selectors.pages import area_page
from ..services import save_action, save_area


@login_required
@permission_required("findings.view_areaofconcern", raise_exception=True)
@require_safe
def area_detail(request, pk):
    area = get_object_or_404(
        AreaOfConcern.objects.visible_to(request.user).select_related("authority", "raised_by"),
        pk=pk,
    )
    cached = cached_page_context(
        request,
        area.authority,
        lambda: area_page(area, request.user),
        area.pk,
        page_scope(request.user, area.authority),
    )
    # Another authority's area is read without the controls to change it.
    perms = ScopedPerms(request.user, area.authority)
    return render(request, "findings/area_detail.html", {"area": area, "perms": perms, **cached})


@login_required
@permission_required("findings.change_areaofconcern", raise_exception=True)
@require_http_methods(["GET", "POST"])
def area_edit(request, pk):
    area = _area_to_change(request, pk)
    form = AreaForm(posted(request), instance=area, authority=area.authority)
    return form_page(
        request,
        form,
        lambda: save_area(form.instance, expected_version=form.cleaned_data["version"]),
        template="findings/area_form.html",
        context={"event": None, "area": area},
        message="The area of concern has been saved.",
        success_url=area,
    )


@login_required
@permission_required("findings.add_improvementaction", raise_exception=True)
@require_http_methods(["GET", "POST"])
def action_create(request, pk):
    area = _area_to_change(request, pk)
    form = ActionForm(posted(request), area=area)
    return form_page(
        request,
        form,
        lambda: save_action(form.instance),
        template="findings/action_form.html",
        context={"area": area, "action": None},
        message="The improvement action has been added.",
        warnings=lambda: form.instance.warnings,
        success_url=area.get_absolute_url() + "#actions",
    )


@login_required
@permission_required("findings.change_improvementaction", raise_exception=True)
@require_http_methods(["GET", "POST"])
def action_edit(request, pk):
    action = _action_or_404(request, pk)
    area = action.area
    check_may_write(request.user, area.authority)
    form = ActionForm(posted(request), instance=action, area=area)
    return form_page(
        request,
        form,
        lambda: save_action(form.instance, expected_version=form.cleaned_data["version"]),
        template="findings/action_form.html",
        context={"area": area, "action": action},
        message="The improvement action has been saved.",
        warnings=lambda: form.instance.warnings,
        success_url=area.get_absolute_url() + "#actions",
    )


@login_required
@permission_required("findings.view_areaofconcern", raise_exception=True)
@require_safe
def area_history(request, pk):
    area = get_object_or_404(AreaOfConcern.objects.visible_to(request.user), pk=pk)
    return history_page(
        request,
        title="History of the area of concern",
        caption=area.title,
        crumbs=[home_crumb(), (area.title, area.get_absolute_url())],
        entries=history_entries(
            area.history.select_related("history_user"),
            readable=readable_in_history(request.user),
        ),
        intro="Changes to the area's title, wording, theme and place in the list. Its ratings "
        "have their own history.",
    )


def _rating_trail(user, records):
    """Rating history records the user may see, each named by the event it was given at."""
    records = list(records.select_related("history_user"))
    events = {
        event.pk: event
        for event in InspectionEvent.objects.visible_to(user).filter(
            pk__in={r.event_id for r in records}
        )
    }
    visible = [r for r in records if r.event_id in events]

    def at_event(record):
        event = events[record.event_id]
        return f"{event.title} ({event.fieldwork_dates})"

    return history_entries(visible, subject=at_event, readable=readable_in_history(user))


@login_required
@permission_required(
    ["findings.view_areaofconcern", "findings.view_areareview"], raise_exception=True
)
@require_safe
def area_ratings_history(request, pk):
    """The audit trail of an area's trajectory: every rating given or changed, at every event."""
    area = get_object_or_404(AreaOfConcern.objects.visible_to(request.user), pk=pk)
    return history_page(
        request,
        title="History of the area's ratings",
        caption=area.title,
        crumbs=[home_crumb(), (area.title, area.get_absolute_url())],
        entries=_rating_trail(request.user, AreaReview.history.filter(area_id=area.pk)),
        intro="Every rating this area has been given, and every change to one: who set it, "
        "when, and the rationale they gave. Newest first.",
        empty="This area has not been rated yet.",
    )


@login_required
@permission_required("findings.view_areareview", raise_exception=True)
@require_safe
def review_history(request, pk):
    records = AreaReview.history.filter(id=pk)
    latest = records.order_by("-history_date").first()
    if latest is None:
        raise Http404("No such rating.")
    event = visible_event_or_404(request, latest.event_id)
    area = AreaOfConcern.objects.visible_to(request.user).filter(pk=latest.area_id).first()
    if (
        area is None
        and AreaOfConcern.objects.hidden_from(request.user).filter(pk=latest.area_id).exists()
    ):
        raise Http404("No such rating.")  # of an area raised by a draft the user may not see
    area_title = area.title if area else "An area since deleted"
    crumbs = [home_crumb(), (event.title, event.get_absolute_url())]
    if area:
        crumbs.append((area.title, area.get_absolute_url()))
    return history_page(
        request,
        title="History of the rating",
        caption=f"{area_title} at the {event.title_in_sentence}",
        crumbs=crumbs,
        entries=_rating_trail(request.user, records),
        intro="Who set this rating, when, and why; newest first.",
    )


@login_required
@permission_required("findings.view_improvementaction", raise_exception=True)
@require_safe
def action_history(request, pk):
    action = _action_or_404(request, pk)
    return history_page(
        request,
        title="History of the improvement action",
        caption=action.title,
        crumbs=[home_crumb(), (action.area.title, action.area.get_absolute_url() + "#actions")],
        entries=history_entries(
            action.history.select_related("history_user"),
            readable=readable_in_history(request.user),
        ),
    )


def _area_to_change(request, pk) -> AreaOfConcern:
    """An area the user may see (404 otherwise) and change: of their own authority (403)."""
    area = get_object_or_404(
        AreaOfConcern.objects.visible_to(request.user).select_related("authority"), pk=pk
    )
    check_may_write(request.user, area.authority)
    return area


def _action_or_404(request, pk) -> ImprovementAction:
    """An action of an area the user may see (not one raised by a draft they may not see)."""
    actions = ImprovementAction.objects.filter(area_visible_through(request.user))
    return get_object_or_404(actions.select_related("area__authority"), pk=pk)
