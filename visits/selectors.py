"""Reads that pages and the API share."""

from django.conf import settings
from django.db.models import Count
from django.shortcuts import get_object_or_404

from .models import InspectionEvent, LocalAuthority


def default_authority() -> LocalAuthority | None:
    return (
        LocalAuthority.objects.filter(ons_code=settings.DEFAULT_AUTHORITY_ONS_CODE).first()
        or LocalAuthority.objects.order_by("name").first()
    )


def visible_event_or_404(request, pk) -> InspectionEvent:
    """An event the user may see (drafts only for those who may change events), or 404."""
    return get_object_or_404(
        InspectionEvent.objects.visible_to(request.user).select_related("authority"), pk=pk
    )


def events_for_home(user):
    """The default authority and the events this user may see, newest first, with their counts."""
    authority = default_authority()
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
