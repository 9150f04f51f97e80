"""The task queue (the broker) cannot be reached when a report is requested: nothing is left queued
with no task behind it. The report is recorded as failed, with why, and can be tried again; the page
and the API answer 503 "try again shortly", never a 500.

Tasks are queued once the request's transaction has committed, so these tests commit for real
(transactional tests) and point Celery at a port where nothing listens."""

import datetime

import pytest
from django.utils import timezone

from reports import services
from reports.models import Delivery, Report
from sefton_tracker.celery import app
from tests.support.factories import DigestSubscriptionFactory, LetterFactory

pytestmark = pytest.mark.django_db(transaction=True)

REPORTS = "/api/v1/reports/"
CLOSED_PORT = "redis://127.0.0.1:1/0"


def _publish_to(url):
    # Tasks are published to broker_write_url when it is set (CELERY_BROKER_URL, from the
    # environment, would override broker_url); connections are pooled: start afresh.
    app.conf.broker_write_url = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def queue_down():
    """Tasks go to a broker that refuses connections, as when Redis is down."""
    previous = app.conf.task_always_eager, app.conf.get("broker_write_url")
    app.conf.task_always_eager = False
    _publish_to(CLOSED_PORT)
    yield
    app.conf.task_always_eager = previous[0]
    _publish_to(previous[1])


@pytest.fixture
def queue_back(queue_down):
    """Call to have the queue work again (in-process, as in the other tests)."""

    def back():
        app.conf.task_always_eager = True

    return back


def test_a_letter_requested_while_the_queue_is_down_is_503_and_can_be_tried_again(
    client, officer, sixth_visit, queue_back
):
    client.force_login(officer)
    response = client.post(f"/reports/letters/{sixth_visit.pk}/")

    assert response.status_code == 503
    assert response["Retry-After"]
    page = response.content.decode()
    assert "The task queue could not be reached: try again shortly." in page
    report = Report.objects.get()
    assert report.status == Report.Status.FAILED  # not queued with no task behind it
    assert report.error_message == services.QUEUE_UNAVAILABLE
    assert f"/reports/{report.pk}/retry/" in page

    # While the queue is still down, trying again says so and changes nothing.
    again = client.post(f"/reports/{report.pk}/retry/", follow=True)
    assert "The task queue could not be reached: try again shortly." in again.content.decode()
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED

    queue_back()
    client.post(f"/reports/{report.pk}/retry/")
    report.refresh_from_db()
    assert report.status == Report.Status.READY
    assert Report.objects.count() == 1


def test_asking_again_after_the_queue_was_down_requests_a_new_letter(
    client, officer, sixth_visit, queue_back
):
    client.force_login(officer)
    assert client.post(f"/reports/letters/{sixth_visit.pk}/").status_code == 503
    queue_back()
    response = client.post(f"/reports/letters/{sixth_visit.pk}/", follow=True)
    # Rendered in-process before the page answered: the message says so, as the page does.
    assert "the progress letter is ready to download" in response.content.decode()
    assert sorted(Report.objects.values_list("status", flat=True)) == ["failed", "ready"]


def test_the_api_answers_503_try_again_shortly(api, officer, sixth_visit, queue_down):
    api.force_authenticate(officer)
    response = api.post(REPORTS, {"event": sixth_visit.pk}, format="json")
    assert response.status_code == 503
    assert response.json() == {"detail": "The task queue could not be reached: try again shortly."}
    assert response["Retry-After"]
    report = Report.objects.get()
    assert report.status == Report.Status.FAILED
    assert api.get(f"{REPORTS}{report.pk}/").json()["error_message"] == services.QUEUE_UNAVAILABLE


def test_the_daily_schedule_records_what_it_could_not_queue(sefton, queue_down):
    DigestSubscriptionFactory(authority=sefton)
    assert services.schedule_due_digests(datetime.date(2024, 8, 1)) == 1
    digest = Report.objects.get()
    assert digest.status == Report.Status.FAILED
    assert digest.error_message == services.QUEUE_UNAVAILABLE
    # The next run tries the failed digest again (see test_digest_schedule); the delivery waits.
    assert Delivery.objects.get().status == Delivery.Status.PENDING


def test_recovery_while_the_queue_is_down_records_it_and_carries_on(sixth_visit, queue_down):
    abandoned, lost = (
        LetterFactory(event=sixth_visit),
        LetterFactory(event=sixth_visit.authority.events.exclude(pk=sixth_visit.pk).first()),
    )
    assert services.claim_report(abandoned.pk, "dead-task")
    long_ago = timezone.now() - services.STALE_CLAIM - datetime.timedelta(seconds=1)
    Report.objects.filter(pk=abandoned.pk).update(started_at=long_ago)
    Report.objects.filter(pk=lost.pk).update(queued_at=long_ago)

    assert services.recover_stuck_work()["reports_queued_again"] == 0

    for report in (abandoned, lost):
        report.refresh_from_db()
        assert (report.status, report.error_message) == ("failed", services.QUEUE_UNAVAILABLE)
