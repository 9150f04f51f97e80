"""End to end on the real stack: an officer requests the sixth visit's progress letter, the task
crosses the Redis broker, and a real Celery worker (started here, not eager mode) renders it into
the test database and media folder.

Needs CELERY_BROKER_URL naming a reachable Redis, and a database the worker can share (PostgreSQL:
SQLite's in-memory test database lives inside this process). Without them the test skips, which
REQUIRE_SERVICES=1 (CI) turns into a failure.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from collections import namedtuple
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from reports.models import Report
from sefton_tracker.celery import app
from tests.support.pdf_text import pdf_text
from visits.models import InspectionEvent

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 60
RENDER_TIMEOUT = 90

Worker = namedtuple("Worker", "process log_path")


def reachable_broker() -> str:
    url = settings.CELERY_BROKER_URL
    if not url.startswith("redis://"):
        pytest.skip("set CELERY_BROKER_URL to a Redis URL to run the worker test")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis at {url} is not reachable: {exc}")
    return url


def shared_database_url() -> str:
    if connection.vendor != "postgresql":
        pytest.skip("the worker needs a database it can share: run with DATABASE_URL=postgres://…")
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def private_queue():
    """Route this process's report tasks to a queue of their own, so that no other worker on the
    same broker (another test run, say) can take them."""
    name = f"reports-test-{uuid.uuid4().hex[:12]}"
    previous = app.conf.task_routes
    app.conf.task_routes = {"reports.tasks.*": {"queue": name}}
    app.amqp.flush_routes()
    app.amqp.router = app.amqp.Router()
    yield name
    app.conf.task_routes = previous
    app.amqp.flush_routes()
    app.amqp.router = app.amqp.Router()


@pytest.fixture
def celery_worker(private_queue, settings, tmp_path):
    """A `celery -A sefton_tracker worker` process consuming the private queue, against the test
    database. Stopped (warm shutdown, then killed if it hangs) when the test ends."""
    broker = reachable_broker()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sefton_tracker.settings",
        "DATABASE_URL": shared_database_url(),
        "CELERY_BROKER_URL": broker,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "VAR_DIR": str(tmp_path / "var"),
    }
    log_path = tmp_path / "worker.log"
    command = [
        sys.executable, "-m", "celery", "-A", "sefton_tracker", "worker",
        "--queues", private_queue, "--hostname", f"{private_queue}@%h",
        "--pool", "prefork", "--concurrency", "1",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
        "--loglevel", "INFO",
    ]  # fmt: skip
    with open(log_path, "wb") as log:
        worker = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        wait_for(lambda: b" ready." in log_path.read_bytes(), STARTUP_TIMEOUT, worker, log_path)
        yield Worker(worker, log_path)
    finally:
        stop(worker)


def wait_for(condition, timeout, worker, log_path):
    deadline = time.monotonic() + timeout
    while not condition():
        if worker.poll() is not None:
            pytest.fail(f"the worker exited ({worker.returncode}):\n{log_path.read_text()}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s; worker log:\n{log_path.read_text()}")
        time.sleep(0.2)


def stop(worker):
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)  # warm shutdown: finish the current task, then exit
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)  # the worker and its pool, nothing else
            worker.wait(timeout=10)


def test_a_real_worker_renders_the_sixth_visits_letter(celery_worker, sefton, officer, client):
    event = InspectionEvent.objects.get(authority=sefton, visit_number=6)
    client.force_login(officer)
    response = client.post(f"/reports/letters/{event.pk}/")
    report = Report.objects.get()
    assert response["Location"] == f"/reports/{report.pk}/"

    def finished():
        report.refresh_from_db()
        return not report.is_active

    wait_for(finished, RENDER_TIMEOUT, celery_worker.process, celery_worker.log_path)

    log = celery_worker.log_path.read_text()
    assert report.status == Report.Status.READY, f"{report.error_message}\n{log}"
    assert f"Task reports.tasks.render_report[{report.task_id}] succeeded" in log
    assert report.attempts == 1
    text = pdf_text(report.pdf.read())
    assert "Sixth monitoring visit" in text
    assert (
        "Children who need early help receive an effective and timely response from FAST." in text
    )

    download = client.get(f"/reports/{report.pk}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == report.pdf.open("rb").read()
