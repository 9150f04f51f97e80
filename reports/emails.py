"""Emails the app sends: one function per message, with its subject, text and HTML templates side by
side under templates/reports/email/."""

from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

# What "may have been sent" means is shared with the plan's reminders (sefton_tracker.core.mail);
# both names stay importable from here.
from sefton_tracker.core.mail import CONVERSATION_LOST, MaybeSent, send_once

from .models import scope_label

__all__ = ["CONVERSATION_LOST", "MaybeSent", "send_digest_email"]


def send_digest_email(delivery) -> None:
    """Send one digest, as a PDF attachment, to one recipient. Raises on failure: MaybeSent when
    the message may have reached the mail server all the same."""
    report = delivery.report
    reply_to = settings.DIGEST_REPLY_TO
    context = {
        "period": report.period,
        # Replies go where someone reads them, or the email says they are not read, and who to ask.
        "reply_to": reply_to,
        "contact": settings.DIGEST_CONTACT
        or f"{settings.COUNCIL_NAME}'s children's services improvement team",
        "delivery": delivery,
        "report": report,
        "scope": scope_label(report.theme, report.area) if report.theme or report.area_id else "",
        "council_name": settings.COUNCIL_NAME,
        "service_name": settings.SERVICE_NAME,
    }
    subject = " ".join(render_to_string("reports/email/digest_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("reports/email/digest_body.txt", context),
        from_email=settings.DIGEST_FROM_EMAIL,
        to=[formataddr((delivery.name, delivery.email))],
        reply_to=[reply_to] if reply_to else None,
        headers={"X-Report-Delivery": str(delivery.pk)},
    )
    message.attach_alternative(
        render_to_string("reports/email/digest_body.html", context), "text/html"
    )
    with report.pdf.open("rb") as pdf:
        message.attach(report.download_name, pdf.read(), "application/pdf")
    send_once(message)
