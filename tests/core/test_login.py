"""Signing in: the page names the council and the service; repeated failures pause signing in
for that username from that address, with a clear message (through the real login view)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_the_login_page_names_the_council_and_the_service(client, settings):
    content = client.get(reverse("login")).content.decode()
    title = content.split("<title>")[1].split("</title>")[0]
    assert title == f"Sign in – {settings.SERVICE_NAME} – {settings.COUNCIL_NAME}".replace(
        "'", "&#x27;"
    )
    assert f">{settings.COUNCIL_NAME}</a>" in content


def test_a_wrong_password_is_explained_and_the_username_kept(client, officer):
    response = sign_in(client, "officer", "not-the-password")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Please enter a correct username and password" in content
    assert 'value="officer"' in content


def test_repeated_failures_pause_signing_in_with_a_clear_message(client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "officer", "wrong").status_code == 200
    locked = sign_in(client, "officer", "wrong")
    content = locked.content.decode()
    assert locked.status_code == 429
    assert "Signing in is paused" in content
    assert f"There have been {settings.AXES_FAILURE_LIMIT} unsuccessful attempts" in content
    assert f"for {round(settings.AXES_COOLOFF_TIME * 60)} minutes" in content
    # Even the right password is refused while the pause lasts.
    assert sign_in(client, "officer", "a-good-test-password").status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_pause_for_one_username_does_not_lock_out_colleagues(client, officer, board_member):
    for _ in range(5):
        sign_in(client, "officer", "wrong")
    response = sign_in(client, "board", "a-good-test-password")
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


def test_signing_in_takes_an_officer_to_the_dashboard_with_record_a_visit(client, officer):
    response = sign_in(client, "officer", "a-good-test-password")
    assert response["Location"] == reverse("dashboard")
    content = client.get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("event-create")}"' in content and "Record a visit" in content


def test_pages_name_the_apps_own_icon(client):
    # Browsers ask for an icon on every first visit: name one that exists, not /favicon.ico.
    from django.contrib.staticfiles import finders

    html = client.get("/accounts/login/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert finders.find("favicon.svg")
