"""The event page and recording a visit, in one place: the event's facts (step 1), the areas of
concern it covered (2), one screen per area with its findings and rating (3), then checking the
answers and publishing (4, only once the visit is complete: findings.services.publish); and the
event's edit, delete, return-to-draft and history pages."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods, require_safe

from sefton_tracker.core.govuk_forms import FormGroup, attempt
from sefton_tracker.core.history import history_entries
from sefton_tracker.core.views import form_page, posted
from visits.forms import EventForm, ReturnToDraftForm, VersionForm
from visits.models import InspectionEvent, Judgement
from visits.scope import NO_AUTHORITY, ScopedPerms, check_may_write, scoped_authorities
from visits.selectors import (
    chosen_authority,
    event_to_change,
    visible_event_or_404,
)
from visits.services import save_event, unpublish_event

from ..forms import AreaFindingFormSet, AreaForm, RatingForm, ReviewedAreasForm
from ..models import AreaOfConcern, AreaReview, needs_reviewed_areas
from ..selectors.pages import event_page
from ..services import (
    PublishingError,
    PublishingProblem,
    delete_event,
    delete_finding,
    publish,
    save_area,
    save_finding,
    save_review,
    set_reviewed_areas,
)


@login_required
@permission_required("visits.view_inspectionevent", raise_exception=True)
@require_safe
def event_detail(request, pk):
    event = visible_event_or_404(request, pk)
    prefetch_related_objects([event], "judgements")
    return render(
        request,
        "findings/event_detail.html",
        # Another authority's event is read without the controls to change it.
        {
            "page": event_page(event, request.user),
            "perms": ScopedPerms(request.user, event.authority),
        },
    )


@login_required
@permission_required("visits.add_inspectionevent", raise_exception=True)
@require_http_methods(["GET", "POST"])
def event_create(request):
    """Step 1: the event's facts. A new event is a draft until published. It is recorded for the
    user's default authority, or the one chosen with ?authority=<id> (one of theirs)."""
    authority = chosen_authority(request)
    if authority is None:
        raise Http404("No local authority has been set up.")
    if not request.GET.get("authority") and not scoped_authorities(request.user).exists():
        raise PermissionDenied(NO_AUTHORITY)
    check_may_write(request.user, authority)
    event = InspectionEvent(authority=authority, status=InspectionEvent.Status.DRAFT)
    form = EventForm(posted(request), instance=event)
    return form_page(
        request,
        form,
        lambda: save_event(form.instance, judgements=form.judgements),
        template="findings/event_form.html",
        context={"event": None, "authority": authority},
        message=lambda: f"{event.title} saved as a draft.",
        success_url=lambda: reverse("event-areas", args=[event.pk]),
    )


@login_required
@permission_required("visits.change_inspectionevent", raise_exception=True)
@require_http_methods(["GET", "POST"])
def event_edit(request, pk):
    event = event_to_change(request, pk)
    form = EventForm(posted(request), instance=event)
    return form_page(
        request,
        form,
        lambda: save_event(
            form.instance,
            expected_version=form.cleaned_data["version"],
            judgements=form.judgements,
        ),
        template="findings/event_form.html",
        context={"event": event},
        message="The event's details have been saved.",
        success_url=event,
    )


@login_required
@permission_required("visits.delete_inspectionevent", raise_exception=True)
@require_http_methods(["GET", "POST"])
def event_delete(request, pk):
    event = event_to_change(request, pk)
    form = VersionForm(posted(request), instance=event)
    return form_page(
        request,
        form,
        lambda: delete_event(event, expected_version=form.cleaned_data["version"]),
        template="findings/event_delete.html",
        context=lambda: {
            "event": event,
            "counts": {
                "findings": event.findings.count(),
                "reviews": event.reviews.count(),
                "judgements": event.judgements.count(),
            },
        },
        message=f"{event.title} ({event.fieldwork_dates}) has been deleted.",
        success_url="home",
    )


@login_required
@permission_required("visits.view_inspectionevent", raise_exception=True)
@require_safe
def event_history(request, pk):
    """Every change to the event's facts and to its judgements, newest first."""
    event = visible_event_or_404(request, pk)
    judgement_names = dict(Judgement.Name.choices)
    return render(
        request,
        "findings/event_history.html",
        {
            "event": event,
            "entries": history_entries(event.history.select_related("history_user")),
            "judgement_entries": history_entries(
                Judgement.history.filter(event_id=event.pk).select_related("history_user"),
                subject=lambda record: judgement_names.get(record.judgement, record.judgement),
            ),
            "findings_url": reverse("event-detail", args=[event.pk]) + "#findings",
        },
    )


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
    event = event_to_change(request, pk)
    areas = AreaOfConcern.objects.filter(authority=event.authority).order_by("position", "id")
    adding = "add_area" in request.POST
    form = ReviewedAreasForm(posted(request), event=event, areas=areas, require_areas=not adding)
    if adding:
        # Save what is ticked, then go to adding a new area.
        message, success_url = None, lambda: reverse("event-area-create", args=[event.pk])
    else:
        message, success_url = (
            lambda: (
                "The areas covered have been saved."
                if form.chosen
                else f"The {event.title_in_sentence} is recorded as reviewing no areas of concern."
            ),
            lambda: _after_area(event, None),
        )
    return form_page(
        request,
        form,
        lambda: set_reviewed_areas(
            event,
            form.chosen,
            wording=form.wording,
            expected_versions=form.expected_versions,
        ),
        template="findings/event_areas.html",
        context={"event": event},
        message=message,
        success_url=success_url,
        what="area's wording",
    )


