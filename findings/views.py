from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from sefton_tracker.govuk_forms import attempt, submit
from sefton_tracker.history import history_entries
from sefton_tracker.page_cache import cached_page
from visits.forms import VersionForm
from visits.models import InspectionEvent, visible_through
from visits.services import publish_event
from visits.views import visible_event_or_404

from .forms import (
    ActionForm,
    AreaFindingFormSet,
    AreaForm,
    FindingForm,
    RatingForm,
    ReviewedAreasForm,
)
from .models import AreaOfConcern, AreaReview, Finding, ImprovementAction
from .selectors import area_page, event_page
from .services import (
    delete_finding,
    move_finding,
    put_findings_in_letter_order,
    rate_area,
    save_action,
    save_area,
    save_finding,
    set_reviewed_areas,
)


@login_required
@permission_required("visits.view_inspectionevent", raise_exception=True)
@require_safe
def event_detail(request, pk):
    event = visible_event_or_404(request, pk)
    prefetch_related_objects([event], "judgements")
    return render(request, "visits/event_detail.html", {"page": event_page(event, request.user)})


@login_required
@permission_required("findings.view_areaofconcern", raise_exception=True)
@require_safe
def area_detail(request, pk):
    area = get_object_or_404(AreaOfConcern.objects.select_related("authority", "raised_by"), pk=pk)
    page = cached_page(request, area.authority, lambda: area_page(area, request.user), area.pk)
    return render(request, "findings/area_detail.html", {"area": area, **page})


# Recording a visit: the event (visits.views.event_create) → the areas it covered → one screen per
# area with its findings and rating → check answers and publish.


def _reviews_in_order(event) -> list[AreaReview]:
    return list(event.reviews.select_related("area").order_by("area__position", "area_id"))


def _after_area(event, area) -> str:
    """Where the flow goes after an area's screen: the next area, or checking and publishing."""
    areas = [review.area_id for review in _reviews_in_order(event)]
    if area is not None and area.pk in areas and areas.index(area.pk) + 1 < len(areas):
        return reverse("event-area", args=[event.pk, areas[areas.index(area.pk) + 1]])
    if area is None and areas:
        return reverse("event-area", args=[event.pk, areas[0]])
    if event.is_published:
        return event.get_absolute_url() + "#areas"
    return reverse("event-publish", args=[event.pk])


@login_required
@permission_required(
    ["findings.add_areareview", "findings.change_areareview", "findings.delete_areareview"],
    raise_exception=True,
)
@require_http_methods(["GET", "POST"])
def event_areas(request, pk):
    """Step 2: the areas of concern the event reviewed, with the letter's wording of each."""
    event = visible_event_or_404(request, pk)
    areas = AreaOfConcern.objects.filter(authority=event.authority).order_by("position", "id")
    form = ReviewedAreasForm(
        request.POST if request.method == "POST" else None, event=event, areas=areas
    )
    if request.method == "POST" and submit(
        form,
        lambda: set_reviewed_areas(
            event,
            form.chosen,
            wording=form.wording,
            expected_versions=form.expected_versions,
        ),
        what="area's wording",
    ):
        if "add_area" in request.POST:
            return redirect("event-area-create", pk=event.pk)
        messages.success(request, "The areas covered have been saved.")
        return redirect(_after_area(event, None))
    return render(request, "findings/event_areas.html", {"form": form, "event": event})


@login_required
@permission_required(
    ["findings.add_areaofconcern", "findings.add_areareview"], raise_exception=True
)
@require_http_methods(["GET", "POST"])
def event_area_create(request, pk):
    """A new area of concern, added on the way through recording a visit, and marked as reviewed."""
    event = visible_event_or_404(request, pk)
    form = AreaForm(request.POST if request.method == "POST" else None, authority=event.authority)

    def save():
        with transaction.atomic():
            area = save_area(form.instance)
            set_reviewed_areas(event, [*(r.area for r in _reviews_in_order(event)), area])

    if request.method == "POST" and submit(form, save):
        messages.success(request, f"“{form.instance.title}” added to the areas this visit covered.")
        return redirect("event-areas", pk=event.pk)
    return render(request, "findings/area_form.html", {"form": form, "event": event, "area": None})


