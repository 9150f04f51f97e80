from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from sefton_tracker.govuk_forms import submit
from sefton_tracker.history import history_entries

from .forms import EventForm, VersionForm
from .models import InspectionEvent, Judgement
from .selectors import default_authority, events_for_home
from .services import delete_event, save_event


@login_required
@require_safe
def home(request):
    authority, events = events_for_home(request.user)
    return render(request, "visits/home.html", {"authority": authority, "events": events})


def visible_event_or_404(request, pk) -> InspectionEvent:
    """An event the user may see (drafts only for those who may change events), or 404."""
    return get_object_or_404(
        InspectionEvent.objects.visible_to(request.user).select_related("authority"), pk=pk
    )


@login_required
@permission_required("visits.add_inspectionevent", raise_exception=True)
@require_http_methods(["GET", "POST"])
def event_create(request):
    """Step 1 of recording a visit: the event's facts. A new event is a draft until published."""
    authority = default_authority()
    if authority is None:
        raise Http404("No local authority has been set up.")
    event = InspectionEvent(authority=authority, status=InspectionEvent.Status.DRAFT)
    form = EventForm(request.POST if request.method == "POST" else None, instance=event)
    if request.method == "POST" and submit(
        form, lambda: save_event(form.instance, judgements=form.judgements)
    ):
        messages.success(request, f"{event.title} saved as a draft.")
        return redirect("event-areas", pk=event.pk)
    return render(request, "visits/event_form.html", {"form": form, "event": None})


@login_required
@permission_required("visits.change_inspectionevent", raise_exception=True)
@require_http_methods(["GET", "POST"])
def event_edit(request, pk):
    event = visible_event_or_404(request, pk)
    form = EventForm(request.POST if request.method == "POST" else None, instance=event)
    if request.method == "POST" and submit(
        form,
        lambda: save_event(
            form.instance,
            expected_version=form.cleaned_data["version"],
            judgements=form.judgements,
        ),
    ):
        messages.success(request, "The event's details have been saved.")
        return redirect(event)
    return render(request, "visits/event_form.html", {"form": form, "event": event})


@login_required
@permission_required("visits.delete_inspectionevent", raise_exception=True)
@require_http_methods(["GET", "POST"])
def event_delete(request, pk):
    event = visible_event_or_404(request, pk)
    form = VersionForm(request.POST if request.method == "POST" else None, instance=event)
    if request.method == "POST" and submit(
        form, lambda: delete_event(event, expected_version=form.cleaned_data["version"])
    ):
        messages.success(request, f"{event.title} ({event.fieldwork_dates}) has been deleted.")
        return redirect("home")
    counts = {
        "findings": event.findings.count(),
        "reviews": event.reviews.count(),
        "judgements": event.judgements.count(),
    }
    return render(
        request, "visits/event_delete.html", {"form": form, "event": event, "counts": counts}
    )


@login_required
@permission_required("visits.view_inspectionevent", raise_exception=True)
@require_safe
def event_history(request, pk):
    """Every change to the event's facts and to its judgements, newest first."""
    event = visible_event_or_404(request, pk)
    judgement_names = dict(Judgement.Area.choices)
    return render(
        request,
        "visits/event_history.html",
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
