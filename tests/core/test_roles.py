"""The three roles exist as groups from the migrations, with the permissions the role matrix gives."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from sefton_tracker.core.roles import ADMINISTRATOR, BOARD_MEMBER, OFFICER

pytestmark = pytest.mark.django_db


def codenames(role):
    return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))


def test_a_board_member_may_only_view():
    perms = codenames(BOARD_MEMBER)
    assert {
        "view_inspectionevent",
        "view_finding",
        "view_areareview",
        "view_improvementaction",
    } <= perms
    assert all(p.startswith("view_") for p in perms)


def test_an_officer_adds_and_changes_but_does_not_delete_events():
    perms = codenames(OFFICER)
    for model in ("inspectionevent", "areaofconcern", "areareview", "finding", "improvementaction"):
        assert {f"view_{model}", f"add_{model}", f"change_{model}"} <= perms
    assert "delete_inspectionevent" not in perms
    assert "delete_finding" in perms


def test_an_administrator_may_do_everything():
    perms = codenames(ADMINISTRATOR)
    assert {"delete_inspectionevent", "add_user", "change_group"} <= perms


def test_demo_users_are_refused_in_production(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        call_command("create_demo_users")


def test_demo_users_get_one_role_each(settings):
    settings.DEBUG = True
    call_command("create_demo_users", stdout=StringIO())
    from django.contrib.auth.models import User

    roles = {u.username: [g.name for g in u.groups.all()] for u in User.objects.all()}
    assert roles == {"board": [BOARD_MEMBER], "officer": [OFFICER], "admin": [ADMINISTRATOR]}
    assert User.objects.get(username="admin").is_staff
