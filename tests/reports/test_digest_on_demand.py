"""Digests on demand: an administrator previews the digest of any month, quarter or dates (optionally
of one theme or area), from the app, without emailing anyone, then sends it now to chosen
recipients, through the same reports and deliveries as the schedule (each recipient gets it once).
A digest of a period without events says so in one line and still gives the position."""

import datetime

import pytest
from django.core import mail

from findings.models import AreaOfConcern, Theme
from reports import services
from reports.digests import digest_context
from reports.models import Cadence, Delivery, Report
from reports.periods import Period
from reports.rendering import render_pdf
from tests.support.factories import DigestSubscriptionFactory, ImprovementActionFactory
from tests.support.pdf_text import pdf_text

pytestmark = pytest.mark.django_db

D = datetime.date
NEW = "/reports/digests/new/"
JUNE_2024 = Period(Cadence.MONTHLY, D(2024, 6, 1), D(2024, 6, 30))


def overdue(sefton, title, due):
    area = AreaOfConcern.objects.get(authority=sefton, title__icontains="allegations")
    action = ImprovementActionFactory(area=area, title=title, lead_name="LADO manager")
    type(action).objects.filter(pk=action.pk).update(due_date=due)
    return action


@pytest.fixture
def subscribers(sefton):
    return [
        DigestSubscriptionFactory(
            authority=sefton, name="Cllr Ada Ainsdale", email="ada@example.org"
        ),
        DigestSubscriptionFactory(
            authority=sefton, name="Cllr Ben Bootle", email="ben@example.org"
        ),
        DigestSubscriptionFactory(
            authority=sefton,
            name="Cllr Cath Crosby",
            email="cath@example.org",
            theme=Theme.LEADERSHIP,
        ),
        DigestSubscriptionFactory(
            authority=sefton, name="Cllr Dee Formby", email="dee@example.org", active=False
        ),
    ]


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def preview(client, callbacks, **data):
    with callbacks(execute=True):
        return client.post(NEW, data)


# A period without events -------------------------------------------------------------------------


def test_a_digest_of_a_period_without_events_says_so_in_one_line_and_gives_the_position(sefton):
    overdue(sefton, "Tell the LADO about every investigation decision", D(2024, 6, 10))
    rendered = render_pdf("pdf/digest.html", digest_context(sefton.pk, JUNE_2024))
    text = pdf_text(rendered.data)
    assert "No inspections or visits were reported in June 2024." in text
    # The position all the same: each area's latest rating, and the overdue actions.
    assert "Position at 30 June 2024" in text
    assert "RAG summary" in text and "Response to allegations against professionals" in text
    assert "Tell the LADO about every investigation decision" in text
    # Not a page of noughts and empty sections.
    for nothing in (
        "0 inspection events",
        "0 new ratings",
        "Changes since the previous digest",
        "New findings in the period",
        "so there are no new findings",
    ):
        assert nothing not in text, nothing


def test_a_digest_with_events_still_has_every_section(sefton):
    july = Period(Cadence.MONTHLY, D(2024, 7, 1), D(2024, 7, 31))
    text = pdf_text(render_pdf("pdf/digest.html", digest_context(sefton.pk, july)).data)
    assert "No inspections or visits were reported" not in text
    for section in ("Changes since the previous digest", "New findings in the period"):
        assert section in text


# Any dates ---------------------------------------------------------------------------------------


def test_a_period_of_other_dates_is_named_by_its_dates():
    period = Period.from_dates(D(2024, 7, 10), D(2024, 8, 5))
    assert period.cadence == "custom"
    assert period.label == "10 July to 5 August 2024"
    assert Period.from_dates(D(2023, 12, 1), D(2024, 1, 15)).label == (
        "1 December 2023 to 15 January 2024"
    )
    assert Period.from_dates(D(2024, 3, 1), D(2024, 3, 15)).label == "1 to 15 March 2024"
    # "Changes since the previous digest" are those since the day before it began.
    assert period.previous().end == D(2024, 7, 9)
    # Whole months and quarters are still read back as such.
    assert Period.from_dates(D(2024, 7, 1), D(2024, 7, 31)).cadence == Cadence.MONTHLY
    assert Period.from_dates(D(2024, 4, 1), D(2024, 6, 30)).cadence == Cadence.QUARTERLY
    assert Period.from_dates(D(2024, 5, 1), D(2024, 7, 31)).cadence == "custom"


