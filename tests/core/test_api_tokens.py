"""API tokens: issued by `manage.py issue_token <username>` or in the admin, and accepted as
'Authorization: Token <key>'."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

from tests.support.api import api_client

pytestmark = pytest.mark.django_db


def issue(*args):
    out = StringIO()
    call_command("issue_token", *args, stdout=out)
    return out.getvalue().strip()


def test_it_prints_a_new_token_that_the_api_accepts(officer):
    key = issue("officer")
    assert key == Token.objects.get(user=officer).key
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/events/").status_code == 200


def test_it_prints_the_same_token_again(officer):
    assert issue("officer") == issue("officer")


def test_replacing_a_token_revokes_the_old_one(officer):
    old = issue("officer")
    new = issue("officer", "--replace")
    assert new != old
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    assert client.get("/api/v1/events/").status_code == 401


def test_it_names_a_user_that_does_not_exist(db):
    with pytest.raises(CommandError, match="There is no user called 'nobody'."):
        issue("nobody")


def test_it_refuses_an_inactive_user(officer):
    officer.is_active = False
    officer.save()
    with pytest.raises(CommandError, match="inactive"):
        issue("officer")


def test_administrators_manage_tokens_in_the_admin(client, administrator, officer):
    client.force_login(administrator)
    assert client.get("/admin/authtoken/tokenproxy/").status_code == 200
    response = client.post("/admin/authtoken/tokenproxy/add/", {"user": officer.pk})
    assert response.status_code == 302
    assert Token.objects.filter(user=officer).exists()


def test_officers_cannot_reach_the_token_admin(client, officer):
    officer.is_staff = True
    officer.save()
    client.force_login(officer)
    assert client.get("/admin/authtoken/tokenproxy/").status_code == 403
