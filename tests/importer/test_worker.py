"""On the real stack: an upload is read by a real Celery worker (started here) off the Redis
broker, never by the web request; a crafted PDF is refused there, and the page then says why.

Needs CELERY_BROKER_URL naming a reachable Redis and PostgreSQL (the worker shares the test
database); otherwise it skips, which REQUIRE_SERVICES=1 (CI) turns into a failure."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from findings.importer.models import ImportJob
from sefton_tracker.celery import app
from tests.support.importing import SIXTH_VISIT_LETTER, crafted_pdf, pdf_of, read
from tests.support.worker import reachable_broker, shared_database_url, start_worker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
READ_TIMEOUT = 60


@pytest.fixture
def import_worker(settings, tmp_path):
    """A worker on a queue of its own for this process's import tasks."""
    queue = f"import-test-{uuid.uuid4().hex[:12]}"
    broker = reachable_broker()
    previous = app.conf.task_routes
    app.conf.task_routes = {"findings.importer.tasks.*": {"queue": queue}}
    app.amqp.flush_routes()
    app.amqp.router = app.amqp.Router()
    worker = start_worker(
        queue,
        tmp_path / "worker.log",
        {
            "DJANGO_SETTINGS_MODULE": "sefton_tracker.settings",
            "DATABASE_URL": shared_database_url(),
            "CELERY_BROKER_URL": broker,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "VAR_DIR": str(tmp_path / "var"),
        },
    )
    try:
        yield worker
    finally:
        worker.stop()
        app.conf.task_routes = previous
        app.amqp.flush_routes()
        app.amqp.router = app.amqp.Router()


def upload(client, name, data):
    return client.post("/import/", {"file": SimpleUploadedFile(name, data)})


def test_a_real_worker_reads_an_uploaded_letter_and_the_page_then_shows_the_draft(
    import_worker, client, officer, sefton_before_the_visits
):
    client.force_login(officer)
    response = upload(client, "letter.pdf", pdf_of(read(SIXTH_VISIT_LETTER)))
    job = ImportJob.objects.get()
    assert response["Location"] == f"/import/{job.token}/"

    def read_by_the_worker():
        job.refresh_from_db()
        return job.finished

    import_worker.wait_for(read_by_the_worker, READ_TIMEOUT)
    assert job.status == ImportJob.Status.READY, job.error
    assert "findings.importer.tasks.read_import" in import_worker.log
    page = client.get(response["Location"])
    assert "/review/" in page["Location"]
    assert (
        "Check the imported monitoring visit letter"
        in client.get(page["Location"]).content.decode()
    )


def test_four_crafted_pdfs_at_once_are_refused_by_the_worker_not_the_web_server(
    import_worker, client, officer, sefton_before_the_visits
):
    client.force_login(officer)
    crafted = crafted_pdf(pages=40, megabytes_a_page=5)
    locations = [upload(client, f"crafted-{n}.pdf", crafted)["Location"] for n in range(4)]
    # Each answered at once, on to the page that waits for the worker.
    tokens = ImportJob.objects.values_list("token", flat=True)
    assert sorted(locations) == sorted(f"/import/{token}/" for token in tokens)
    assert len(locations) == 4

    import_worker.wait_for(
        lambda: ImportJob.objects.filter(status=ImportJob.Status.FAILED).count() == 4, READ_TIMEOUT
    )
    page = client.get(locations[0]).content.decode()
    assert "holds far more page content than a letter or report" in page