# The page ----------------------------------------------------------------------------------------


def test_the_reports_page_offers_administrators_to_prepare_a_digest(client, administrator, officer):
    client.force_login(administrator)
    assert f'href="{NEW}"' in client.get("/reports/").content.decode()
    client.force_login(officer)
    assert f'href="{NEW}"' not in client.get("/reports/").content.decode()


def test_the_page_offers_months_quarters_dates_and_scopes(admin_client, sefton):
    content = admin_client.get(NEW).content.decode()
    assert '<option value="2024-07">July 2024</option>' in content
    assert '<option value="2024-Q2">April to June 2024</option>' in content
    assert 'name="start_date_day"' in content and 'name="end_date_year"' in content
    assert '<option value="theme:leadership">' in content
    area = AreaOfConcern.objects.filter(authority=sefton).first()
    assert f'<option value="area:{area.pk}">' in content


def test_previewing_a_month_renders_the_digest_and_emails_nobody(
    admin_client, administrator, sefton, subscribers, django_capture_on_commit_callbacks
):
    response = preview(
        admin_client, django_capture_on_commit_callbacks, period="month", month="2024-06", scope=""
    )
    report = Report.objects.get(kind=Report.Kind.DIGEST)
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert (report.period_start, report.period_end) == (D(2024, 6, 1), D(2024, 6, 30))
    assert report.title == "Monthly digest: June 2024"
    assert report.status == Report.Status.READY and report.requested_by == administrator
    assert not Delivery.objects.exists() and mail.outbox == []
    text = pdf_text(report.pdf.open("rb").read())
    assert "No inspections or visits were reported in June 2024." in text

    page = admin_client.get(report.get_absolute_url()).content.decode()
    assert "Nothing has been emailed" in page
    assert "Send this digest now" in page
    for subscriber in subscribers[:3]:
        assert f'value="{subscriber.pk}"' in page
    assert f'value="{subscribers[3].pk}"' not in page  # not active


def test_previewing_a_quarter_of_one_theme(
    admin_client, sefton, django_capture_on_commit_callbacks
):
    preview(
        admin_client,
        django_capture_on_commit_callbacks,
        period="quarter",
        quarter="2024-Q3",
        scope="theme:leadership",
    )
    report = Report.objects.get(kind=Report.Kind.DIGEST)
    assert (report.period_start, report.period_end) == (D(2024, 7, 1), D(2024, 9, 30))
    assert report.theme == Theme.LEADERSHIP
    assert (
        report.title
        == "Quarterly digest: July to September 2024 (Theme: Leadership and governance)"
    )


def test_previewing_other_dates(admin_client, sefton, django_capture_on_commit_callbacks):
    preview(
        admin_client,
        django_capture_on_commit_callbacks,
        period="dates",
        start_date_day="10",
        start_date_month="7",
        start_date_year="2024",
        end_date_day="5",
        end_date_month="8",
        end_date_year="2024",
        scope="",
    )
    report = Report.objects.get(kind=Report.Kind.DIGEST)
    assert (report.period_start, report.period_end) == (D(2024, 7, 10), D(2024, 8, 5))
    assert report.title == "Digest: 10 July to 5 August 2024"
    assert report.download_name == "sefton-digest-2024-07-10-to-2024-08-05.pdf"
    text = pdf_text(report.pdf.open("rb").read())
    assert "Sixth monitoring visit" in text  # its letter of 25 July is in the period


