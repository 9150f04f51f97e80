"""Every page of the app sends an anonymous visitor to sign in; the API answers 401 or 403."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

PUBLIC = {"login", "logout", "health"}
SAMPLE_ARGUMENTS = {
    "int": "1",
    "str": "sample",
    "slug": "sample",
    "uuid": "00000000-0000-0000-0000-000000000000",
    "path": "sample",
}


def app_urls(resolver=None, prefix="", namespace=""):
    """Every named URL of the project's own apps (not the admin), with sample arguments."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern).startswith("admin/"):
                continue
            yield from app_urls(entry, prefix + str(entry.pattern), entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.name and entry.name not in PUBLIC:
            route = prefix + str(entry.pattern)
            for converter, sample in SAMPLE_ARGUMENTS.items():
                route = _fill(route, converter, sample)
            if "<" in route or "(?P" in route or "^" in route:
                continue  # format-suffix regex variants of API routes
            yield entry.name, "/" + route


def _fill(route, converter, sample):
    import re

    return re.sub(rf"<{converter}:\w+>", sample, route)


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
