"""The plan's emails: one function per message, with its subject, text and HTML templates side by
side under templates/plan/email/ (as reports.emails). They say what an action is, where and when,
and the date and RAG of its latest update, never the update's note: a reminder is a nudge, and the
tracker is the place to read the plan."""

from __future__ import annotations

from email.utils import formataddr
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from sefton_tracker.core.display import person_name
from sefton_tracker.core.mail import send_once

if TYPE_CHECKING:
    import datetime

    from .models import ReminderEmail
    from .reminders import Summary


def absolute(path: str) -> str:
    """A link for an email, where no request says which host the site is on: SITE_URL's."""
    return settings.SITE_URL.rstrip("/") + path


def _common(reminder: ReminderEmail) -> dict:
    return {
        "name": person_name(reminder.user),
        "preferences_url": absolute(reverse("plan-reminders")),
        "council_name": settings.COUNCIL_NAME,
        "service_name": settings.SERVICE_NAME,
    }


def _send(reminder: ReminderEmail, template: str, context: dict) -> None:
    subject = " ".join(render_to_string(f"plan/email/{template}_subject.txt", context).split())
    reply_to = settings.DIGEST_REPLY_TO
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"plan/email/{template}_body.txt", context),
        from_email=settings.DIGEST_FROM_EMAIL,
        to=[formataddr((context["name"], reminder.user.email))],
        reply_to=[reply_to] if reply_to else None,
        headers={"X-Reminder-Email": str(reminder.pk)},
    )
    message.attach_alternative(
        render_to_string(f"plan/email/{template}_body.html", context), "text/html"
    )
    send_once(message)


def send_action_reminder(reminder: ReminderEmail, today: datetime.date) -> None:
    """Remind an action's lead that it is due soon, has become overdue, or is still overdue.
    Raises on failure: MaybeSent when the message may have reached the mail server all the same."""
    action = reminder.action
    area = action.area
    context = {
        **_common(reminder),
        "kind": reminder.kind,
        "action": action,
        "area": area,
        "authority": area.authority,
        "days_left": max((action.due_date - today).days, 0),
        "days_overdue": max((today - action.due_date).days, 0),
        "latest_update": action.latest_update,
        "action_url": absolute(reverse("plan-action", args=[action.pk])),
    }
    _send(reminder, "action_reminder", context)


def send_weekly_summary(reminder: ReminderEmail, summary: Summary) -> None:
    """An officer's weekly summary of the actions due and overdue in their authorities."""
    context = {
        **_common(reminder),
        "summary": summary,
        "areas": [
            {
                "area": entry.area,
                "url": absolute(entry.area.get_absolute_url() + "#actions"),
                "lines": entry.lines,
            }
            for entry in summary.areas
        ],
        "due_soon_days": settings.PLAN_DUE_SOON_DAYS,
    }
    _send(reminder, "weekly_summary", context)
