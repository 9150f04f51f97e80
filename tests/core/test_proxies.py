"""X-Forwarded-Proto makes a request secure only where a load balancer is trusted to set it."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def https_only(settings):
    settings.SECURE_SSL_REDIRECT = True


def test_a_client_cannot_claim_https_when_no_proxy_is_trusted(client, settings, https_only):
    settings.SECURE_PROXY_SSL_HEADER = None  # TRUST_X_FORWARDED_PROTO off, the default
    response = client.get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/accounts/login/"


def test_behind_a_trusted_load_balancer_its_word_is_taken(client, settings, https_only):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client.get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https").status_code == 200
    assert client.get("/accounts/login/", HTTP_X_FORWARDED_PROTO="http").status_code == 301
