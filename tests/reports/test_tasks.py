"""Rendering tasks: idempotent, failures recorded with their error, transient errors retried."""

import datetime

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError
from django.utils import timezone

from reports import services, tasks
from reports.models import Report
from tests.support.factories import AreaReviewFactory, FindingFactory, LetterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued_letter():
    review = AreaReviewFactory()
    FindingFactory(event=review.event, area=review.area)
    return LetterFactory(event=review.event)


def media_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


def test_running_the_same_task_twice_makes_one_report_and_one_file(queued_letter, settings):
    first = tasks.render_report.delay(queued_letter.pk)
    second = tasks.render_report.delay(queued_letter.pk)
    assert (first.get(), second.get()) == ("ready", "skipped")
    assert Report.objects.count() == 1
    queued_letter.refresh_from_db()
    assert queued_letter.attempts == 1
    assert (
        media_files(settings)
        == [queued_letter.pdf.name.replace("/", "/", 1).__class__(queued_letter.pdf.name)]
        or len(media_files(settings)) == 1
    )


def test_a_report_that_is_ready_is_not_rendered_again(queued_letter):
    services.produce_report(queued_letter.pk)
    queued_letter.refresh_from_db()
    checksum, finished = queued_letter.sha256, queued_letter.finished_at
    assert services.produce_report(queued_letter.pk) is None
    queued_letter.refresh_from_db()
    assert (queued_letter.sha256, queued_letter.finished_at) == (checksum, finished)


def test_a_claim_by_another_live_task_is_respected(queued_letter):
    assert services.claim_report(queued_letter.pk, "task-a")
    assert not services.claim_report(queued_letter.pk, "task-b")
    # A redelivered message keeps its task id and may take over its own claim.
    assert services.claim_report(queued_letter.pk, "task-a")


def test_a_claim_left_by_a_dead_worker_can_be_taken_over(queued_letter):
    assert services.claim_report(queued_letter.pk, "task-a")
    Report.objects.filter(pk=queued_letter.pk).update(
        started_at=timezone.now() - services.STALE_CLAIM - datetime.timedelta(seconds=1)
    )
    assert services.claim_report(queued_letter.pk, "task-b")


def test_a_render_that_fails_is_recorded_as_failed_with_its_error(queued_letter, monkeypatch):
    def broken(report):
        raise ValueError("Template pdf/letter.html: unknown variable")

    monkeypatch.setattr(services, "render_report_pdf", broken)
    assert tasks.render_report.delay(queued_letter.pk).get() == "failed"
    queued_letter.refresh_from_db()
    assert queued_letter.status == Report.Status.FAILED
    assert queued_letter.error_message == "ValueError: Template pdf/letter.html: unknown variable"
    assert queued_letter.finished_at is not None
    assert not queued_letter.pdf


def test_a_failed_render_can_be_retried_and_then_succeeds(
    queued_letter, monkeypatch, django_capture_on_commit_callbacks
):
    real = services.render_report_pdf
    monkeypatch.setattr(
        services, "render_report_pdf", lambda report: (_ for _ in ()).throw(ValueError("boom"))
    )
    tasks.render_report.delay(queued_letter.pk)
    monkeypatch.setattr(services, "render_report_pdf", real)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.retry_report(queued_letter)
    queued_letter.refresh_from_db()
    assert queued_letter.status == Report.Status.READY
    assert queued_letter.error_message == ""
    assert queued_letter.attempts == 2
    assert queued_letter.pdf.read().startswith(b"%PDF-")


def test_only_a_failed_report_can_be_retried(queued_letter):
    assert not services.retry_report(queued_letter)
    queued_letter.refresh_from_db()
    assert queued_letter.status == Report.Status.QUEUED


@pytest.mark.usefixtures("retries_run_in_process")
def test_a_lost_database_connection_is_retried_with_backoff(queued_letter, monkeypatch):
    calls = []
    real = services.render_report_pdf

    def flaky(report):
        calls.append(report.pk)
        if len(calls) < 3:
            raise OperationalError("server closed the connection unexpectedly")
        return real(report)

    countdowns = []
    real_retry = tasks.render_report.retry

    def retry(*args, **kwargs):
        countdowns.append(kwargs["countdown"])
        return real_retry(*args, **kwargs)

    monkeypatch.setattr(services, "render_report_pdf", flaky)
    monkeypatch.setattr(tasks.render_report, "retry", retry)
    assert tasks.render_report.delay(queued_letter.pk).get() == "ready"
    assert len(calls) == 3
    assert 15 <= countdowns[0] < 21 and 30 <= countdowns[1] < 36
    queued_letter.refresh_from_db()
    assert queued_letter.status == Report.Status.READY


@pytest.mark.usefixtures("retries_run_in_process")
def test_after_the_last_retry_the_report_is_recorded_as_failed(queued_letter, monkeypatch):
    def down(report):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(services, "render_report_pdf", down)
    with pytest.raises(OperationalError):
        tasks.render_report.delay(queued_letter.pk).get()
    queued_letter.refresh_from_db()
    assert queued_letter.status == Report.Status.FAILED
    assert "Gave up after repeated errors" in queued_letter.error_message
    assert "could not connect to server" in queued_letter.error_message
    assert queued_letter.attempts == tasks.MAX_RETRIES + 1


def test_the_backoff_doubles_and_is_capped():
    assert 15 <= tasks.backoff(0) <= 20
    assert 60 <= tasks.backoff(2) <= 65
    assert 600 <= tasks.backoff(20) <= 605


def test_deleting_a_report_deletes_its_file(
    queued_letter, settings, django_capture_on_commit_callbacks
):
    services.produce_report(queued_letter.pk)
    assert media_files(settings)
    with django_capture_on_commit_callbacks(execute=True):
        queued_letter.event.delete()
    assert not Report.objects.exists()
    assert media_files(settings) == []


def test_a_render_stopped_by_its_time_limit_is_recorded_as_failed(queued_letter, monkeypatch):
    def too_slow(report):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(services, "render_report_pdf", too_slow)
    assert tasks.render_report.delay(queued_letter.pk).get() == "failed"
    queued_letter.refresh_from_db()
    assert queued_letter.error_message == (
        "The task took longer than its time limit and was stopped."
    )
