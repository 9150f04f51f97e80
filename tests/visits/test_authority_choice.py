"""Pages about one authority take it from ?authority=<id>: anything but a plain number naming one
is "not found", never a server error (a superscript two passes str.isdigit, but is no number)."""

import pytest
from django.urls import reverse

from tests.support.factories import LocalAuthorityFactory

pytestmark = pytest.mark.django_db

PAGES = ["dashboard", "plan-board", "indicators", "indicator-upload", "event-create"]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("value", ["²", "１２", "12a", "999999"])
def test_an_authority_that_is_not_one_is_not_found(client, officer, name, value):
    LocalAuthorityFactory()
    client.force_login(officer)
    assert client.get(reverse(name), {"authority": value}).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_a_real_one_is_shown(client, officer, name):
    authority = LocalAuthorityFactory()
    client.force_login(officer)
    assert client.get(reverse(name), {"authority": authority.pk}).status_code == 200
