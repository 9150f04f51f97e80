"""Reminder emails about the improvement plan: which are due on a given day, recording them, and
sending each one at most once.

- An action's lead (a user of the tracker, active, with an email address, who has not turned them
  off) is reminded PLAN_REMINDER_DAYS_BEFORE days before its due date ("due soon"), on the day it
  becomes overdue ("overdue"), and every PLAN_OVERDUE_REMINDER_EVERY_DAYS days while it stays
  overdue ("still overdue", week 1, 2, …). Only the latest threshold reached is sent: a worker
  that was down for three weeks sends one email, not four. Completing the action stops them;
  moving its due date re-arms them (the due date is part of each reminder's key).
- Each officer gets a weekly summary of the overdue actions, and those due within
  PLAN_DUE_SOON_DAYS, of the authorities they work for; none when there is nothing to list.

A reminder is recorded (ReminderEmail, unique per user and key) before it is sent, then claimed
with a conditional UPDATE, as reports.services does for digests: a task that runs twice, or a run
repeated the same day, finds nothing left to claim. A send interrupted once the message may have
reached the mail server is marked UNCERTAIN and never sent again automatically.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass
from functools import partial

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnreachable

from sefton_tracker.core.mail import MaybeSent
from sefton_tracker.core.roles import OFFICER
from visits.scope import in_scope_condition

from ..models import (
    AreaOfConcern,
    ImprovementAction,
    area_visible_through,
    due_soon_action,
    overdue_action,
)
from .emails import send_action_reminder, send_weekly_summary
from .models import ReminderEmail, ReminderPreference
from .selectors import with_latest_update

logger = logging.getLogger(__name__)

Kind = ReminderEmail.Kind
Status = ReminderEmail.Status

SEND_INTERRUPTED = "The worker stopped while sending: this email may or may not have been sent."
NO_LONGER_DUE = (
    "Nothing was sent: after this email was recorded, its action was completed, given another "
    "due date or lead, or deleted; its recipient turned these emails off or left; or (a summary) "
    "nothing was left to list."
)


# What is due ------------------------------------------------------------------------------------


def threshold(due_date: datetime.date, today: datetime.date) -> tuple[str, str] | None:
    """The latest reminder threshold an open action due on `due_date` has reached by `today`, as
    (kind, the key's last part), or None before the first. Overdue from the day after the due
    date; "still overdue" week n from n × PLAN_OVERDUE_REMINDER_EVERY_DAYS days after that."""
    if today < due_date - datetime.timedelta(days=settings.PLAN_REMINDER_DAYS_BEFORE):
        return None
    if today <= due_date:
        return Kind.DUE_SOON, "due-soon"
    every = settings.PLAN_OVERDUE_REMINDER_EVERY_DAYS
    # Day 1 overdue is the "overdue" reminder's; with every=7, week 1 starts on day 8.
    week = (today - due_date).days - 1
    week = week // every if every > 0 else 0
    if week == 0:
        return Kind.OVERDUE, "overdue"
    return Kind.STILL_OVERDUE, f"overdue-week-{week}"


def action_key(action: ImprovementAction, part: str) -> str:
    """The key of an action's reminder, such as "action-12:due-2026-03-31:overdue-week-2": the
    due date in it re-arms the reminders when it moves."""
    return f"action-{action.pk}:due-{action.due_date.isoformat()}:{part}"


def week_of(day: datetime.date) -> datetime.date:
    """The Monday of the day's week: a weekly summary's key."""
    return day - datetime.timedelta(days=day.weekday())


def summary_key(day: datetime.date) -> str:
    return f"summary:{week_of(day).isoformat()}"


@dataclass(frozen=True)
class Due:
    """A reminder due: to whom, about what, and its key."""

    user: object
    kind: str
    key: str
    action: ImprovementAction | None = None


def lead_reminders_due(today: datetime.date) -> list[Due]:
    """The reminders due today to the leads of open actions: one per action, its latest threshold,
    to a lead who may see the action (an area raised by a draft they may not see gives none)."""
    window_end = today + datetime.timedelta(days=settings.PLAN_REMINDER_DAYS_BEFORE)
    candidates = (
        ImprovementAction.objects.open()
        .filter(lead_user__is_active=True, due_date__lte=window_end)
        .exclude(lead_user__email="")
        .exclude(lead_user__reminder_preference__action_reminders=False)
        .select_related("lead_user")
        .order_by("lead_user_id", "due_date", "pk")
    )
    by_lead = defaultdict(list)
    for action in candidates:
        by_lead[action.lead_user].append(action)
    due = []
    for lead, actions in by_lead.items():
        # One query per lead: the embargo depends on who reads (visits.scope).
        visible = set(
            ImprovementAction.objects.filter(
                area_visible_through(lead), pk__in=[a.pk for a in actions]
            ).values_list("pk", flat=True)
        )
        for action in actions:
            reached = threshold(action.due_date, today) if action.pk in visible else None
            if reached:
                kind, part = reached
                due.append(Due(lead, kind, action_key(action, part), action))
    return due


def officers_for_summary():
    """Officers who get the weekly summary: active, with an email address, not opted out."""
    return (
        get_user_model()
        .objects.filter(groups__name=OFFICER, is_active=True)
        .exclude(email="")
        .exclude(reminder_preference__weekly_summary=False)
        .distinct()
        .order_by("pk")
    )


def summary_actions(officer, today: datetime.date):
    """The open actions of the officer's authorities (visits.scope) that they may see, overdue or
    due within PLAN_DUE_SOON_DAYS, with their area, lead and latest update, by authority and area."""
    actions = (
        ImprovementAction.objects.filter(overdue_action(today) | due_soon_action(today))
        .filter(in_scope_condition(officer, "area__authority"))
        .filter(area_visible_through(officer))
        .order_by("area__authority__name", "area__position", "area_id", "due_date", "pk")
    )
    return with_latest_update(actions).select_related("area__authority")


@dataclass
class SummaryLine:
    action: ImprovementAction
    days_overdue: int  # 0 when not overdue
    days_left: int  # days until the due date, when not overdue


@dataclass
class SummaryArea:
    area: AreaOfConcern
    lines: list[SummaryLine]


@dataclass
class Summary:
    today: datetime.date
    areas: list[SummaryArea]
    overdue: int
    due_soon: int
    several_authorities: bool

    @property
    def week_of(self) -> datetime.date:
        return week_of(self.today)


def summary_for(officer, today: datetime.date) -> Summary:
    """What an officer's weekly summary lists, as at `today`."""
    areas: dict[int, SummaryArea] = {}
    overdue = due_soon = 0
    for action in summary_actions(officer, today):
        late = max((today - action.due_date).days, 0)
        overdue += late > 0
        due_soon += late == 0
        line = SummaryLine(action, late, max((action.due_date - today).days, 0))
        areas.setdefault(action.area_id, SummaryArea(action.area, [])).lines.append(line)
    authorities = {entry.area.authority_id for entry in areas.values()}
    return Summary(today, list(areas.values()), overdue, due_soon, len(authorities) > 1)


# Recording and queueing -------------------------------------------------------------------------


def _record(due: Due) -> tuple[ReminderEmail | None, bool]:
    """The reminder's row, created if new: (row, created); (None, False) if another run created it
    at the same moment (that run sends it)."""
    try:
        with transaction.atomic():
            return ReminderEmail.objects.get_or_create(
                user=due.user, key=due.key, defaults={"kind": due.kind, "action": due.action}
            )
    except IntegrityError:
        return None, False


def _publish(reminder_id: int, today: datetime.date) -> None:
    from .tasks import send_reminder_email

    try:
        send_reminder_email.delay(reminder_id, today.isoformat())
    except BrokerUnreachable as exc:
        # It stays pending (or failed): the next daily run queues it again while it is due.
        logger.error("Could not queue reminder %s: %s", reminder_id, exc)


def _record_and_queue(due_list: list[Due], today: datetime.date) -> int:
    """Record each reminder due and queue, once the transaction commits, those still to send
    (new, or left pending or failed by an earlier run). Returns how many were recorded now."""
    recorded = 0
    for due in due_list:
        reminder, created = _record(due)
        recorded += created
        if reminder is not None and reminder.status in (Status.PENDING, Status.FAILED):
            # robust: one email that cannot be queued (or, run in-process, fails) does not stop
            # the others.
            transaction.on_commit(partial(_publish, reminder.pk, today), robust=True)
    return recorded


def mark_interrupted_sends() -> int:
    """Reminders left "sending" for longer than a send may take (its hard time limit and a
    margin) belong to a worker that stopped mid-send: they may have gone, so they are marked
    UNCERTAIN, never sent again automatically."""
    cutoff = timezone.now() - datetime.timedelta(seconds=settings.EMAIL_SEND_TIME_LIMIT + 30)
    marked = ReminderEmail.objects.filter(status=Status.SENDING, claimed_at__lt=cutoff).update(
        status=Status.UNCERTAIN, last_error=SEND_INTERRUPTED
    )
    if marked:
        logger.warning("%s reminder(s) interrupted while sending, may have been sent", marked)
    return marked


def remind_leads(today: datetime.date | None = None) -> int:
    """The daily run: record and queue the reminders due to leads today. Safe to run any number
    of times a day. Returns how many were recorded."""
    today = today or timezone.localdate()
    mark_interrupted_sends()
    return _record_and_queue(lead_reminders_due(today), today)


def send_summaries(today: datetime.date | None = None) -> int:
    """The weekly run: record and queue this week's summary to each officer with something due
    or overdue. Safe to run any number of times a week. Returns how many were recorded."""
    today = today or timezone.localdate()
    key = summary_key(today)
    due = [
        Due(officer, Kind.SUMMARY, key)
        for officer in officers_for_summary()
        if summary_actions(officer, today).exists()
    ]
    return _record_and_queue(due, today)


def set_preferences(user, *, action_reminders: bool, weekly_summary: bool) -> ReminderPreference:
    """A user's choice of plan emails."""
    preference, _ = ReminderPreference.objects.update_or_create(
        user=user,
        defaults={"action_reminders": action_reminders, "weekly_summary": weekly_summary},
    )
    return preference


# Sending ----------------------------------------------------------------------------------------


def claim(reminder_id: int, task_id: str) -> bool:
    """Mark the reminder as being sent by this task. One that is sent, being sent, or may have
    been sent cannot be claimed: it goes out at most once."""
    return bool(
        ReminderEmail.objects.filter(
            pk=reminder_id, status__in=[Status.PENDING, Status.FAILED]
        ).update(
            status=Status.SENDING,
            task_id=task_id,
            claimed_at=timezone.now(),
            attempts=F("attempts") + 1,
        )
    )


def _describe(exc: BaseException) -> str:
    if isinstance(exc, SoftTimeLimitExceeded):
        return "The task took longer than its time limit and was stopped."
    return f"{type(exc).__name__}: {exc}"[:2000]


def wants(user, kind: str) -> bool:
    """Whether the user (still) wants this kind of email: active, with an address, not opted out."""
    if not user.is_active or not user.email:
        return False
    preference = ReminderPreference.objects.filter(user=user).first()
    if preference is None:
        return True
    return preference.weekly_summary if kind == Kind.SUMMARY else preference.action_reminders


def still_due(reminder: ReminderEmail) -> bool:
    """Whether a lead's reminder is still due when its turn to be sent comes (it may have waited,
    or been retried): its action still open, with the due date in its key, led by its recipient,
    who still wants reminders."""
    action = reminder.action
    return (
        action is not None
        and not action.is_complete
        and action.lead_user_id == reminder.user_id
        and reminder.key.startswith(action_key(action, ""))
        and wants(reminder.user, reminder.kind)
    )


def send_reminder(
    reminder_id: int, *, task_id: str = "", today: datetime.date | None = None
) -> ReminderEmail | None:
    """Send one recorded reminder, as at `today`. Returns None when there was nothing to claim. A
    failed send is recorded (FAILED, with why) and raised for the task to retry; one interrupted
    once the message may have reached the mail server is recorded as UNCERTAIN and not raised."""
    today = today or timezone.localdate()
    task_id = task_id or f"direct-{uuid.uuid4()}"
    if not claim(reminder_id, task_id):
        logger.info("Reminder %s: nothing to send (already sent or in progress)", reminder_id)
        return None
    reminder = ReminderEmail.objects.select_related(
        "user", "action__area__authority", "action__lead_user"
    ).get(pk=reminder_id)
    mine = ReminderEmail.objects.filter(pk=reminder_id, status=Status.SENDING, task_id=task_id)
    summary = summary_for(reminder.user, today) if reminder.kind == Kind.SUMMARY else None
    if summary is not None:
        due = summary.areas and wants(reminder.user, Kind.SUMMARY)
    else:
        due = still_due(reminder)
    if not due:
        mine.update(status=Status.CANCELLED, last_error=NO_LONGER_DUE)
        reminder.refresh_from_db()
        return reminder
    try:
        if summary is not None:
            send_weekly_summary(reminder, summary)
        else:
            send_action_reminder(reminder, today)
    except (MaybeSent, SoftTimeLimitExceeded) as exc:
        logger.warning("Reminder %s interrupted, may have been sent: %s", reminder_id, exc)
        message = "The send was interrupted: this email may or may not have been sent."
        mine.update(status=Status.UNCERTAIN, last_error=f"{message} {_describe(exc)}")
    except Exception as exc:
        logger.warning("Reminder %s failed: %s", reminder_id, exc)
        mine.update(status=Status.FAILED, last_error=_describe(exc))
        raise
    else:
        mine.update(status=Status.SENT, sent_at=timezone.now(), last_error="")
    reminder.refresh_from_db()
    return reminder
