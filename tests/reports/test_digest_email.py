"""Scheduled digests reach a real SMTP server (aiosmtpd, started here) with the PDF attached, once
per recipient however often the schedule runs; a failed send is retried and its failure visible."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from reports import services, tasks
from reports.models import Cadence, Delivery, Report
from reports.periods import Period
from tests.support.factories import DigestSubscriptionFactory
from tests.support.pdf_text import pdf_text
from tests.support.smtp import free_port, use_smtp

pytestmark = pytest.mark.django_db

AUGUST_1ST = "2024-08-01"


@pytest.fixture
def subscribers(sefton):
    return [
        DigestSubscriptionFactory(
            authority=sefton, name="Cllr Ada Ainsdale", email="ada@example.org"
        ),
        DigestSubscriptionFactory(
            authority=sefton, name="Cllr Ben Bootle", email="Ben@Example.org"
        ),
        DigestSubscriptionFactory(
            authority=sefton,
            name="Cllr Cath Crosby",
            email="cath@example.org",
            cadence=Cadence.QUARTERLY,
        ),
        DigestSubscriptionFactory(
            authority=sefton, name="Cllr Dee Formby", email="dee@example.org", active=False
        ),
    ]


def run_schedule(django_capture_on_commit_callbacks, today=AUGUST_1ST):
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_due_digests.delay(today=today)


def test_the_digest_reaches_the_inbox_with_the_pdf_attached(
    inbox, subscribers, django_capture_on_commit_callbacks
):
    run_schedule(django_capture_on_commit_callbacks)

    [message] = inbox.to("ada@example.org")
    assert message["Subject"] == "Sefton children's services improvement: Monthly digest: July 2024"
    assert "Cllr Ada Ainsdale" in message["To"]
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "monthly digest for July 2024" in body
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "sefton-monthly-digest-2024-07.pdf"
    text = pdf_text(attachment.get_content())
    assert "Monthly digest: July 2024" in text
    assert "Changes since the previous digest" in text


def test_each_cadence_gets_its_own_period(inbox, subscribers, django_capture_on_commit_callbacks):
    run_schedule(django_capture_on_commit_callbacks)
    [quarterly] = inbox.to("cath@example.org")
    assert quarterly["Subject"].endswith("Quarterly digest: April to June 2024")
    assert inbox.to("dee@example.org") == []  # not active


def test_running_the_schedule_twice_sends_one_email_per_recipient(
    inbox, subscribers, django_capture_on_commit_callbacks
):
    run_schedule(django_capture_on_commit_callbacks)
    run_schedule(django_capture_on_commit_callbacks)
    recipients = sorted(m["To"].addresses[0].addr_spec for m in inbox.messages)
    assert recipients == ["ada@example.org", "ben@example.org", "cath@example.org"]
    # One monthly digest shared by both monthly subscribers, one quarterly: rendered once each.
    assert Report.objects.filter(kind=Report.Kind.DIGEST).count() == 2
    assert set(Report.objects.values_list("attempts", flat=True)) == {1}
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 3


def test_a_duplicated_delivery_task_sends_once(
    inbox, subscribers, django_capture_on_commit_callbacks
):
    run_schedule(django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(email="ada@example.org")
    assert tasks.deliver_report.delay(delivery.pk).get() == "skipped"
    assert services.deliver(delivery.pk) is None
    assert len(inbox.to("ada@example.org")) == 1


def test_a_delivery_is_recorded_once_per_report_and_recipient(subscribers):
    period_report = services.digest_for(
        subscribers[0], Period.last_completed(Cadence.MONTHLY, datetime.date(2024, 8, 1))
    )
    Delivery.objects.create(report=period_report, name="A", email="ada@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(report=period_report, name="A again", email="ADA@example.org")


@pytest.mark.usefixtures("retries_run_in_process")
def test_a_refused_send_is_retried_and_then_delivered(
    inbox, subscribers, django_capture_on_commit_callbacks
):
    inbox.refuse_next = 1
    subscribers[1].delete()
    subscribers[2].delete()
    run_schedule(django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(email="ada@example.org")
    assert delivery.status == Delivery.Status.SENT
    assert delivery.attempts == 2
    assert delivery.last_error == ""
    assert len(inbox.to("ada@example.org")) == 1


@pytest.mark.usefixtures("retries_run_in_process")
def test_a_send_that_keeps_failing_is_recorded_and_shown_in_the_admin(
    settings, subscribers, administrator, client, django_capture_on_commit_callbacks
):
    use_smtp(settings, free_port())  # nothing listens there
    subscribers[1].delete()
    subscribers[2].delete()
    run_schedule(django_capture_on_commit_callbacks)

    delivery = Delivery.objects.get(email="ada@example.org")
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == tasks.MAX_RETRIES + 1
    assert "ConnectionRefusedError" in delivery.last_error

    client.force_login(administrator)
    page = client.get("/admin/reports/delivery/?status__exact=failed").content.decode()
    assert "ada@example.org" in page and "ConnectionRefusedError" in page


def test_a_failed_delivery_can_be_sent_again_from_the_admin(
    inbox, subscribers, administrator, client, django_capture_on_commit_callbacks
):
    run_schedule(django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(email="ada@example.org")
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.FAILED, last_error="451")
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/reports/delivery/",
            {"action": "send_again", "_selected_action": [delivery.pk]},
        )
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert len(inbox.to("ada@example.org")) == 2  # the first, then the one sent again