@login_required
@permission_required(
    ["findings.change_areareview", "findings.add_finding", "findings.change_finding"],
    raise_exception=True,
)
@require_http_methods(["GET", "POST"])
def event_area(request, pk, area_pk):
    """Step 3, one screen per area: the area's findings at this event, and its rating."""
    event = visible_event_or_404(request, pk)
    review = get_object_or_404(
        AreaReview.objects.select_related("area", "event"), event=event, area_id=area_pk
    )
    area = review.area
    data = request.POST.copy() if request.method == "POST" else None
    formset = AreaFindingFormSet(
        data,
        queryset=event.findings.filter(area=area).select_related("area").order_by("order", "id"),
        prefix="findings",
    )
    rating = RatingForm(data, instance=review, prefix="rating")
    conflicts = []
    if request.method == "POST" and _save_area_screen(
        request, event, area, review, formset, rating, conflicts
    ):
        messages.success(request, f"The findings and rating for “{area.title}” have been saved.")
        if "add_another" in request.POST:
            return redirect(reverse("event-area", args=[event.pk, area.pk]) + "#new-finding")
        return redirect(_after_area(event, area))
    reviews = _reviews_in_order(event)
    position = next((i for i, r in enumerate(reviews, start=1) if r.area_id == area.pk), None)
    return render(
        request,
        "findings/event_area.html",
        {
            "event": event,
            "area": area,
            "review": review,
            "formset": formset,
            "rating": rating,
            "conflicts": conflicts,
            "existing": formset.initial_form_count(),
            "position": position,
            "area_count": len(reviews),
        },
    )


def _save_area_screen(request, event, area, review, formset, rating, conflicts) -> bool:
    """Save the area's findings and rating together, or nothing at all. Each service call's refusal
    is put on its own form; a record changed meanwhile becomes a conflict to show."""
    if not (formset.is_valid() and rating.is_valid()):
        return False
    with transaction.atomic():
        for number, form in enumerate(formset.forms, start=1):
            finding, version = form.instance, form.cleaned_data.get("version")
            if form.cleaned_data.get("DELETE"):
                if finding.pk:
                    attempt(
                        form,
                        partial(delete_finding, finding, expected_version=version),
                        what=f"finding ({number})",
                    )
            elif form.has_changed():
                finding.event, finding.area = event, area
                attempt(
                    form,
                    partial(save_finding, finding, expected_version=version),
                    what=f"finding ({number})",
                )
        if rating.has_changed():
            attempt(
                rating,
                partial(
                    rate_area,
                    review,
                    rag=rating.cleaned_data["rag"],
                    rationale=rating.cleaned_data["rationale"],
                    user=request.user,
                    expected_version=rating.cleaned_data["version"],
                ),
                what="rating",
            )
        # The rating's own conflict is shown from `rating.conflict`, the findings' from `conflicts`.
        conflicts += [form.conflict for form in formset.forms if form.conflict]
        failed = (
            bool(conflicts or rating.conflict) or formset.total_error_count() > 0 or rating.errors
        )
        if failed:
            transaction.set_rollback(True)
    return not failed


