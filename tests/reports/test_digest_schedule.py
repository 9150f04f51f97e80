"""The daily schedule (celery beat, editable in the admin) and the subscriptions it serves."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django_celery_beat.models import PeriodicTask

from findings.models import AreaOfConcern, Theme
from reports import services
from reports.models import Cadence, Delivery, DigestSubscription, Report
from sefton_tracker.celery import app
from tests.support.factories import AreaOfConcernFactory, DigestSubscriptionFactory

pytestmark = pytest.mark.django_db

AUGUST_1ST = datetime.date(2024, 8, 1)


def test_a_migration_creates_the_daily_send_due_digests_task():
    task = PeriodicTask.objects.get(name="Send due digests")
    assert task.enabled
    assert task.task == "reports.tasks.send_due_digests"
    assert (task.crontab.minute, task.crontab.hour, task.crontab.day_of_month) == ("0", "7", "*")
    assert str(task.crontab.timezone) == "Europe/London"
    app.loader.import_default_modules()
    assert task.task in app.tasks


def test_beat_reads_its_schedule_from_the_database():
    assert settings.CELERY_BEAT_SCHEDULER == "django_celery_beat.schedulers:DatabaseScheduler"


def test_a_subscription_limited_to_an_area_gets_a_digest_of_that_area(
    sefton, django_capture_on_commit_callbacks
):
    area = AreaOfConcern.objects.get(authority=sefton, title__icontains="allegations")
    DigestSubscriptionFactory(authority=sefton, area=area)
    DigestSubscriptionFactory(authority=sefton, theme=Theme.LEADERSHIP)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.schedule_due_digests(AUGUST_1ST) == 2
    by_area = Report.objects.get(area=area)
    assert by_area.title == (
        "Monthly digest: July 2024 (Area of concern: Response to allegations against professionals)"
    )
    assert by_area.status == Report.Status.READY
    assert Report.objects.get(theme=Theme.LEADERSHIP).download_name == (
        "sefton-monthly-digest-2024-07-leadership.pdf"
    )


def test_nothing_new_is_due_until_the_next_period(sefton, django_capture_on_commit_callbacks):
    DigestSubscriptionFactory(authority=sefton)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.schedule_due_digests(AUGUST_1ST) == 1
        assert services.schedule_due_digests(datetime.date(2024, 8, 31)) == 0
        assert services.schedule_due_digests(datetime.date(2024, 9, 1)) == 1
    assert sorted(Report.objects.values_list("period_start", flat=True)) == [
        datetime.date(2024, 7, 1),
        datetime.date(2024, 8, 1),
    ]


def test_a_digest_that_failed_to_render_is_tried_again_the_next_day(
    sefton, monkeypatch, django_capture_on_commit_callbacks
):
    DigestSubscriptionFactory(authority=sefton, email="ada@example.org")
    real = services.render_report_pdf
    monkeypatch.setattr(
        services, "render_report_pdf", lambda r: (_ for _ in ()).throw(RuntimeError("no fonts"))
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_due_digests(AUGUST_1ST)
    report = Report.objects.get()
    assert (report.status, report.error_message) == ("failed", "RuntimeError: no fonts")
    assert Delivery.objects.get().status == Delivery.Status.PENDING

    monkeypatch.setattr(services, "render_report_pdf", real)
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_due_digests(AUGUST_1ST + datetime.timedelta(days=1))
    report.refresh_from_db()
    assert report.status == Report.Status.READY
    assert Delivery.objects.get().status == Delivery.Status.SENT


def test_a_subscription_may_not_name_both_a_theme_and_an_area(sefton):
    area = AreaOfConcern.objects.filter(authority=sefton).first()
    subscription = DigestSubscription(
        name="Cllr", email="c@example.org", authority=sefton, theme=Theme.LEADERSHIP, area=area
    )
    with pytest.raises(ValidationError) as error:
        subscription.full_clean()
    assert error.value.message_dict["area"] == ["Choose a theme or an area, not both."]


def test_a_subscription_area_must_be_of_its_authority(sefton):
    elsewhere = AreaOfConcernFactory()
    subscription = DigestSubscription(
        name="Cllr", email="c@example.org", authority=sefton, area=elsewhere
    )
    with pytest.raises(ValidationError) as error:
        subscription.full_clean()
    assert error.value.message_dict["area"] == [
        "Choose an area of concern of the same local authority."
    ]


def test_an_inactive_subscription_gets_nothing(sefton):
    DigestSubscriptionFactory(authority=sefton, active=False, cadence=Cadence.QUARTERLY)
    assert services.schedule_due_digests(AUGUST_1ST) == 0
    assert not Report.objects.exists()
