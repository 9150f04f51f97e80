"""Every page of the app sends an anonymous visitor to sign in; the API answers 401 or 403."""

import pytest

from tests.support.urls import app_urls

pytestmark = pytest.mark.django_db


def test_there_are_pages_to_check():
    assert {name for name, _ in app_urls()} >= {"home"}


@pytest.mark.parametrize("name,url", sorted(set(app_urls())))
def test_an_anonymous_visitor_is_sent_to_sign_in(client, name, url):
    response = client.get(url)
    if url.startswith("/api/"):
        assert response.status_code in (401, 403), url
    else:
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url


def test_the_admin_asks_for_a_sign_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_home_page_lists_seftons_events(client, sefton, board_member):
    client.force_login(board_member)
    response = client.get("/")
    content = response.content.decode()
    assert response.status_code == 200
    for title in ("Standard ILACS inspection", "Fourth monitoring visit", "Sixth monitoring visit"):
        assert title in content
    assert "25 to 26 June 2024" in content
