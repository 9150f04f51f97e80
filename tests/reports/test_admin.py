"""Administrators manage subscriptions and see every report and delivery, failures included."""

import pytest

from findings.models import AreaOfConcern, Theme
from reports import services
from reports.models import DigestSubscription, Report
from tests.support.factories import LetterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/reports/report/",
        "/admin/reports/digestsubscription/",
        "/admin/reports/digestsubscription/add/",
        "/admin/reports/delivery/",
        "/admin/django_celery_beat/periodictask/",
    ],
)
def test_the_admin_pages_open(admin_client, url):
    assert admin_client.get(url).status_code == 200


def test_the_schedule_is_listed_in_the_admin(admin_client):
    assert (
        "Send due digests"
        in admin_client.get("/admin/django_celery_beat/periodictask/").content.decode()
    )


def test_a_failed_report_shows_its_error_and_can_be_rendered_again(
    admin_client, sefton, django_capture_on_commit_callbacks
):
    event = sefton.events.get(visit_number=6)
    letter = LetterFactory(event=event, status=Report.Status.FAILED, error_message="OSError: disk")
    assert "OSError: disk" in admin_client.get("/admin/reports/report/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            "/admin/reports/report/", {"action": "render_again", "_selected_action": [letter.pk]}
        )
    letter.refresh_from_db()
    assert letter.status == Report.Status.READY


def test_adding_a_subscription_with_a_theme_and_an_area_is_refused(admin_client, sefton):
    area = AreaOfConcern.objects.filter(authority=sefton).first()
    response = admin_client.post(
        "/admin/reports/digestsubscription/add/",
        {
            "name": "Cllr Ada Ainsdale",
            "email": "ada@example.org",
            "authority": sefton.pk,
            "cadence": "monthly",
            "theme": Theme.LEADERSHIP,
            "area": area.pk,
            "active": "on",
        },
    )
    assert response.status_code == 200
    assert "Choose a theme or an area, not both." in response.content.decode()
    assert not DigestSubscription.objects.exists()


def test_an_administrator_adds_a_subscription(admin_client, sefton):
    response = admin_client.post(
        "/admin/reports/digestsubscription/add/",
        {
            "name": "Cllr Ada Ainsdale",
            "email": "ada@example.org",
            "authority": sefton.pk,
            "cadence": "quarterly",
            "theme": "",
            "area": "",
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert DigestSubscription.objects.get().cadence == "quarterly"


def test_the_subscription_form_starts_with_the_councils_authority(admin_client, sefton):
    page = admin_client.get("/admin/reports/digestsubscription/add/").content.decode()
    assert f'<option value="{sefton.pk}" selected>' in page


def test_a_ready_report_links_to_its_download(
    admin_client, sefton, django_capture_on_commit_callbacks
):
    event = sefton.events.get(visit_number=6)
    with django_capture_on_commit_callbacks(execute=True):
        report, _ = services.request_letter(event, user=None)
    page = admin_client.get(f"/admin/reports/report/{report.pk}/change/").content.decode()
    assert f'href="/reports/{report.pk}/download/"' in page
