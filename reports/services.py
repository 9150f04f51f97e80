"""Requesting, rendering and emailing reports: the one path that the pages, the API, the admin and the
Celery tasks share.

Work is claimed with a conditional UPDATE before it is done, so a task that runs twice (a duplicate
message, or a redelivery after `acks_late`) finds nothing left to claim: no second file, no second
email. Tasks are queued only once the transaction that created their rows has committed.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import uuid
from typing import TYPE_CHECKING

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone

from visits.models import InspectionEvent

from .digests import digest_context, digest_title
from .emails import send_digest_email
from .letters import letter_context
from .models import Delivery, DigestSubscription, Report
from .periods import Period

if TYPE_CHECKING:
    from .rendering import RenderedPDF

logger = logging.getLogger(__name__)

# A lost database connection is worth retrying; a template or layout error is not.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
# Connection refused, timeouts and every SMTP error are OSError or SMTPException (an OSError).
SEND_ERRORS = (OSError,)

# A claim older than the render's hard time limit (and a margin) belongs to a worker that died;
# the report may be claimed again.
STALE_CLAIM = datetime.timedelta(seconds=settings.REPORT_RENDER_TIME_LIMIT + 30)


class ReportConflict(Exception):
    """The report cannot be queued again because another one for the same subject is in progress."""


def _queue_render(report_id: int) -> None:
    from .tasks import render_report

    transaction.on_commit(lambda: render_report.delay(report_id))


def _queue_delivery(delivery_id: int) -> None:
    from .tasks import deliver_report

    transaction.on_commit(lambda: deliver_report.delay(delivery_id))


def _describe(exc: BaseException) -> str:
    if isinstance(exc, SoftTimeLimitExceeded):
        return "The task took longer than its time limit and was stopped."
    return f"{type(exc).__name__}: {exc}"[:2000]


# Requests ----------------------------------------------------------------------------------------


def request_letter(event: InspectionEvent, *, user) -> tuple[Report, bool]:
    """Queue a progress letter for `event`; if one is already being prepared, return that instead.
    Returns (report, created)."""
    active = Report.objects.letters_for(event).filter(status__in=Report.ACTIVE_STATUSES)
    with transaction.atomic():
        if existing := active.first():
            return existing, False
        try:
            with transaction.atomic():
                report = Report.objects.create(
                    kind=Report.Kind.LETTER,
                    title=f"{event.title} progress letter",
                    authority_id=event.authority_id,
                    event=event,
                    requested_by=user if getattr(user, "is_authenticated", False) else None,
                )
        except IntegrityError:
            # Someone else's request for the same event committed first.
            return active.get(), False
        _queue_render(report.pk)
    return report, True


def retry_report(report: Report) -> bool:
    """Queue a failed report to be rendered again. Returns False if it had not failed."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                updated = Report.objects.filter(pk=report.pk, status=Report.Status.FAILED).update(
                    status=Report.Status.QUEUED,
                    error_message="",
                    task_id="",
                    started_at=None,
                    finished_at=None,
                )
        except IntegrityError:
            raise ReportConflict(
                "A newer progress letter for this event is already being prepared."
            ) from None
        if updated:
            _queue_render(report.pk)
    report.refresh_from_db()
    return bool(updated)


# Rendering ---------------------------------------------------------------------------------------


def claim_report(report_id: int, task_id: str) -> bool:
    """Mark the report as rendering by this task, if nobody else is rendering it. A redelivered
    message keeps its task id, so it may take over its own earlier claim."""
    now = timezone.now()
    claimable = Q(status=Report.Status.QUEUED) | Q(
        Q(task_id=task_id) | Q(started_at__lt=now - STALE_CLAIM), status=Report.Status.RENDERING
    )
    return bool(
        Report.objects.filter(claimable, pk=report_id).update(
            status=Report.Status.RENDERING,
            task_id=task_id,
            started_at=now,
            finished_at=None,
            attempts=F("attempts") + 1,
        )
    )


def render_report_pdf(report: Report) -> RenderedPDF:
    # Imported here so that web processes, which never render, do not load WeasyPrint.
    from .rendering import render_pdf

    if report.kind == Report.Kind.LETTER:
        return render_pdf("pdf/letter.html", letter_context(report.event_id))
    period = report.period
    return render_pdf(
        "pdf/digest.html",
        digest_context(report.authority_id, period, theme=report.theme, area_id=report.area_id),
    )


def produce_report(report_id: int, *, task_id: str = "") -> Report | None:
    """Render a queued report and keep its PDF. Returns None when there was nothing to claim (it is
    ready, failed, or another task is rendering it). A rendering error is recorded on the report;
    a lost database connection or a failed file write is raised for the task to retry."""
    task_id = task_id or f"direct-{uuid.uuid4()}"
    if not claim_report(report_id, task_id):
        logger.info("Report %s: nothing to render (already done or in progress)", report_id)
        return None
    report = Report.objects.select_related("authority", "event").get(pk=report_id)
    try:
        rendered = render_report_pdf(report)
    except TRANSIENT_ERRORS:
        raise
    except Exception as exc:
        logger.exception("Report %s could not be rendered", report_id)
        record_failure(report_id, task_id, _describe(exc))
        report.refresh_from_db()
        return report
    store_pdf(report, rendered, task_id)
    report.refresh_from_db()
    return report


