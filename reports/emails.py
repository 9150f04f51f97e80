"""Emails the app sends: one function per message, with its subject, text and HTML templates side by
side under templates/reports/email/."""

from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from .models import scope_label


def send_digest_email(delivery) -> None:
    """Send one digest, as a PDF attachment, to one recipient. Raises on failure."""
    report = delivery.report
    context = {
        "period": report.period,
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
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[formataddr((delivery.name, delivery.email))],
        headers={"X-Report-Delivery": str(delivery.pk)},
    )
    message.attach_alternative(
        render_to_string("reports/email/digest_body.html", context), "text/html"
    )
    with report.pdf.open("rb") as pdf:
        message.attach(report.download_name, pdf.read(), "application/pdf")
    message.send(fail_silently=False)
