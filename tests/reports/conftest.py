"""Fixtures shared by the reports' tests."""

import uuid

import pytest

from sefton_tracker.celery import app
from tests.support.smtp import Inbox, smtp_server, use_smtp
from tests.support.worker import reachable_broker, shared_database_url, start_worker
from visits.models import InspectionEvent


@pytest.fixture
def sixth_visit(sefton):
    return InspectionEvent.objects.get(authority=sefton, visit_number=6)


@pytest.fixture
def inbox(settings):
    """A real SMTP server (aiosmtpd) that this process's email goes to."""
    handler = Inbox()
    with smtp_server(handler) as port:
        use_smtp(settings, port)
        handler.port = port
        yield handler


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
def start_celery_worker(private_queue, settings, tmp_path):
    """Starts `celery -A sefton_tracker worker` processes on the private queue, against the test
    database and media folder, with any extra environment variables given; each is stopped (warm
    shutdown, then killed if it hangs) when the test ends."""
    broker = reachable_broker()
    base_env = {
        "DJANGO_SETTINGS_MODULE": "sefton_tracker.settings",
        "DATABASE_URL": shared_database_url(),
        "CELERY_BROKER_URL": broker,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "VAR_DIR": str(tmp_path / "var"),
    }
    started = []

    def start(**env):
        log_path = tmp_path / f"worker-{len(started) + 1}.log"
        worker = start_worker(private_queue, log_path, {**base_env, **env})
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def celery_worker(start_celery_worker):
    return start_celery_worker()
