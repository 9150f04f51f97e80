from django import template

from reports.models import Report

register = template.Library()


@register.inclusion_tag("reports/includes/event_letter_panel.html", takes_context=True)
def event_letter_panel(context, event, user):
    """The event's latest progress letter (one query), with what `user` may do about it."""
    can_view = user.has_perm("reports.view_report")
    letter = (
        Report.objects.letters_for(event)
        .select_related("requested_by")
        .order_by("-created_at", "-id")
        .first()
        if can_view
        else None
    )
    return {
        "event": event,
        "letter": letter,
        "can_download": can_view,
        "can_request": user.has_perm("reports.add_report"),
        "csrf_token": context.get("csrf_token"),
    }
