"""Celery tasks for the plan's reminder emails: thin wrappers that take ids and ISO dates and leave
the work to plan.reminders. Acknowledged late (a task lost with its worker runs again), which is
safe because each email is claimed before it is sent. Celery beat runs the two scheduled ones
(CELERY_BEAT_SCHEDULE in the settings); their time limits are CELERY_TASK_ANNOTATIONS."""

import datetime
import logging

from celery import shared_task

from sefton_tracker.core.retries import MAX_RETRIES, SEND_ERRORS, TRANSIENT_ERRORS, backoff

from . import reminders

logger = logging.getLogger(__name__)


def _day(today: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(today) if today else None


@shared_task(acks_late=True)
def send_plan_reminders(today: str | None = None) -> int:
    """Daily: remind the leads of actions due soon, overdue or still overdue. `today` (an ISO
    date) lets an administrator run it as on another day."""
    recorded = reminders.remind_leads(_day(today))
    logger.info("Plan reminders: %s new reminder(s) recorded", recorded)
    return recorded


@shared_task(acks_late=True)
def send_plan_summaries(today: str | None = None) -> int:
    """Weekly: each officer's summary of the actions due and overdue in their authorities."""
    recorded = reminders.send_summaries(_day(today))
    logger.info("Plan summaries: %s new summary(ies) recorded", recorded)
    return recorded


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def send_reminder_email(self, reminder_id: int, today: str | None = None) -> str:
    """Send one recorded reminder, as at `today` (the day of the run that recorded it)."""
    try:
        reminder = reminders.send_reminder(reminder_id, task_id=self.request.id, today=_day(today))
    except (*TRANSIENT_ERRORS, *SEND_ERRORS) as exc:
        if self.request.retries >= self.max_retries:
            raise
        logger.warning("Reminder %s: %s; retrying", reminder_id, exc)
        raise self.retry(exc=exc, countdown=backoff(self.request.retries)) from exc
    return reminder.status if reminder else "skipped"
