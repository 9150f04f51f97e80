"""Emails the app sends: one function per message, with its subject, text and HTML templates side by
side under templates/reports/email/."""

import contextlib
import smtplib
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string

from .models import scope_label

# Once connected, these mean the conversation ended without the server's answer: the message may
# already have reached it. (An answer with an error code, or no connection at all, means it did not.)
CONVERSATION_LOST = (
    TimeoutError,
    smtplib.SMTPServerDisconnected,
    ConnectionResetError,
    ConnectionAbortedError,
    BrokenPipeError,
)


class MaybeSent(Exception):
    """The connection to the mail server was lost, or timed out, during the conversation: the
    message may or may not have been delivered. Sending it again could send it twice."""


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
    connection = get_connection(fail_silently=False)
    connection.open()  # failing here, nothing was sent
    message.connection = connection
    try:
        message.send(fail_silently=False)
    except CONVERSATION_LOST as exc:
        raise MaybeSent(f"{type(exc).__name__}: {exc}") from exc
    finally:
        # Saying goodbye can fail too (the server hung up, or stalls); it changes nothing.
        with contextlib.suppress(OSError):
            connection.close()
