"""Nothing gets stuck: the "Recover stuck work" periodic task takes back what a dead worker left.

- A report queued or rendering for longer than the render's hard time limit plus a margin is queued
  again, up to MAX_RENDER_ATTEMPTS renderings; then it is marked failed, and can be tried again.
- Emails go out at most once per recipient: a send that was interrupted (the worker stopped, the
  time limit struck, or the connection was lost once the message had been handed over) is marked
  "may have been sent" and never sent again automatically. An administrator may send it again,
  after being told that the recipient may get it twice.

These run the tasks in-process; test_worker_killed.py kills real workers."""

import datetime

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core import mail
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from reports import services, tasks
from reports.models import Delivery, Report
from sefton_tracker.celery import app
from tests.support.factories import AreaReviewFactory, DigestSubscriptionFactory, LetterFactory

pytestmark = pytest.mark.django_db

AUGUST_1ST = datetime.date(2024, 8, 1)
DELIVERIES = "/admin/reports/delivery/"


@pytest.fixture
def letter():
    review = AreaReviewFactory()
    return LetterFactory(event=review.event)


def ago(delta: datetime.timedelta, seconds: int = 1) -> datetime.datetime:
    return timezone.now() - delta - datetime.timedelta(seconds=seconds)


def recover(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return tasks.recover_stuck_work.delay().get()


def test_a_migration_creates_the_recovery_task_every_five_minutes():
    task = PeriodicTask.objects.get(name="Recover stuck work")
    assert task.enabled
    assert task.task == "reports.tasks.recover_stuck_work"
    assert (task.interval.every, task.interval.period) == (5, IntervalSchedule.MINUTES)
    assert "at most once" in task.description
    app.loader.import_default_modules()
    assert task.task in app.tasks


# Reports -----------------------------------------------------------------------------------------


def test_a_report_left_rendering_by_a_dead_worker_is_queued_again_and_rendered(
    letter, django_capture_on_commit_callbacks
):
    assert services.claim_report(letter.pk, "dead-task")
    Report.objects.filter(pk=letter.pk).update(started_at=ago(services.STALE_CLAIM))

    summary = recover(django_capture_on_commit_callbacks)

    assert summary["reports_queued_again"] == 1
    letter.refresh_from_db()
    assert letter.status == Report.Status.READY
    assert letter.attempts == 2
    assert letter.task_id != "dead-task"


def test_a_claim_within_the_time_limit_is_left_alone(letter, django_capture_on_commit_callbacks):
    assert services.claim_report(letter.pk, "live-task")
    Report.objects.filter(pk=letter.pk).update(
        started_at=timezone.now() - services.STALE_CLAIM + datetime.timedelta(seconds=5)
    )
    recover(django_capture_on_commit_callbacks)
    letter.refresh_from_db()
    assert (letter.status, letter.task_id, letter.attempts) == ("rendering", "live-task", 1)


def test_a_report_whose_worker_keeps_dying_is_marked_failed_and_can_be_tried_again(
    letter, django_capture_on_commit_callbacks
):
    for attempt in range(services.MAX_RENDER_ATTEMPTS):
        Report.objects.filter(pk=letter.pk).update(status=Report.Status.QUEUED)
        assert services.claim_report(letter.pk, f"dead-task-{attempt}")
        Report.objects.filter(pk=letter.pk).update(started_at=ago(services.STALE_CLAIM))
        with django_capture_on_commit_callbacks(execute=False):  # no worker takes it
            tasks.recover_stuck_work.delay()

    letter.refresh_from_db()
    assert letter.status == Report.Status.FAILED
    assert letter.attempts == services.MAX_RENDER_ATTEMPTS
    assert letter.error_message == (
        "The worker stopped while rendering this report, 3 times: try again."
    )
    assert letter.finished_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        assert services.retry_report(letter)
    letter.refresh_from_db()
    assert letter.status == Report.Status.READY


def test_a_report_queued_with_no_task_behind_it_is_queued_again(
    letter, django_capture_on_commit_callbacks
):
    Report.objects.filter(pk=letter.pk).update(queued_at=ago(services.STALE_CLAIM))
    summary = recover(django_capture_on_commit_callbacks)
    assert summary["reports_queued_again"] == 1
    letter.refresh_from_db()
    assert letter.status == Report.Status.READY
    assert letter.attempts == 1


def test_a_report_queued_a_moment_ago_is_left_to_its_task(
    letter, django_capture_on_commit_callbacks
):
    summary = recover(django_capture_on_commit_callbacks)
    assert summary["reports_queued_again"] == 0
    letter.refresh_from_db()
    assert letter.status == Report.Status.QUEUED


# Deliveries --------------------------------------------------------------------------------------


@pytest.fixture
def sent_digest(sefton, django_capture_on_commit_callbacks):
    """A monthly digest, rendered and emailed to one councillor."""
    DigestSubscriptionFactory(authority=sefton, name="Cllr Ada Ainsdale", email="ada@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_due_digests(AUGUST_1ST)
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.SENT
    assert len(mail.outbox) == 1
    return delivery


def left_sending(delivery: Delivery, *, since: datetime.datetime) -> None:
    """As a worker that died during the SMTP conversation leaves it."""
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENDING, task_id="dead-task", claimed_at=since, sent_at=None
    )


def test_a_delivery_left_sending_may_have_been_sent_and_is_never_sent_again_automatically(
    sent_digest, django_capture_on_commit_callbacks
):
    left_sending(sent_digest, since=ago(services.STALE_SEND))

    summary = recover(django_capture_on_commit_callbacks)

    assert summary["deliveries_uncertain"] == 1
    sent_digest.refresh_from_db()
    assert sent_digest.status == Delivery.Status.UNCERTAIN
    assert sent_digest.get_status_display() == "May have been sent"
    assert sent_digest.last_error == (
        "The worker stopped while sending: this email may or may not have been sent."
    )
    # The dead worker's task, delivered again by the broker, and later runs, send nothing.
    assert tasks.deliver_report.delay(sent_digest.pk).get() == "skipped"
    recover(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_due_digests(AUGUST_1ST)
    assert len(mail.outbox) == 1
    sent_digest.refresh_from_db()
    assert sent_digest.status == Delivery.Status.UNCERTAIN


def test_a_send_within_the_time_limit_is_left_alone(
    sent_digest, django_capture_on_commit_callbacks
):
    left_sending(sent_digest, since=timezone.now() - datetime.timedelta(seconds=5))
    recover(django_capture_on_commit_callbacks)
    sent_digest.refresh_from_db()
    assert sent_digest.status == Delivery.Status.SENDING


def test_a_send_stopped_by_its_time_limit_may_have_been_sent_and_is_not_retried(
    sefton, monkeypatch, retries_run_in_process, django_capture_on_commit_callbacks
):
    def interrupted(delivery):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(services, "send_digest_email", interrupted)
    DigestSubscriptionFactory(authority=sefton, email="ada@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_due_digests(AUGUST_1ST)
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.UNCERTAIN
    assert delivery.attempts == 1  # not retried
    assert "may or may not have been sent" in delivery.last_error


@pytest.mark.usefixtures("retries_run_in_process")
def test_a_connection_lost_after_the_message_was_handed_over_is_not_retried(
    inbox, sefton, django_capture_on_commit_callbacks
):
    inbox.hang_up_next = 1  # the server takes the message, then hangs up without answering
    DigestSubscriptionFactory(authority=sefton, email="ada@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_due_digests(AUGUST_1ST)
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.UNCERTAIN
    assert delivery.attempts == 1
    assert "may or may not have been sent" in delivery.last_error
    assert "SMTPServerDisconnected" in delivery.last_error
    assert len(inbox.received) == 1 and inbox.messages == []  # it arrived, unanswered


@pytest.mark.usefixtures("retries_run_in_process")
def test_a_server_that_cannot_be_reached_is_still_retried(
    settings, sefton, django_capture_on_commit_callbacks
):
    from tests.support.smtp import free_port, use_smtp

    use_smtp(settings, free_port())  # nothing listens: nothing can have been sent
    DigestSubscriptionFactory(authority=sefton, email="ada@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_due_digests(AUGUST_1ST)
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == tasks.MAX_RETRIES + 1


def test_sending_again_what_may_have_been_sent_asks_the_administrator_first(
    sent_digest, client, administrator, django_capture_on_commit_callbacks
):
    left_sending(sent_digest, since=ago(services.STALE_SEND))
    recover(django_capture_on_commit_callbacks)
    client.force_login(administrator)

    listed = client.get(f"{DELIVERIES}?status__exact=uncertain").content.decode()
    assert "ada@example.org" in listed and "May have been sent" in listed

    selected = {"action": "send_again", "_selected_action": [sent_digest.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DELIVERIES, selected)
    assert response.status_code == 200
    page = response.content.decode()
    assert "may already have reached" in page
    assert "a second copy" in page
    assert "ada@example.org" in page
    sent_digest.refresh_from_db()
    assert sent_digest.status == Delivery.Status.UNCERTAIN
    assert len(mail.outbox) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DELIVERIES, {**selected, "confirm": "yes"}, follow=True)
    assert "1 delivery(ies) queued to be sent again" in response.content.decode()
    sent_digest.refresh_from_db()
    assert sent_digest.status == Delivery.Status.SENT
    assert len(mail.outbox) == 2


def test_a_delivery_of_a_ready_digest_with_no_task_behind_it_is_sent(
    sent_digest, django_capture_on_commit_callbacks
):
    # As if the broker had lost the task (Redis restarted without persistence).
    Delivery.objects.filter(pk=sent_digest.pk).update(
        status=Delivery.Status.PENDING, claimed_at=None, sent_at=None
    )
    Report.objects.filter(pk=sent_digest.report_id).update(finished_at=ago(services.STALE_SEND))
    summary = recover(django_capture_on_commit_callbacks)
    assert summary["deliveries_queued_again"] == 1
    sent_digest.refresh_from_db()
    assert sent_digest.status == Delivery.Status.SENT
    assert len(mail.outbox) == 2


# The broker --------------------------------------------------------------------------------------


def test_the_visibility_timeout_outlasts_the_longest_task_and_retry_countdown_but_not_by_much():
    longest = max(
        [settings.CELERY_TASK_TIME_LIMIT]
        + [limits["time_limit"] for limits in settings.CELERY_TASK_ANNOTATIONS.values()]
    )
    longest_countdown = max(tasks.backoff(retries) for retries in range(tasks.MAX_RETRIES + 10))
    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    # A task waiting for its retry, then running, is not handed to a second worker...
    assert timeout > longest_countdown + longest
    # ...and a task lost with its worker comes back well before an hour.
    assert timeout <= settings.TASK_RETRY_MAX_COUNTDOWN + longest + 60
    assert app.conf.broker_transport_options["visibility_timeout"] == timeout