def store_pdf(report: Report, rendered: RenderedPDF, task_id: str) -> None:
    storage = report.pdf.storage
    name = report.storage_name
    # The name is the report's own, so a second rendering replaces the file instead of adding one.
    if storage.exists(name):
        storage.delete(name)
    saved_name = storage.save(name, ContentFile(rendered.data))
    with transaction.atomic():
        updated = Report.objects.filter(
            pk=report.pk, status=Report.Status.RENDERING, task_id=task_id
        ).update(
            status=Report.Status.READY,
            pdf=saved_name,
            page_count=rendered.page_count,
            size_bytes=len(rendered.data),
            sha256=hashlib.sha256(rendered.data).hexdigest(),
            error_message="",
            finished_at=timezone.now(),
        )
        if not updated:
            logger.warning("Report %s was taken over by another task while rendering", report.pk)
            return
        for delivery_id in report.deliveries.filter(status=Delivery.Status.PENDING).values_list(
            "pk", flat=True
        ):
            _queue_delivery(delivery_id)


def record_failure(report_id: int, task_id: str, message: str) -> None:
    Report.objects.filter(pk=report_id, status=Report.Status.RENDERING, task_id=task_id).update(
        status=Report.Status.FAILED, error_message=message, finished_at=timezone.now()
    )


def give_up_rendering(report_id: int, task_id: str, exc: BaseException) -> None:
    """After the last retry of a transient error: record it, if the database lets us."""
    try:
        record_failure(report_id, task_id, f"Gave up after repeated errors. {_describe(exc)}")
    except TRANSIENT_ERRORS:
        logger.exception("Report %s: could not record the failure", report_id)


# Digests -----------------------------------------------------------------------------------------


def digest_for(subscription: DigestSubscription, period: Period) -> Report:
    """The digest of the subscription's scope for the period, created (queued) if there is none."""
    lookup = {
        "kind": Report.Kind.DIGEST,
        "authority_id": subscription.authority_id,
        "period_start": period.start,
        "period_end": period.end,
        "theme": subscription.theme if not subscription.area_id else "",
        "area_id": subscription.area_id,
    }
    if report := Report.objects.filter(**lookup).first():
        return report
    title = digest_title(period)
    if subscription.area_id or subscription.theme:
        title = f"{title} ({subscription.scope})"
    try:
        with transaction.atomic():
            return Report.objects.create(**lookup, title=title)
    except IntegrityError:
        return Report.objects.get(**lookup)


def schedule_due_digests(today: datetime.date | None = None) -> int:
    """For each active subscription, make sure the digest of its last completed period exists and
    is recorded for delivery to it, and queue whatever is still to do. Safe to run any number of
    times: a recipient gets each digest once. Returns the number of deliveries recorded."""
    today = today or timezone.localdate()
    to_render: set[int] = set()
    to_send: set[int] = set()
    recorded = 0
    for subscription in DigestSubscription.objects.filter(active=True).select_related("area"):
        period = Period.last_completed(subscription.cadence, today)
        with transaction.atomic():
            report = digest_for(subscription, period)
            delivery, created = Delivery.objects.get_or_create(
                report=report,
                email=subscription.email.strip().lower(),
                defaults={"subscription": subscription, "name": subscription.name},
            )
        recorded += created
        if delivery.status != Delivery.Status.PENDING:
            continue
        if report.status == Report.Status.READY:
            to_send.add(delivery.pk)
        elif report.status == Report.Status.QUEUED:
            to_render.add(report.pk)
        elif report.status == Report.Status.FAILED:
            retry_report(report)  # queues it
    for report_id in sorted(to_render):
        _queue_render(report_id)
    for delivery_id in sorted(to_send):
        _queue_delivery(delivery_id)
    return recorded


# Delivery ----------------------------------------------------------------------------------------


def claim_delivery(delivery_id: int, task_id: str) -> bool:
    """Mark the delivery as being sent by this task. A delivery that is sent, or being sent, cannot
    be claimed: the email goes out at most once."""
    return bool(
        Delivery.objects.filter(
            pk=delivery_id,
            status__in=[Delivery.Status.PENDING, Delivery.Status.FAILED],
            report__status=Report.Status.READY,
        ).update(
            status=Delivery.Status.SENDING,
            task_id=task_id,
            claimed_at=timezone.now(),
            attempts=F("attempts") + 1,
        )
    )


def deliver(delivery_id: int, *, task_id: str = "") -> Delivery | None:
    """Email the digest to one recipient. Returns None when there was nothing to claim. A failed send
    is recorded on the delivery (visible in the admin) and raised for the task to retry."""
    task_id = task_id or f"direct-{uuid.uuid4()}"
    if not claim_delivery(delivery_id, task_id):
        logger.info(
            "Delivery %s: nothing to send (already sent, in progress or not ready)", delivery_id
        )
        return None
    delivery = Delivery.objects.select_related("report__authority").get(pk=delivery_id)
    mine = Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.SENDING, task_id=task_id)
    try:
        send_digest_email(delivery)
    except Exception as exc:
        logger.warning("Delivery %s to %s failed: %s", delivery_id, delivery.email, exc)
        mine.update(status=Delivery.Status.FAILED, last_error=_describe(exc))
        raise
    mine.update(status=Delivery.Status.SENT, sent_at=timezone.now(), last_error="")
    delivery.refresh_from_db()
    return delivery


def resend_failed(delivery: Delivery) -> bool:
    """Queue a failed delivery to be sent again (from the admin). Returns False if it had not failed."""
    with transaction.atomic():
        updated = Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.FAILED).update(
            status=Delivery.Status.PENDING
        )
        if updated:
            _queue_delivery(delivery.pk)
    return bool(updated)