@login_required
@permission_required("visits.change_inspectionevent", raise_exception=True)
@require_http_methods(["GET", "POST"])
def event_publish(request, pk):
    """Step 4: check the answers, then publish the draft so that the board can see it."""
    event = visible_event_or_404(request, pk)
    if event.is_published:
        messages.info(request, f"The {event.title_in_sentence} is already published.")
        return redirect(event)
    form = VersionForm(request.POST if request.method == "POST" else None, instance=event)
    if request.method == "POST" and submit(
        form, lambda: publish_event(event, expected_version=form.cleaned_data["version"])
    ):
        messages.success(
            request, f"The {event.title_in_sentence} is published: the board can see it."
        )
        return redirect(event)
    page = event_page(event, request.user)
    counts = {}
    for finding in page.findings:
        counts[finding.area_id] = counts.get(finding.area_id, 0) + 1
    for review in page.reviews:
        review.finding_count = counts.get(review.area_id, 0)
    return render(
        request,
        "visits/event_check.html",
        {
            "page": page,
            "event": event,
            "form": form,
            "unrated": [r for r in page.reviews if not r.rag],
            "general_findings": counts.get(None, 0),
        },
    )


# Findings of an event: order, add, change, delete.


@login_required
@permission_required("findings.change_finding", raise_exception=True)
@require_http_methods(["GET", "POST"])
def event_findings(request, pk):
    """The event's findings in letter order, with buttons to move each one up or down."""
    event = visible_event_or_404(request, pk)
    if request.method == "POST":
        if "letter_order" in request.POST:
            put_findings_in_letter_order(event)
            messages.success(request, "The findings are now in the letter's order.")
            return redirect("event-findings", pk=event.pk)
        direction, _, finding_pk = request.POST.get("move", "").partition(":")
        finding = event.findings.filter(pk=finding_pk if finding_pk.isdigit() else None).first()
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
    event = visible_event_or_404(request, pk)
    form = FindingForm(request.POST if request.method == "POST" else None, event=event)
    if request.method == "POST" and submit(form, lambda: save_finding(form.instance)):
        messages.success(request, "The finding has been added.")
        return redirect(event.get_absolute_url() + f"#finding-{form.instance.pk}")
    return render(
        request, "findings/finding_form.html", {"form": form, "event": event, "finding": None}
    )


def _finding(request, pk) -> Finding:
    findings = Finding.objects.filter(visible_through(request.user))
    return get_object_or_404(findings.select_related("area", "event__authority"), pk=pk)


@login_required
@permission_required("findings.change_finding", raise_exception=True)
@require_http_methods(["GET", "POST"])
def finding_edit(request, pk):
    finding = _finding(request, pk)
    event = finding.event
    form = FindingForm(
        request.POST if request.method == "POST" else None, instance=finding, event=event
    )
    if request.method == "POST" and submit(
        form, lambda: save_finding(form.instance, expected_version=form.cleaned_data["version"])
    ):
        messages.success(request, "The finding has been saved.")
        return redirect(event.get_absolute_url() + f"#finding-{finding.pk}")
    return render(
        request, "findings/finding_form.html", {"form": form, "event": event, "finding": finding}
    )


@login_required
@permission_required("findings.delete_finding", raise_exception=True)
@require_http_methods(["GET", "POST"])
def finding_delete(request, pk):
    finding = _finding(request, pk)
    event = finding.event
    form = VersionForm(request.POST if request.method == "POST" else None, instance=finding)
    if request.method == "POST" and submit(
        form, lambda: delete_finding(finding, expected_version=form.cleaned_data["version"])
    ):
        messages.success(request, "The finding has been deleted.")
        return redirect(event.get_absolute_url() + "#findings")
    return render(
        request, "findings/finding_delete.html", {"form": form, "event": event, "finding": finding}
    )


# Areas and their improvement actions.


@login_required
@permission_required("findings.change_areaofconcern", raise_exception=True)
@require_http_methods(["GET", "POST"])
def area_edit(request, pk):
    area = get_object_or_404(AreaOfConcern.objects.select_related("authority"), pk=pk)
    form = AreaForm(
        request.POST if request.method == "POST" else None, instance=area, authority=area.authority
    )
    if request.method == "POST" and submit(
        form, lambda: save_area(form.instance, expected_version=form.cleaned_data["version"])
    ):
        messages.success(request, "The area of concern has been saved.")
        return redirect(area)
    return render(request, "findings/area_form.html", {"form": form, "event": None, "area": area})


