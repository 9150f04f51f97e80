"""Requesting, rendering and emailing reports: the one path that the pages, the API, the admin and the
Celery tasks share.

Work is claimed with a conditional UPDATE before it is done, so a task that runs twice (a duplicate
message, or a redelivery after `acks_late`) finds nothing left to claim: no second file, no second
email. Tasks are queued only once the transaction that created their rows has committed.

Nothing gets stuck. A report whose task cannot be queued (the broker is down) is marked failed, to
be tried again. `recover_stuck_work`, run every few minutes, queues again a report whose worker died
(or whose task was lost), up to MAX_RENDER_ATTEMPTS renderings. Emails go out at most once per
recipient: one whose send was interrupted after the message may have reached the mail server is
marked UNCERTAIN and is sent again only by an administrator who accepts the risk of a duplicate.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import uuid
from collections import Counter
from functools import partial
from typing import TYPE_CHECKING

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnreachable

from findings.models import AreaOfConcern, published_areas
from sefton_tracker.core.retries import TRANSIENT_ERRORS
from visits.models import InspectionEvent

from .digests import digest_context, digest_title
from .emails import MaybeSent, send_digest_email
from .letters import letter_context
from .models import Delivery, DigestSubscription, Report, scope_label
from .periods import Period
from .plan import plan_context

if TYPE_CHECKING:
    from .rendering import RenderedPDF

logger = logging.getLogger(__name__)


# A claim older than the render's hard time limit (and a margin) belongs to a worker that died;
# the report may be claimed again, and `recover_stuck_work` queues it again. The same for a report
# queued that long ago: its task was lost.
STALE_CLAIM = datetime.timedelta(seconds=settings.REPORT_RENDER_TIME_LIMIT + 30)
# A delivery claimed longer ago than the send's hard time limit (and a margin) by a worker that
# never finished: the email may or may not have gone.
STALE_SEND = datetime.timedelta(seconds=settings.EMAIL_SEND_TIME_LIMIT + 30)
# Renderings started (each by a worker that died, or hit the hard time limit) before a report left
# rendering is marked failed instead of queued again.
MAX_RENDER_ATTEMPTS = 3

QUEUE_UNAVAILABLE = "The task queue could not be reached: try again shortly."
RENDERING_ABANDONED = "The worker stopped while rendering this report, {attempts} times: try again."
SEND_INTERRUPTED = "The worker stopped while sending: this email may or may not have been sent."


class ReportConflict(Exception):
    """The report cannot be queued again because another one for the same subject is in progress."""


class QueueUnavailable(Exception):
    """A task could not be sent to the queue (the broker cannot be reached). A report it was for is
    marked failed, and can be tried again; a delivery stays pending, for `recover_stuck_work`."""

    def __init__(self, message: str = QUEUE_UNAVAILABLE, *, report_id: int | None = None):
        super().__init__(message)
        self.report_id = report_id


def _publish(task, object_id: int) -> None:
    try:
        task.delay(object_id)
    except BrokerUnreachable as exc:
        logger.error("Could not queue %s(%s): %s", task.name, object_id, exc)
        raise QueueUnavailable() from exc


def _queue_render(report_id: int) -> None:
    """Queue the report's rendering once the transaction commits (at once outside one). If the
    queue cannot be reached, the report is marked failed and QueueUnavailable is raised then."""
    transaction.on_commit(partial(_publish_render, report_id))


def _publish_render(report_id: int) -> None:
    from .tasks import render_report

    try:
        _publish(render_report, report_id)
    except QueueUnavailable:
        Report.objects.filter(pk=report_id, status=Report.Status.QUEUED).update(
            status=Report.Status.FAILED,
            error_message=QUEUE_UNAVAILABLE,
            finished_at=timezone.now(),
        )
        raise QueueUnavailable(report_id=report_id) from None


def _queue_delivery(delivery_id: int, *, robust: bool = False) -> None:
    """Queue the email once the transaction commits. If the queue cannot be reached it stays
    pending, for `recover_stuck_work` to queue later; robust: only logged, not raised."""
    from .tasks import deliver_report

    transaction.on_commit(partial(_publish, deliver_report, delivery_id), robust=robust)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, SoftTimeLimitExceeded):
        return "The task took longer than its time limit and was stopped."
    return f"{type(exc).__name__}: {exc}"[:2000]


# Requests ----------------------------------------------------------------------------------------


def request_letter(event: InspectionEvent, *, user) -> tuple[Report, bool]:
    """Queue a progress letter for `event`; if one is already being prepared, return that instead.
    Returns (report, created). Raises QueueUnavailable if the task cannot be queued: the report is
    then saved as failed (with why), and can be tried again."""
    return _request_report(
        Report.objects.letters_for(event),
        user,
        kind=Report.Kind.LETTER,
        title=f"{event.title} progress letter",
        authority_id=event.authority_id,
        event=event,
    )


def request_plan(authority, user) -> tuple[Report, bool]:
    """Queue the authority's improvement plan as a PDF; if one is already being prepared, return
    that instead. Returns (report, created). Raises QueueUnavailable as request_letter does."""
    return _request_report(
        Report.objects.plans_for(authority),
        user,
        kind=Report.Kind.PLAN,
        title=f"{authority.name} improvement plan",
        authority=authority,
    )


def _request_report(same_subject, user, **fields) -> tuple[Report, bool]:
    """Create and queue a report of `fields`, unless one of `same_subject` is being prepared (the
    database allows one at a time): then that one. Returns (report, created)."""
    active = same_subject.filter(status__in=Report.ACTIVE_STATUSES)
    with transaction.atomic():
        if existing := active.first():
            return existing, False
        try:
            with transaction.atomic():
                report = Report.objects.create(
                    **fields,
                    requested_by=user if getattr(user, "is_authenticated", False) else None,
                )
        except IntegrityError:
            # Someone else's request for the same subject committed first.
            return active.get(), False
        _queue_render(report.pk)
    return report, True


def retry_report(report: Report) -> bool:
    """Queue a failed report to be rendered again. Returns False if it had not failed. Raises
    QueueUnavailable (the report is failed again) if the task cannot be queued."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                updated = Report.objects.filter(pk=report.pk, status=Report.Status.FAILED).update(
                    status=Report.Status.QUEUED,
                    error_message="",
                    task_id="",
                    queued_at=timezone.now(),
                    started_at=None,
                    finished_at=None,
                )
        except IntegrityError:
            raise ReportConflict(
                "A newer improvement plan PDF for this authority is already being prepared."
                if report.kind == Report.Kind.PLAN
                else "A newer progress letter for this event is already being prepared."
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
    if report.kind == Report.Kind.PLAN:
        return render_pdf("pdf/plan.html", plan_context(report.authority_id, report.plan_date))
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
            _queue_delivery(delivery_id, robust=True)


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
    report, _ = digest_report(
        subscription.authority_id, period, theme=subscription.theme, area_id=subscription.area_id
    )
    return report


def digest_report(
    authority_id: int,
    period: Period,
    *,
    theme: str = "",
    area_id: int | None = None,
    user=None,
) -> tuple[Report, bool]:
    """The digest of this period and scope (all areas, one theme or one area): there is one, shared
    by the schedule and by administrators. Created, queued, if there is none. One rendered before
    its period ended (previewed early) is made ready to render again, unless it has been sent to
    anyone: a digest that goes out covers its whole period. Returns (report, whether it now waits
    to be rendered afresh), for the caller to queue it."""
    lookup = {
        "kind": Report.Kind.DIGEST,
        "authority_id": authority_id,
        "period_start": period.start,
        "period_end": period.end,
        "theme": theme if not area_id else "",
        "area_id": area_id,
    }
    report = Report.objects.filter(**lookup).first()
    if report is None:
        title = digest_title(period)
        if area_id or theme:
            area = AreaOfConcern.objects.get(pk=area_id) if area_id else None
            title = f"{title} ({scope_label(lookup['theme'], area)})"
        requested_by = user if getattr(user, "is_authenticated", False) else None
        try:
            with transaction.atomic():
                return Report.objects.create(**lookup, title=title, requested_by=requested_by), True
        except IntegrityError:
            report = Report.objects.get(**lookup)
    if _rendered_before_its_period_ended(report) and _render_afresh(report.pk):
        report.refresh_from_db()
        return report, True
    return report, False


def _rendered_before_its_period_ended(report: Report) -> bool:
    return (
        report.status == Report.Status.READY
        and report.started_at is not None
        and timezone.localdate(report.started_at) <= report.period_end
    )


# Once one of a digest's emails may have gone, its PDF is what was sent: it is never rendered again.
SENT_OR_MAYBE_SENT = (Delivery.Status.SENDING, Delivery.Status.SENT, Delivery.Status.UNCERTAIN)


def _render_afresh(report_id: int) -> bool:
    """Mark a ready (or failed) digest to be rendered again, from today's data, unless one of its
    emails has gone or may have: True if it now waits to be rendered (the caller queues it)."""
    sent = Delivery.objects.filter(report_id=OuterRef("pk"), status__in=SENT_OR_MAYBE_SENT)
    return bool(
        Report.objects.filter(
            ~Exists(sent),
            pk=report_id,
            kind=Report.Kind.DIGEST,
            status__in=[Report.Status.READY, Report.Status.FAILED],
        ).update(
            status=Report.Status.QUEUED,
            error_message="",
            task_id="",
            attempts=0,
            queued_at=timezone.now(),
            started_at=None,
            finished_at=None,
        )
    )


def prepare_digest(
    authority_id: int,
    period: Period,
    *,
    theme: str = "",
    area_id: int | None = None,
    user=None,
) -> Report:
    """An administrator's preview: the digest of any period and scope, rendered afresh from today's
    data (unless it has already been sent to someone: then it is kept as it was sent). Nobody is
    emailed. Raises QueueUnavailable if it cannot be queued (the report is then failed, with why)."""
    with transaction.atomic():
        report, waiting = digest_report(
            authority_id, period, theme=theme, area_id=area_id, user=user
        )
        if waiting or _render_afresh(report.pk):
            _queue_render(report.pk)
    report.refresh_from_db()
    return report


def send_digest_now(report: Report, subscriptions) -> tuple[list[Delivery], list[Delivery]]:
    """Email the digest now to each subscription's recipient, once: a recipient it has been sent
    to (or is being sent to) already is not sent it again. The emails go as soon as the digest is
    ready (at once if it is). Returns (the deliveries recorded now, those there were already).
    Raises QueueUnavailable if the queue cannot be reached: what was recorded is then pending,
    and recover_stuck_work queues it once the queue is back."""
    recorded, already = [], []
    with transaction.atomic():
        for subscription in subscriptions:
            delivery, created = Delivery.objects.get_or_create(
                report=report,
                email=subscription.email.strip().lower(),
                defaults={"subscription": subscription, "name": subscription.name},
            )
            (recorded if created else already).append(delivery)
        status = Report.objects.values_list("status", flat=True).get(pk=report.pk)
        if status == Report.Status.READY:
            for delivery in recorded:
                _queue_delivery(delivery.pk)
        elif status == Report.Status.FAILED and recorded:
            retry_report(report)  # its pending emails are queued once it is ready
        # Queued or rendering: store_pdf queues the pending emails once it is ready.
    return recorded, already


def schedule_due_digests(today: datetime.date | None = None) -> int:
    """For each active subscription, make sure the digest of its last completed period exists and
    is recorded for delivery to it, and queue whatever is still to do. Safe to run any number of
    times: a recipient gets each digest once. Returns the number of deliveries recorded.

    A subscription to an area raised by a draft event waits until the draft is published: until
    then the area is embargoed, and even its title must not reach a councillor."""
    today = today or timezone.localdate()
    to_render: set[int] = set()
    to_retry: set[int] = set()
    to_send: set[int] = set()
    recorded = 0
    subscriptions = DigestSubscription.objects.filter(published_areas(), active=True)
    for subscription in subscriptions.select_related("area"):
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
            to_retry.add(report.pk)
    # What cannot be queued is recorded (a failed digest is tried again on the next run; a pending
    # delivery is queued by recover_stuck_work): the others are still queued.
    for report in Report.objects.filter(pk__in=to_retry).order_by("pk"):
        _unless_queue_down(retry_report, report)
    for report_id in sorted(to_render):
        _unless_queue_down(_queue_render, report_id)
    for delivery_id in sorted(to_send):
        _unless_queue_down(_queue_delivery, delivery_id)
    return recorded


def _unless_queue_down(queue, *args) -> bool:
    """Queue something from a task, where nobody waits for an answer: False if the queue is down
    (the failure is recorded and logged)."""
    try:
        queue(*args)
    except QueueUnavailable:
        return False
    return True


# Delivery ----------------------------------------------------------------------------------------


def claim_delivery(delivery_id: int, task_id: str) -> bool:
    """Mark the delivery as being sent by this task. A delivery that is sent, being sent, or may
    have been sent cannot be claimed: the email goes out at most once."""
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
    is recorded on the delivery (visible in the admin) and raised for the task to retry. A send
    interrupted once the message may have reached the mail server (the connection lost, the time
    limit) is recorded as UNCERTAIN and not raised: it is never sent again automatically."""
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
    except (MaybeSent, SoftTimeLimitExceeded) as exc:
        logger.warning(
            "Delivery %s to %s interrupted, may have been sent: %s",
            delivery_id,
            delivery.email,
            exc,
        )
        message = "The send was interrupted: this email may or may not have been sent."
        mine.update(status=Delivery.Status.UNCERTAIN, last_error=f"{message} {_describe(exc)}")
        delivery.refresh_from_db()
        return delivery
    except Exception as exc:
        logger.warning("Delivery %s to %s failed: %s", delivery_id, delivery.email, exc)
        mine.update(status=Delivery.Status.FAILED, last_error=_describe(exc))
        raise
    mine.update(status=Delivery.Status.SENT, sent_at=timezone.now(), last_error="")
    delivery.refresh_from_db()
    return delivery


def send_again(delivery: Delivery, *, accept_duplicate_risk: bool = False) -> bool:
    """Queue a failed delivery to be sent again (from the admin), and, if the administrator accepts
    that the recipient may get it twice, one that may have been sent. Returns False if it was in
    neither state. Raises QueueUnavailable if the queue cannot be reached: the delivery is then
    pending, and `recover_stuck_work` queues it once the queue is back."""
    statuses = [Delivery.Status.FAILED]
    if accept_duplicate_risk:
        statuses.append(Delivery.Status.UNCERTAIN)
    with transaction.atomic():
        updated = Delivery.objects.filter(pk=delivery.pk, status__in=statuses).update(
            status=Delivery.Status.PENDING
        )
        if updated:
            _queue_delivery(delivery.pk)
    return bool(updated)


# Recovery ----------------------------------------------------------------------------------------


def recover_stuck_work() -> Counter:
    """Take back what dead workers (or lost tasks) left, run every few minutes by celery beat:

    - a report rendering since before STALE_CLAIM is queued again, or, once it has been started
      MAX_RENDER_ATTEMPTS times, marked failed (it can be tried again);
    - a report queued since before STALE_CLAIM is queued again (a duplicate task finds it claimed);
    - a delivery sending since before STALE_SEND is marked UNCERTAIN, never sent again
      automatically (at most once);
    - a pending delivery of a digest ready since before STALE_SEND is queued again.

    Returns how many of each, by name."""
    now = timezone.now()
    render_cutoff = now - STALE_CLAIM
    send_cutoff = now - STALE_SEND
    done = Counter(
        reports_queued_again=0,
        reports_failed=0,
        deliveries_uncertain=0,
        deliveries_queued_again=0,
    )

    abandoned = Report.objects.filter(status=Report.Status.RENDERING, started_at__lt=render_cutoff)
    for report_id, task_id, attempts in abandoned.values_list("pk", "task_id", "attempts"):
        # Conditional on the claim seen, so a task that claims it meanwhile keeps it.
        still_abandoned = abandoned.filter(pk=report_id, task_id=task_id)
        if attempts >= MAX_RENDER_ATTEMPTS:
            if still_abandoned.update(
                status=Report.Status.FAILED,
                error_message=RENDERING_ABANDONED.format(attempts=attempts),
                finished_at=now,
            ):
                logger.warning("Report %s: abandoned %s times, marked failed", report_id, attempts)
                done["reports_failed"] += 1
            continue
        try:
            with transaction.atomic():
                requeued = still_abandoned.update(
                    status=Report.Status.QUEUED, task_id="", started_at=None, queued_at=now
                )
                if requeued:
                    _queue_render(report_id)
        except QueueUnavailable:
            continue  # recorded on the report, as failed
        if requeued:
            logger.warning("Report %s: abandoned by task %s, queued again", report_id, task_id)
            done["reports_queued_again"] += 1

    lost = Report.objects.filter(status=Report.Status.QUEUED, queued_at__lt=render_cutoff)
    for report_id in lost.values_list("pk", flat=True):
        if lost.filter(pk=report_id).update(queued_at=now) and _unless_queue_down(
            _queue_render, report_id
        ):
            logger.warning("Report %s: queued since before %s, queued again", report_id, now)
            done["reports_queued_again"] += 1

    interrupted = Delivery.objects.filter(
        status=Delivery.Status.SENDING, claimed_at__lt=send_cutoff
    )
    for delivery_id in interrupted.values_list("pk", flat=True):
        if interrupted.filter(pk=delivery_id).update(
            status=Delivery.Status.UNCERTAIN, last_error=SEND_INTERRUPTED
        ):
            logger.warning(
                "Delivery %s: worker stopped while sending, may have been sent", delivery_id
            )
            done["deliveries_uncertain"] += 1

    waiting = Delivery.objects.filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=send_cutoff),
        status=Delivery.Status.PENDING,
        report__status=Report.Status.READY,
        report__finished_at__lt=send_cutoff,
    )
    for delivery_id in waiting.values_list("pk", flat=True):
        if _unless_queue_down(_queue_delivery, delivery_id):
            done["deliveries_queued_again"] += 1
    return done
