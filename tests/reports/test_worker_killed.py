"""Real workers killed mid-task (SIGKILL to the worker and its pool, as a crash or the OOM killer
would), then the "Recover stuck work" task and a fresh worker:

- a report killed mid-render is queued again and rendered, once;
- an email killed mid-send (the SMTP server has the message but never answered) is marked "may have
  been sent" and is not sent again, not even when the broker hands the dead worker's task to the
  fresh worker; an administrator can send it again, once told the risk.

The fresh worker runs with a visibility timeout of one second, so that the broker hands it the dead
worker's unacknowledged task at once instead of after CELERY_VISIBILITY_TIMEOUT: the work must be
safe either way. Like test_worker.py, these need a Redis CELERY_BROKER_URL and PostgreSQL."""

import datetime
import re

import pytest
from django.db import connections
from django.utils import timezone

from reports import services, tasks
from reports.models import Cadence, Delivery, DigestSubscription, Report
from reports.periods import Period
from tests.support.smtp import Inbox, smtp_server

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

TIMEOUT = 90
AUGUST_1ST = datetime.date(2024, 8, 1)
REDELIVER_AT_ONCE = {"CELERY_VISIBILITY_TIMEOUT": "1"}


class TableLock:
    """Holds an exclusive lock on a table from a connection of its own, so that a worker that
    reads it waits, mid-task, for as long as the test likes."""

    def __init__(self, table: str):
        self.connection = connections.create_connection("default")
        self.connection.set_autocommit(False)
        with self.connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")

    def has_waiters(self) -> bool:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))"
            )
            return cursor.fetchone()[0] > 0

    def release(self) -> None:
        with self.connection.cursor() as cursor:
            # The killed worker's connection is still waiting: end it rather than let it run.
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))"
            )
        self.connection.rollback()
        self.connection.close()


def results(worker, task: str) -> dict[str, str]:
    """{task id: what it returned} for each `task` the worker has finished, from its log."""
    pattern = rf"Task reports\.tasks\.{task}\[([^\]]+)\] succeeded in [0-9.]+s: '?([^'\n]*)'?"
    return dict(re.findall(pattern, worker.log))


def make_stale(model, pk: int, field: str, by: datetime.timedelta) -> None:
    """Move the claim back in time, as if the time limit and its margin had passed."""
    model.objects.filter(pk=pk).update(
        **{field: timezone.now() - by - datetime.timedelta(seconds=1)}
    )


def test_a_report_killed_mid_render_is_queued_again_and_rendered_once(
    start_celery_worker, sixth_visit, officer, client
):
    first = start_celery_worker()
    # Rendering reads the event's reviews: hold the worker there, once it has claimed the report.
    lock = TableLock("findings_areareview")
    try:
        client.force_login(officer)
        client.post(f"/reports/letters/{sixth_visit.pk}/")
        report = Report.objects.get()

        def rendering():
            report.refresh_from_db()
            return report.status == Report.Status.RENDERING and lock.has_waiters()

        first.wait_for(rendering, TIMEOUT)
        dead_task = report.task_id
        first.kill()
    finally:
        lock.release()

    report.refresh_from_db()
    assert report.status == Report.Status.RENDERING  # stuck: nobody will finish it
    make_stale(Report, report.pk, "started_at", services.STALE_CLAIM)

    summary = tasks.recover_stuck_work()
    assert summary["reports_queued_again"] == 1
    report.refresh_from_db()
    assert report.status == Report.Status.QUEUED

    fresh = start_celery_worker(**REDELIVER_AT_ONCE)
    # The recovery's task renders it; the dead worker's task, handed over again, finds it done
    # (or renders it, and the recovery's finds it done): one rendering either way.
    fresh.wait_for(lambda: len(results(fresh, "render_report")) == 2, TIMEOUT)
    rendered = results(fresh, "render_report")
    assert dead_task in rendered
    assert sorted(rendered.values()) == ["ready", "skipped"]
    report.refresh_from_db()
    assert report.status == Report.Status.READY, f"{report.error_message}\n{fresh.log}"
    assert report.attempts == 2  # the killed one and one more
    assert report.pdf.read().startswith(b"%PDF-")


def test_an_email_killed_mid_send_is_not_sent_again_until_an_administrator_says_so(
    start_celery_worker, sefton, administrator, client
):
    inbox = Inbox()
    inbox.stalling.set()  # takes the message, never answers
    with smtp_server(inbox) as port:
        smtp = {"EMAIL_URL": f"smtp://127.0.0.1:{port}"}
        first = start_celery_worker(**smtp)
        subscription = DigestSubscription.objects.create(
            authority=sefton, name="Cllr Ada Ainsdale", email="ada@example.org"
        )
        digest = services.digest_for(
            subscription, Period.last_completed(Cadence.MONTHLY, AUGUST_1ST)
        )
        Delivery.objects.create(
            report=digest,
            subscription=subscription,
            name=subscription.name,
            email=subscription.email,
        )
        # Rendered here (the worker's own tasks go to its default queue, not this test's), which
        # sends the delivery to the worker.
        services.produce_report(digest.pk)

        delivery = None

        def sending():
            nonlocal delivery
            delivery = Delivery.objects.filter(status=Delivery.Status.SENDING).first()
            return delivery is not None and inbox.arrived.is_set()

        first.wait_for(sending, TIMEOUT)
        first.kill()
        # The server must see the killed worker hang up before the stall ends: otherwise, on a
        # busy machine, it could still accept the message that the worker never finished sending.
        assert inbox.abandoned.wait(TIMEOUT)
        inbox.stalling.clear()
        dead_task = delivery.task_id

        delivery.refresh_from_db()
        assert delivery.status == Delivery.Status.SENDING  # stuck: nobody will finish it
        make_stale(Delivery, delivery.pk, "claimed_at", services.STALE_SEND)

        summary = tasks.recover_stuck_work()
        assert summary["deliveries_uncertain"] == 1
        delivery.refresh_from_db()
        assert delivery.status == Delivery.Status.UNCERTAIN
        assert "may or may not have been sent" in delivery.last_error

        fresh = start_celery_worker(**smtp, **REDELIVER_AT_ONCE)
        # The broker hands the dead worker's task over again: it sends nothing.
        fresh.wait_for(lambda: dead_task in results(fresh, "deliver_report"), TIMEOUT)
        assert results(fresh, "deliver_report")[dead_task] == "skipped"
        delivery.refresh_from_db()
        assert delivery.status == Delivery.Status.UNCERTAIN
        assert len(inbox.received) == 1  # the interrupted send's, and no other

        # The administrator is told the risk, confirms, and the fresh worker sends it again.
        client.force_login(administrator)
        selected = {"action": "send_again", "_selected_action": [delivery.pk]}
        assert "a second copy" in client.post("/admin/reports/delivery/", selected).content.decode()
        client.post("/admin/reports/delivery/", {**selected, "confirm": "yes"})

        def sent():
            delivery.refresh_from_db()
            return delivery.status == Delivery.Status.SENT

        fresh.wait_for(sent, TIMEOUT)
        assert len(inbox.received) == 2
        assert [m["To"].addresses[0].addr_spec for m in inbox.messages] == ["ada@example.org"]