@pytest.mark.parametrize(
    "data,message",
    [
        ({}, "Choose the period the digest covers"),
        ({"period": "month", "month": ""}, "Choose a month"),
        (
            {
                "period": "dates",
                "start_date_day": "5",
                "start_date_month": "8",
                "start_date_year": "2024",
                "end_date_day": "10",
                "end_date_month": "7",
                "end_date_year": "2024",
            },
            "The end date must be the same as or after the start date",
        ),
        ({"period": "dates"}, "Enter the start date"),
    ],
)
def test_a_period_that_is_not_clear_is_asked_again(admin_client, sefton, data, message):
    response = admin_client.post(NEW, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content and message in content
    assert not Report.objects.exists()


def test_dates_typed_before_choosing_a_month_are_not_held_against_it(
    admin_client, sefton, django_capture_on_commit_callbacks
):
    response = preview(
        admin_client,
        django_capture_on_commit_callbacks,
        period="month",
        month="2024-06",
        start_date_day="31",
        start_date_month="2",
        start_date_year="24",
    )
    assert response.status_code == 302
    assert Report.objects.get().period_start == D(2024, 6, 1)


def test_previewing_again_renders_the_digest_afresh_until_it_is_sent(
    admin_client, sefton, subscribers, django_capture_on_commit_callbacks
):
    preview(admin_client, django_capture_on_commit_callbacks, period="month", month="2024-06")
    report = Report.objects.get(kind=Report.Kind.DIGEST)
    overdue(sefton, "Audit every strategy discussion", D(2024, 6, 20))
    preview(admin_client, django_capture_on_commit_callbacks, period="month", month="2024-06")
    report.refresh_from_db()
    assert "Audit every strategy discussion" in pdf_text(report.pdf.open("rb").read())

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/reports/{report.pk}/send/", {"recipients": [subscribers[0].pk]})
    sent = report.sha256
    overdue(sefton, "Another action, after the digest was sent", D(2024, 6, 21))
    preview(admin_client, django_capture_on_commit_callbacks, period="month", month="2024-06")
    report.refresh_from_db()
    assert report.sha256 == sent  # what was sent is kept as it was sent


# Sending now -------------------------------------------------------------------------------------


def test_sending_now_emails_the_chosen_recipients_once_each(
    admin_client, sefton, subscribers, django_capture_on_commit_callbacks
):
    preview(admin_client, django_capture_on_commit_callbacks, period="month", month="2024-07")
    report = Report.objects.get(kind=Report.Kind.DIGEST)
    url = f"/reports/{report.pk}/send/"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"recipients": [subscribers[0].pk, subscribers[2].pk]})
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "Cllr Ada Ainsdale <ada@example.org>",
        "Cllr Cath Crosby <cath@example.org>",
    ]
    assert mail.outbox[0].attachments[0][0] == "sefton-monthly-digest-2024-07.pdf"
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}
    page = admin_client.get(report.get_absolute_url()).content.decode()
    assert "Sent to 2 recipients." in page or "being sent to 2 recipients" in page

    # At most once: Ada is not sent it again; Ben is.
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url, {"recipients": [subscribers[0].pk, subscribers[1].pk]}, follow=True
        )
    assert len(mail.outbox) == 3 and mail.outbox[2].to == ["Cllr Ben Bootle <ben@example.org>"]
    assert "Not sent again to ada@example.org" in response.content.decode()


def test_sending_needs_a_recipient(
    admin_client, sefton, subscribers, django_capture_on_commit_callbacks
):
    preview(admin_client, django_capture_on_commit_callbacks, period="month", month="2024-07")
    report = Report.objects.get(kind=Report.Kind.DIGEST)
    response = admin_client.post(f"/reports/{report.pk}/send/", {})
    assert response.status_code == 200
    assert "Choose who to send the digest to" in response.content.decode()
    assert not Delivery.objects.exists()


def test_a_letter_is_not_sent_as_a_digest(admin_client, sefton, subscribers):
    from tests.support.factories import LetterFactory

    letter = LetterFactory(event=sefton.events.get(visit_number=6))
    response = admin_client.post(f"/reports/{letter.pk}/send/", {"recipients": [subscribers[0].pk]})
    assert response.status_code == 404


def test_an_officer_sees_no_send_form(client, officer, sefton, subscribers):
    report, _ = services.digest_report(sefton.pk, JUNE_2024)
    client.force_login(officer)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Send this digest now" not in page


# The schedule after a preview --------------------------------------------------------------------


def test_a_digest_previewed_before_its_period_ended_is_rendered_again_when_due(
    sefton, subscribers, django_capture_on_commit_callbacks
):
    report, _ = services.digest_report(sefton.pk, JUNE_2024)
    with django_capture_on_commit_callbacks(execute=True):
        services.produce_report(report.pk)
    # As if previewed on 20 June, before the month was out.
    Report.objects.filter(pk=report.pk).update(
        started_at=datetime.datetime(2024, 6, 20, 9, tzinfo=datetime.UTC)
    )
    overdue(sefton, "Recorded after the preview", D(2024, 6, 25))
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_due_digests(D(2024, 7, 1))
    report.refresh_from_db()
    assert report.status == Report.Status.READY
    assert "Recorded after the preview" in pdf_text(report.pdf.open("rb").read())
    assert Delivery.objects.filter(report=report, status=Delivery.Status.SENT).count() == 2
