"""An Administrator, whose "Staff status" was never ticked, follows Administration from the app's
menu into the admin, sees every user's role, filters the list by role and gives a user a role by
choosing it, on a desktop and on a phone. Screenshots: test-artifacts/screenshots/admin-*.png."""

import pytest
from django.contrib.auth.models import User

from sefton_tracker.core.roles import ADMINISTRATOR

pytestmark = pytest.mark.django_db(transaction=True)

VIEWPORTS = pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}], ids=["1280", "390"]
)


def open_menu(page):
    """On a phone the service navigation is behind its Menu button."""
    toggle = page.locator(".govuk-service-navigation__toggle")
    if toggle.is_visible():
        toggle.click()


@VIEWPORTS
def test_an_administrator_manages_users_by_role_from_the_app(
    live_server, page, sign_in, administrator, officer, board_member, screenshot, viewport
):
    User.objects.filter(pk=administrator.pk).update(is_staff=False)
    width = viewport["width"]
    page.set_viewport_size(viewport)
    sign_in(administrator)
    open_menu(page)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Administration").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/admin/"
    screenshot(f"admin-index-{width}")

    page.goto(f"{live_server.url}/admin/auth/user/")
    roles = dict(
        zip(
            page.locator(
                "#result_list td.field-username, #result_list th.field-username"
            ).all_inner_texts(),
            page.locator("#result_list td.field-role").all_inner_texts(),
            strict=True,
        )
    )
    assert roles == {"admin": ADMINISTRATOR, "board": "Board member", "officer": "Officer"}
    screenshot(f"admin-users-{width}")

    page.goto(f"{live_server.url}/admin/auth/user/?role=Officer")
    assert page.locator("#result_list .field-username").all_inner_texts() == ["officer"]

    page.goto(f"{live_server.url}/admin/auth/user/{board_member.pk}/change/")
    assert page.get_by_role(
        "radio", name="Board member: reads everything that is published"
    ).is_checked()
    assert page.get_by_text("User permissions").count() == 0
    screenshot(f"admin-user-role-{width}")
    page.get_by_role("radio", name="Administrator", exact=False).check()
    page.locator("input[name=_save]").click()
    page.wait_for_load_state()
    board_member.refresh_from_db()
    assert [g.name for g in board_member.groups.all()] == [ADMINISTRATOR]
    assert board_member.is_staff