@login_required
@permission_required(
    ["findings.add_areaofconcern", "findings.add_areareview"], raise_exception=True
)
@require_http_methods(["GET", "POST"])
def event_area_create(request, pk):
    """A new area of concern, added on the way through recording a visit, and marked as reviewed.
    The visit raised it, so while the visit is a draft the area is embargoed with it."""
    event = event_to_change(request, pk)
    form = AreaForm(posted(request), authority=event.authority)
    form.instance.raised_by = event

    def save():
        with transaction.atomic():
            area = save_area(form.instance)
            set_reviewed_areas(event, [*(r.area for r in _reviews_in_order(event)), area])

    return form_page(
        request,
        form,
        save,
        template="findings/area_form.html",
        context={"event": event, "area": None},
        message=lambda: f"“{form.instance.title}” added to the areas this visit covered.",
        success_url=lambda: reverse("event-areas", args=[event.pk]),
    )


@login_required
@permission_required(
    ["findings.change_areareview", "findings.add_finding", "findings.change_finding"],
    raise_exception=True,
)
@require_http_methods(["GET", "POST"])
def event_area(request, pk, area_pk):
    """Step 3, one screen per area: the area's findings at this event, and its rating."""
    event = event_to_change(request, pk)
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
            # The error summary's problems in the page's order: the findings, then the rating.
            "problems": FormGroup([*formset.forms, rating], formset.non_form_errors()),
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
                    save_review,
                    review,
                    rag=rating.cleaned_data["rag"],
                    rationale=rating.cleaned_data["rationale"],
                    not_rated_reason=rating.cleaned_data["not_rated_reason"],
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
    event = event_to_change(request, pk)
    if event.is_published:
        messages.info(request, f"The {event.title_in_sentence} is already published.")
        return redirect(event)
    form = VersionForm(posted(request), instance=event)

    def save():
        try:
            publish(event, expected_version=form.cleaned_data["version"])
        except PublishingError as error:
            # Each problem links to where it is put right: the area's screen, or the areas covered.
            raise ValidationError(
                [
                    format_html(
                        '<a href="{}">{}</a>', _where_to_fix(event, problem), problem.message
                    )
                    for problem in error.problems
                ]
            ) from error

    return form_page(
        request,
        form,
        save,
        template="findings/event_check.html",
        context=lambda: _check_answers(event, request.user),
        message=f"The {event.title_in_sentence} is published: the board can see it.",
        success_url=event,
    )


def _where_to_fix(event, problem: PublishingProblem) -> str:
    if problem.review is None:
        return reverse("event-areas", args=[event.pk])
    return reverse("event-area", args=[event.pk, problem.review.area_id])


def _check_answers(event, user) -> dict:
    """What the check-your-answers page shows: each area reviewed with its count of findings."""
    page = event_page(event, user)
    counts = {}
    for finding in page.findings:
        counts[finding.area_id] = counts.get(finding.area_id, 0) + 1
    for review in page.reviews:
        review.finding_count = counts.get(review.area_id, 0)
    return {
        "page": page,
        "event": event,
        "unrated": [r for r in page.reviews if not r.is_decided],
        "needs_areas": needs_reviewed_areas(event),
        "general_findings": counts.get(None, 0),
    }


@login_required
@permission_required("visits.change_inspectionevent", raise_exception=True)
@require_http_methods(["GET", "POST"])
def event_unpublish(request, pk):
    """Return a published event to draft, with the reason (recorded in the event's history)."""
    event = event_to_change(request, pk)
    if not event.is_published:
        messages.info(request, f"The {event.title_in_sentence} is already a draft.")
        return redirect(event)
    form = ReturnToDraftForm(posted(request), instance=event)
    return form_page(
        request,
        form,
        lambda: unpublish_event(
            event, reason=form.cleaned_data["reason"], expected_version=form.cleaned_data["version"]
        ),
        template="findings/event_unpublish.html",
        context={"event": event},
        message=f"The {event.title_in_sentence} is a draft again: only officers can see it until "
        "it is published.",
        success_url=event,
    )
