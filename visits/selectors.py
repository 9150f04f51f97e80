"""Reads that pages and the API share."""

from django.conf import settings
from django.db.models import Case, Count, Q, When
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import InspectionEvent, LocalAuthority
from .scope import acts_on_all, check_may_write, in_scope_condition


def chosen_authority(request) -> LocalAuthority | None:
    """The authority a page is about: the one named by ?authority=<id> (404 unless that is a plain
    number naming an authority), else the user's default (None when there is no authority yet)."""
    chosen = request.GET.get("authority", "")
    if not chosen:
        return default_authority(request.user)
    # isdigit alone would let "²" through, which is no number to the database.
    if not (chosen.isascii() and chosen.isdigit()):
        raise Http404("There is no such local authority.")
    return get_object_or_404(LocalAuthority, pk=chosen)


def default_authority(user=None) -> LocalAuthority | None:
    """The authority pages open on: the configured one (DEFAULT_AUTHORITY_ONS_CODE), unless `user`
    belongs only to others (visits.scope) — then the first of theirs by name. One query."""
    configured = Q(ons_code=settings.DEFAULT_AUTHORITY_ONS_CODE)
    candidates = LocalAuthority.objects.filter(configured)
    if user is not None and not acts_on_all(user):
        theirs = in_scope_condition(user, "pk")
        candidates = (
            LocalAuthority.objects.filter(configured | theirs)
            .alias(
                theirs=Case(When(theirs, then=1), default=0),
                configured=Case(When(configured, then=1), default=0),
            )
            .order_by("-theirs", "-configured", "name")
        )
    return candidates.first() or LocalAuthority.objects.order_by("name").first()


def visible_event_or_404(request, pk) -> InspectionEvent:
    """An event the user may see (drafts only for those who may change events, of their own
    authorities: visits.scope), or 404."""
    return get_object_or_404(
        InspectionEvent.objects.visible_to(request.user).select_related("authority"), pk=pk
    )


def event_to_change(request, pk) -> InspectionEvent:
    """An event the user may change: 404 if they may not see it, 403 (naming the authority) if it
    is of an authority outside their scope. The view's decorators check the role."""
    event = visible_event_or_404(request, pk)
    check_may_write(request.user, event.authority)
    return event


def events_for_home(user):
    """The user's default authority and the events they may see, newest first, with their
    counts."""
    authority = default_authority(user)
    if authority is None:
        return None, InspectionEvent.objects.none()
    events = (
        InspectionEvent.objects.visible_to(user)
        .filter(authority=authority)
        .annotate(
            review_count=Count("reviews", distinct=True),
            finding_count=Count("findings", distinct=True),
        )
        .order_by("-fieldwork_start", "-id")
    )
    return authority, events
