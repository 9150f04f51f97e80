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


def _later(minutes):
    """Move every recorded sign-in attempt `minutes` into the past: time passes for the pause."""
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.db.models import F

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))


def test_the_pause_runs_from_the_lockout_not_from_each_later_attempt(client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "officer", "wrong")
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    _later(minutes - 5)
    # A try during the pause is refused, but does not start the pause again...
    assert sign_in(client, "officer", "wrong").status_code == 429
    _later(6)
    # ...so once the pause has run its course from the lockout, the officer can sign in.
    response = sign_in(client, "officer", "a-good-test-password")
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


def _sign_in_from(client, address, password, balancer="10.0.0.2"):
    return client.post(
        reverse("login"),
        {"username": "officer", "password": password},
        REMOTE_ADDR=balancer,
        HTTP_X_FORWARDED_FOR=address,
    )


def test_behind_the_load_balancer_each_person_is_paused_at_their_own_address(officer, settings):
    from django.test import Client

    settings.TRUSTED_PROXY_COUNT = 1  # the load balancer appends the address it saw
    attacker, colleague = Client(), Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in_from(attacker, "203.0.113.9", "wrong")
    assert _sign_in_from(attacker, "203.0.113.9", "a-good-test-password").status_code == 429
    # An address the attacker puts in X-Forwarded-For itself is not the one the balancer saw.
    spoofed = _sign_in_from(attacker, "198.51.100.7, 203.0.113.9", "a-good-test-password")
    assert spoofed.status_code == 429
    # The officer, behind the same load balancer from another address, is not locked out.
    response = _sign_in_from(colleague, "198.51.100.7", "a-good-test-password")
    assert response.status_code == 302


def test_without_trusted_proxies_x_forwarded_for_is_ignored(client, officer, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        _sign_in_from(client, f"203.0.113.{n}", "wrong", balancer="192.0.2.1")
    # A made-up X-Forwarded-For does not escape the pause: the address is the connection's.
    response = _sign_in_from(client, "203.0.113.99", "a-good-test-password", balancer="192.0.2.1")
    assert response.status_code == 429


@pytest.mark.parametrize(
    "proxies,forwarded,expected",
    [
        (0, "203.0.113.9", "192.0.2.1"),  # no proxy trusted: the connection's address
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.7, 203.0.113.9", "203.0.113.9"),  # the client's own entry is not trusted
        (2, "198.51.100.7, 203.0.113.9, 10.1.1.1", "203.0.113.9"),
        (2, "203.0.113.9", "192.0.2.1"),  # fewer hops than configured: not through the proxies
        (1, "", "192.0.2.1"),
        (1, "not-an-address", "192.0.2.1"),
        (1, " 2001:db8::1 ", "2001:db8::1"),
    ],
)
def test_the_client_address_is_read_through_the_trusted_proxies(
    rf, settings, proxies, forwarded, expected
):
    from sefton_tracker.core.network import client_ip

    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
