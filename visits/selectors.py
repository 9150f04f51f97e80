"""Reads that pages and the API share."""

from django.conf import settings
from django.db.models import Count

from .models import InspectionEvent, LocalAuthority


def default_authority() -> LocalAuthority | None:
    return (
        LocalAuthority.objects.filter(ons_code=settings.DEFAULT_AUTHORITY_ONS_CODE).first()
        or LocalAuthority.objects.order_by("name").first()
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
