"""Who a digest comes from, and where replies go, are settings: DIGEST_FROM_EMAIL (by default
DEFAULT_FROM_EMAIL), DIGEST_REPLY_TO and DIGEST_CONTACT. Without a reply-to address nobody reads,
the email says replies are not read and names who to contact instead."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.files.base import ContentFile

from reports.emails import send_digest_email
from reports.models import Delivery, Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivery(sefton):
    report = Report.objects.create(
        kind=Report.Kind.DIGEST,
        title="Monthly digest: July 2024",
        authority=sefton,
        period_start=datetime.date(2024, 7, 1),
        period_end=datetime.date(2024, 7, 31),
        status=Report.Status.READY,
        page_count=3,
    )
    report.pdf.save(report.storage_name, ContentFile(b"%PDF-1.7\n"))
    return Delivery.objects.create(report=report, name="Cllr Ada Ainsdale", email="ada@example.org")


def bodies(message):
    return message.body, message.alternatives[0][0]


def test_the_settings_default_to_the_site_sender_and_no_reply_to():
    assert django_settings.DIGEST_FROM_EMAIL == django_settings.DEFAULT_FROM_EMAIL
    assert django_settings.DIGEST_REPLY_TO == ""


def test_the_sender_is_a_setting(settings, delivery):
    settings.DIGEST_FROM_EMAIL = "Sefton improvement board <improvement-board@sefton.example>"
    send_digest_email(delivery)
    [message] = mail.outbox
    assert message.from_email == "Sefton improvement board <improvement-board@sefton.example>"


def test_without_a_reply_to_the_email_says_replies_are_not_read_and_who_to_contact(
    settings, delivery
):
    settings.DIGEST_REPLY_TO = ""
    settings.DIGEST_CONTACT = "Jo Bloggs, improvement programme manager, on 0151 934 0000"
    send_digest_email(delivery)
    [message] = mail.outbox
    assert message.reply_to == []
    for body in bodies(message):
        assert "Replies to this email are not read." in body
        assert "contact Jo Bloggs, improvement programme manager, on 0151 934 0000" in body
        assert "reply to this email" not in body.lower()


def test_without_a_contact_the_email_names_the_council(settings, delivery):
    settings.DIGEST_REPLY_TO = ""
    settings.DIGEST_CONTACT = ""
    send_digest_email(delivery)
    text, _ = bodies(mail.outbox[0])
    assert "Replies to this email are not read." in text
    assert "contact Sefton Council's children's services improvement team" in text


def test_with_a_reply_to_replies_go_there(settings, delivery):
    settings.DIGEST_REPLY_TO = "improvement@sefton.example"
    send_digest_email(delivery)
    [message] = mail.outbox
    assert message.reply_to == ["improvement@sefton.example"]
    for body in bodies(message):
        assert "not read" not in body
        assert "reply to this email" in body
