"""Celery tasks: thin wrappers that take ids, retry transient errors with backoff and leave the work
to reports.services. Acknowledged late (a task lost with its worker runs again), which is safe
because each piece of work is claimed before it is done."""

import datetime
import logging

from celery import shared_task
from celery.signals import worker_init

from sefton_tracker.core.retries import MAX_RETRIES, SEND_ERRORS, TRANSIENT_ERRORS, backoff

from . import services

logger = logging.getLogger(__name__)


@worker_init.connect
def load_renderer(**kwargs):
    """Import WeasyPrint and parse the print stylesheet once, when a worker starts: its pool's
    processes are forked from this one and share it, and no task pays for it."""
    from .rendering import print_stylesheet

    print_stylesheet()


# Each task's time limits are settings (CELERY_TASK_ANNOTATIONS).


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def render_report(self, report_id: int) -> str:
    try:
        report = services.produce_report(report_id, task_id=self.request.id)
    except (*TRANSIENT_ERRORS, OSError) as exc:
        if self.request.retries >= self.max_retries:
            services.give_up_rendering(report_id, self.request.id, exc)
            raise
        logger.warning("Report %s: %s; retrying", report_id, exc)
        raise self.retry(exc=exc, countdown=backoff(self.request.retries)) from exc
    return report.status if report else "skipped"


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def deliver_report(self, delivery_id: int) -> str:
    try:
        delivery = services.deliver(delivery_id, task_id=self.request.id)
    except (*TRANSIENT_ERRORS, *SEND_ERRORS) as exc:
        if self.request.retries >= self.max_retries:
            raise
        logger.warning("Delivery %s: %s; retrying", delivery_id, exc)
        raise self.retry(exc=exc, countdown=backoff(self.request.retries)) from exc
    return delivery.status if delivery else "skipped"


@shared_task(acks_late=True)
def send_due_digests(today: str | None = None) -> int:
    """Run daily by celery beat (the "Send due digests" periodic task, editable in the admin).
    `today` (an ISO date) lets an administrator send the digests that were due on another day."""
    day = datetime.date.fromisoformat(today) if today else None
    recorded = services.schedule_due_digests(day)
    logger.info("Digests: %s new deliveries recorded", recorded)
    return recorded


@shared_task(acks_late=True)
def recover_stuck_work() -> dict[str, int]:
    """Run every five minutes by celery beat (the "Recover stuck work" periodic task): queues again
    the reports that dead workers, or lost tasks, left queued or rendering, and marks the emails
    whose worker stopped while sending as "may have been sent" (never sent again automatically)."""
    done = services.recover_stuck_work()
    if any(done.values()):
        logger.warning("Recovered stuck work: %s", dict(done))
    return dict(done)