@login_required
@permission_required("findings.add_improvementaction", raise_exception=True)
@require_http_methods(["GET", "POST"])
def action_create(request, pk):
    area = get_object_or_404(AreaOfConcern, pk=pk)
    form = ActionForm(request.POST if request.method == "POST" else None, area=area)
    if request.method == "POST" and submit(form, lambda: save_action(form.instance)):
        messages.success(request, "The improvement action has been added.")
        return redirect(area.get_absolute_url() + "#actions")
    return render(
        request, "findings/action_form.html", {"form": form, "area": area, "action": None}
    )


@login_required
@permission_required("findings.change_improvementaction", raise_exception=True)
@require_http_methods(["GET", "POST"])
def action_edit(request, pk):
    action = get_object_or_404(ImprovementAction.objects.select_related("area"), pk=pk)
    area = action.area
    form = ActionForm(
        request.POST if request.method == "POST" else None, instance=action, area=area
    )
    if request.method == "POST" and submit(
        form, lambda: save_action(form.instance, expected_version=form.cleaned_data["version"])
    ):
        messages.success(request, "The improvement action has been saved.")
        return redirect(area.get_absolute_url() + "#actions")
    return render(
        request, "findings/action_form.html", {"form": form, "area": area, "action": action}
    )


# History pages: who changed what and when, newest first.


def _history(request, *, title, caption, crumbs, entries, intro="", empty=None):
    return render(
        request,
        "findings/history.html",
        {
            "title": title,
            "caption": caption,
            "crumbs": crumbs,
            "entries": entries,
            "intro": intro,
            "empty": empty,
        },
    )


def _home_crumb():
    return ("Home", reverse("home"))


@login_required
@permission_required("findings.view_areaofconcern", raise_exception=True)
@require_safe
def area_history(request, pk):
    area = get_object_or_404(AreaOfConcern, pk=pk)
    return _history(
        request,
        title="History of the area of concern",
        caption=area.title,
        crumbs=[_home_crumb(), (area.title, area.get_absolute_url())],
        entries=history_entries(area.history.select_related("history_user")),
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

    return history_entries(visible, subject=at_event)


@login_required
@permission_required(
    ["findings.view_areaofconcern", "findings.view_areareview"], raise_exception=True
)
@require_safe
def area_ratings_history(request, pk):
    """The audit trail of an area's trajectory: every rating given or changed, at every event."""
    area = get_object_or_404(AreaOfConcern, pk=pk)
    return _history(
        request,
        title="History of the area's ratings",
        caption=area.title,
        crumbs=[_home_crumb(), (area.title, area.get_absolute_url())],
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
    area = AreaOfConcern.objects.filter(pk=latest.area_id).first()
    area_title = area.title if area else "An area since deleted"
    crumbs = [_home_crumb(), (event.title, event.get_absolute_url())]
    if area:
        crumbs.append((area.title, area.get_absolute_url()))
    return _history(
        request,
        title="History of the rating",
        caption=f"{area_title} at the {event.title_in_sentence}",
        crumbs=crumbs,
        entries=_rating_trail(request.user, records),
        intro="Who set this rating, when, and why; newest first.",
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
    return _history(
        request,
        title="History of the finding",
        caption=f"{event.title} · {Finding.Section(latest.section).label}"
        + (f", paragraph {latest.paragraph}" if latest.paragraph else ""),
        crumbs=[_home_crumb(), (event.title, event.get_absolute_url() + "#findings")],
        entries=history_entries(records.select_related("history_user")),
    )


@login_required
@permission_required("findings.view_improvementaction", raise_exception=True)
@require_safe
def action_history(request, pk):
    action = get_object_or_404(ImprovementAction.objects.select_related("area"), pk=pk)
    return _history(
        request,
        title="History of the improvement action",
        caption=action.title,
        crumbs=[_home_crumb(), (action.area.title, action.area.get_absolute_url() + "#actions")],
        entries=history_entries(action.history.select_related("history_user")),
    )
