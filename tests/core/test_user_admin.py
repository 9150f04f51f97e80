"""Users in the admin are managed by role: the Administrator role lets its holder into the admin
(whatever "Staff status" says), the list shows and filters by role, the user page offers a role
rather than hundreds of raw permissions, and the app links to the admin for those who may use it."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from sefton_tracker.core.roles import ADMINISTRATOR, BOARD_MEMBER, OFFICER
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-good-test-password"


@pytest.fixture
def unticked_administrator(administrator):
    """An Administrator whose "Staff status" was never ticked (as a user given the role in the
    admin's Groups list, or in the shell, used to be)."""
    User.objects.filter(pk=administrator.pk).update(is_staff=False)
    administrator.refresh_from_db()
    return administrator


def test_the_administrator_role_opens_the_admin_without_staff_status(
    client, unticked_administrator
):
    client.force_login(unticked_administrator)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/auth/user/").status_code == 200
    assert client.get("/admin/reports/digestsubscription/").status_code == 200


def test_an_administrator_signs_in_at_the_admins_own_sign_in_page(client, unticked_administrator):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "admin", "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_other_roles_stay_out_of_the_admin(client, officer, board_member):
    for user in (officer, board_member):
        client.force_login(user)
        response = client.get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = client.post("/admin/login/", {"username": "officer", "password": PASSWORD})
    assert response.status_code == 200
    assert "/admin/login/" not in response.get("Location", "")


def test_an_inactive_administrator_stays_out(client, administrator):
    User.objects.filter(pk=administrator.pk).update(is_active=False)
    client.force_login(administrator)
    assert client.get("/admin/").status_code == 302


def test_the_user_list_shows_each_users_role(client, administrator, officer, board_member):
    UserFactory(username="nobody")
    client.force_login(administrator)
    content = client.get("/admin/auth/user/").content.decode()
    assert '<th scope="col" class="column-role">' in content
    rows = {
        row.split('class="field-username">')[1].split("</a>")[0].rsplit(">", 1)[-1]: row
        for row in content.split("<tr")[1:]
        if 'class="field-username"' in row
    }
    assert f'<td class="field-role">{BOARD_MEMBER}</td>' in rows["board"]
    assert f'<td class="field-role">{OFFICER}</td>' in rows["officer"]
    assert f'<td class="field-role">{ADMINISTRATOR}</td>' in rows["admin"]
    assert '<td class="field-role">No role</td>' in rows["nobody"]


def test_the_user_list_filters_by_role(client, administrator, officer, board_member):
    client.force_login(administrator)
    response = client.get("/admin/auth/user/", {"role": OFFICER})
    assert response.status_code == 200
    content = response.content.decode()
    assert ">officer</a>" in content
    assert ">board</a>" not in content and ">admin</a>" not in content
    # The filter is offered in the sidebar, one link per role.
    listing = client.get("/admin/auth/user/").content.decode()
    assert "By role" in listing
    for role in (BOARD_MEMBER, OFFICER, ADMINISTRATOR):
        assert f"?role={role.replace(' ', '+')}" in listing


def test_the_user_page_offers_a_role_and_no_raw_permissions(client, administrator, officer):
    client.force_login(administrator)
    content = client.get(f"/admin/auth/user/{officer.pk}/change/").content.decode()
    for role in (BOARD_MEMBER, OFFICER, ADMINISTRATOR):
        assert f'value="{role}"' in content
    assert f'type="radio" name="role" value="{OFFICER}" required id="id_role_1" checked>' in content
    for raw in ('name="user_permissions"', 'name="groups"', 'name="is_staff"', "is_superuser"):
        assert raw not in content, raw
    assert "Can add" not in content  # none of the raw permission names


def test_choosing_a_role_sets_the_group_and_admin_access(client, administrator, board_member):
    client.force_login(administrator)
    url = f"/admin/auth/user/{board_member.pk}/change/"

    def choose(role):
        response = client.post(
            url,
            {
                "username": "board",
                "first_name": "Bev",
                "last_name": "Board",
                "email": "board@example.org",
                "role": role,
                "is_active": "on",
                "last_login_0": "",
                "last_login_1": "",
                "date_joined_0": "2024-01-01",
                "date_joined_1": "09:00:00",
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        board_member.refresh_from_db()
        return [group.name for group in board_member.groups.all()], board_member.is_staff

    assert choose(ADMINISTRATOR) == ([ADMINISTRATOR], True)
    assert choose(OFFICER) == ([OFFICER], False)


def test_an_administrator_cannot_take_away_their_own_administrator_role(client, administrator):
    client.force_login(administrator)
    response = client.post(
        f"/admin/auth/user/{administrator.pk}/change/",
        {
            "username": "admin",
            "role": OFFICER,
            "is_active": "on",
            "date_joined_0": "2024-01-01",
            "date_joined_1": "09:00:00",
        },
    )
    assert response.status_code == 200
    assert "You cannot take away your own Administrator role" in response.content.decode()
    assert [g.name for g in administrator.groups.all()] == [ADMINISTRATOR]


def test_a_new_user_is_added_with_a_role(client, administrator):
    client.force_login(administrator)
    form = client.get("/admin/auth/user/add/").content.decode()
    assert 'name="role"' in form
    response = client.post(
        "/admin/auth/user/add/",
        {
            "username": "newadmin",
            "role": ADMINISTRATOR,
            "usable_password": "true",
            "password1": "a-long-new-password-1",
            "password2": "a-long-new-password-1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="newadmin")
    assert [g.name for g in user.groups.all()] == [ADMINISTRATOR] and user.is_staff


def test_the_app_links_to_the_admin_for_those_who_may_use_it(
    client, unticked_administrator, officer, board_member
):
    client.force_login(unticked_administrator)
    assert '<a class="govuk-service-navigation__link" href="/admin/">' in (
        client.get("/").content.decode()
    )
    for user in (officer, board_member):
        client.force_login(user)
        content = client.get("/").content.decode()
        assert 'href="/admin/"' not in content and "Administration" not in content


def test_demo_users_get_staff_through_the_role(settings):
    settings.DEBUG = True
    Group.objects.get(name=ADMINISTRATOR)  # the groups exist
    call_command("create_demo_users", stdout=StringIO())
    staff = {u.username: u.is_staff for u in User.objects.all()}
    assert staff == {"board": False, "officer": False, "admin": True}
