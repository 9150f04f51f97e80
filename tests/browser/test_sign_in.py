"""The site shell in a real browser: sign in, see the events, sign out; accessible throughout."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_board_member_signs_in_and_sees_the_events(
    live_server, page, sign_in, sefton, board_member, axe_check, screenshot
):
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    axe_check("login page")
    screenshot("login")

    sign_in(board_member)
    assert page.locator("h1").inner_text() == "Improvement dashboard"  # where signing in lands
    page.get_by_role("link", name="Home", exact=True).click()
    assert page.locator("h1").inner_text() == "Inspections and monitoring visits"
    assert page.get_by_text("Sixth monitoring visit").is_visible()
    axe_check("home page")
    screenshot("home")

    page.get_by_role("button", name="Sign out").click()
    assert "/accounts/login/" in page.url


def test_a_wrong_password_is_explained(live_server, page, sign_in, board_member, axe_check):
    sign_in(board_member, password="not-the-password")
    assert page.locator(".govuk-error-summary").is_visible()
    axe_check("login page with an error")
