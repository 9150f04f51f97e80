"""Signed-in pages, API answers and exports are kept by neither the browser nor a shared cache:
`Cache-Control: private, no-store`, unless the view chose its own."""

import pytest
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db

NO_STORE = "private, no-store"


def test_signed_in_pages_are_not_stored(client, board_member, sefton):
    client.force_login(board_member)
    area = sefton.areas.first()
    for url in ("/", f"/areas/{area.pk}/", "/reports/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == NO_STORE, url


def test_api_answers_and_exports_are_not_stored(api, board_member, sefton):
    token = Token.objects.create(user=board_member)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    for url in (
        "/api/v1/areas/",
        "/api/v1/findings/export.csv",
        "/api/v1/ratings/export.xlsx",
        "/api/schema/",
    ):
        response = api.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == NO_STORE, url


def test_refused_api_answers_are_not_stored_either(api):
    response = api.get("/api/v1/areas/")
    assert response.status_code == 401
    assert response["Cache-Control"] == NO_STORE


def test_a_view_that_chose_its_own_cache_control_keeps_it(client, administrator):
    # The sign-in page and /health/ say never_cache; the admin too.
    login = client.get("/accounts/login/")
    assert "no-store" in login["Cache-Control"] and "max-age=0" in login["Cache-Control"]
    client.force_login(administrator)
    for url in ("/health/", "/admin/"):
        assert "max-age=0" in client.get(url)["Cache-Control"], url


def test_an_anonymous_visitor_sent_to_sign_in_gets_the_defaults(client):
    response = client.get("/")
    assert response.status_code == 302
    assert not response.has_header("Cache-Control")
