"""Reading a document happens on a worker, never in the web request: the page waits for it and
the API answers 202 with where to follow it. Here the queue is stood in for by a list, and the
worker's part is called by the test."""

import datetime

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.utils import timezone
from kombu.exceptions import OperationalError

from findings.importer import services, tasks
from findings.importer.models import ImportJob
from tests.support.importing import SIXTH_VISIT_LETTER, read

pytestmark = pytest.mark.django_db
START = "/import/"
DRAFTS = "/api/v1/import/drafts/"


@pytest.fixture
def queue(monkeypatch):
    """Jobs sent to the workers, in order; nothing is read until the test says so."""
    queued = []
    monkeypatch.setattr(tasks.read_import, "delay", queued.append)
    return queued


def work(queue):
    """What a worker does with each queued job."""
    while queue:
        tasks.read_import(queue.pop(0))


def test_the_page_answers_before_the_document_is_read_and_shows_the_draft_once_it_is(
    client, officer, sefton_before_the_visits, queue
):
    client.force_login(officer)
    response = client.post(START, {"text": read(SIXTH_VISIT_LETTER)})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/import/{job.token}/"
    assert job.status == ImportJob.Status.QUEUED
    assert queue == [job.pk]

    waiting = client.get(response["Location"])
    body = waiting.content.decode()
    assert waiting.status_code == 200
    assert "Reading the document" in body
    assert '<meta http-equiv="refresh" content="3">' in body

    work(queue)
    ready = client.get(response["Location"])
    assert ready.status_code == 302
    assert "/review/" in ready["Location"]
    review = client.get(ready["Location"]).content.decode()
    assert "Check the imported monitoring visit letter" in review
    assert not ImportJob.objects.exists()  # the draft now waits in the officer's session


def test_a_document_that_cannot_be_read_is_shown_on_the_form_with_the_text_kept(
    client, officer, sefton_before_the_visits, queue
):
    client.force_login(officer)
    response = client.post(START, {"text": "Shopping: milk."})
    work(queue)
    page = client.get(response["Location"]).content.decode()
    assert "does not look like an Ofsted monitoring visit" in page
    assert "Shopping: milk." in page  # what was pasted is not lost


def test_the_api_answers_202_and_the_draft_follows(api, officer, sefton_before_the_visits, queue):
    api.force_authenticate(officer)
    response = api.post(DRAFTS, {"text": read(SIXTH_VISIT_LETTER)}, format="json")
    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    assert response.json()["draft"] is None
    assert api.get(response["Location"]).json()["status"] == "queued"
    work(queue)
    reading = api.get(response["Location"]).json()
    assert reading["status"] == "ready"
    assert reading["draft"]["event"]["visit_number"] == 6


def test_a_reading_is_only_for_the_officer_who_sent_it(
    api, client, officer, administrator, sefton_before_the_visits, queue
):
    api.force_authenticate(officer)
    location = api.post(DRAFTS, {"text": read(SIXTH_VISIT_LETTER)}, format="json")["Location"]
    api.force_authenticate(administrator)
    assert api.get(location).status_code == 404
    client.force_login(administrator)
    job = ImportJob.objects.get()
    assert client.get(f"/import/{job.token}/")["Location"] == "/import/"


def test_a_queue_that_cannot_be_reached_fails_the_reading_saying_try_again(
    client, officer, sefton_before_the_visits, monkeypatch
):
    def broker_down(job_id):
        raise OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    monkeypatch.setattr(tasks.read_import, "delay", broker_down)
    client.force_login(officer)
    page = client.post(START, {"text": read(SIXTH_VISIT_LETTER)})
    assert page.status_code == 200
    assert "the task queue cannot be reached. Try again shortly." in page.content.decode()
    assert not ImportJob.objects.exists()


def test_a_reading_stopped_by_its_time_limit_fails_saying_so(
    client, officer, sefton_before_the_visits, queue, monkeypatch
):
    def too_slow(job_id):
        raise SoftTimeLimitExceeded()

    client.force_login(officer)
    response = client.post(START, {"text": read(SIXTH_VISIT_LETTER)})
    monkeypatch.setattr(services, "read_import", too_slow)
    assert tasks.read_import(queue.pop()) == "failed"
    page = client.get(response["Location"]).content.decode()
    assert "Reading the document took too long, so it was stopped." in page


def test_a_reading_abandoned_by_its_worker_is_seen_as_failed(
    api, officer, sefton_before_the_visits, queue
):
    api.force_authenticate(officer)
    location = api.post(DRAFTS, {"text": read(SIXTH_VISIT_LETTER)}, format="json")["Location"]
    # The worker claimed it, then was killed: nothing will ever finish it.
    ImportJob.objects.update(
        status=ImportJob.Status.READING,
        created_at=timezone.now() - datetime.timedelta(hours=1),
    )
    reading = api.get(location).json()
    assert reading["status"] == "failed"
    assert "took too long" in reading["errors"]["file"][0]


def test_a_job_delivered_twice_is_read_once(officer, sefton_before_the_visits, queue):
    job = services.start_import(user=officer, text=read(SIXTH_VISIT_LETTER))
    assert services.read_import(job.pk).status == ImportJob.Status.READY
    assert services.read_import(job.pk) is None
    assert tasks.read_import(job.pk) == "skipped"


def test_an_uploaded_file_is_not_kept_once_read(officer, sefton_before_the_visits, queue):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.support.importing import pdf_of

    upload = SimpleUploadedFile("letter.pdf", pdf_of(read(SIXTH_VISIT_LETTER)))
    job = services.start_import(user=officer, upload=upload)
    assert bytes(ImportJob.objects.get(pk=job.pk).document).startswith(b"%PDF-")
    work(queue)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY
    assert bytes(job.document) == b""
