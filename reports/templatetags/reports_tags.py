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


@register.inclusion_tag("reports/includes/plan_pdf_panel.html", takes_context=True)
def plan_pdf_panel(context, authority, user):
    """The authority's latest improvement plan PDF (one query), with what `user` may do about it:
    {% load reports_tags %}{% plan_pdf_panel authority user %}."""
    can_view = user.has_perm("reports.view_report")
    plan = (
        Report.objects.plans_for(authority)
        .select_related("requested_by")
        .order_by("-created_at", "-id")
        .first()
        if can_view and authority is not None
        else None
    )
    return {
        "authority": authority,
        "plan": plan,
        "can_download": can_view,
        "can_request": authority is not None and user.has_perm("reports.add_report"),
        "csrf_token": context.get("csrf_token"),
    }
