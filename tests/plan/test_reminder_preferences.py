"""/plan/reminders/: each signed-in user turns each kind of plan email on or off."""

import pytest
from django.urls import reverse

from findings.plan.models import ReminderPreference

pytestmark = pytest.mark.django_db

URL = "/plan/reminders/"


def test_the_page_has_its_name():
    assert reverse("plan-reminders") == URL


def test_it_asks_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_with_no_choice_saved_both_are_ticked_and_the_address_shown(client, board_member):
    client.force_login(board_member)
    page = client.get(URL).content.decode()
    assert '<h1 class="govuk-heading-l">Reminder emails</h1>' in page
    assert "We send them to <strong>board@example.org</strong>" in page
    assert page.count('type="checkbox"') == 2
    assert page.count("checked") == 2
    assert "Reminders about the actions I lead" in page
    assert "Sent to officers, for the authorities they work for." in page


def test_it_turns_one_kind_off_and_says_so(client, officer):
    client.force_login(officer)
    response = client.post(URL, {"emails": ["action_reminders"]}, follow=True)
    assert response.redirect_chain == [(URL, 302)]
    assert "Your choice of emails has been saved." in response.content.decode()
    preference = ReminderPreference.objects.get(user=officer)
    assert (preference.action_reminders, preference.weekly_summary) == (True, False)
    assert response.content.decode().count("checked") == 1


def test_ticking_none_turns_them_all_off_and_ticking_again_back_on(client, officer):
    client.force_login(officer)
    client.post(URL, {})
    preference = ReminderPreference.objects.get(user=officer)
    assert (preference.action_reminders, preference.weekly_summary) == (False, False)
    client.post(URL, {"emails": ["action_reminders", "weekly_summary"]})
    preference.refresh_from_db()
    assert (preference.action_reminders, preference.weekly_summary) == (True, True)
    assert ReminderPreference.objects.count() == 1


def test_an_unknown_choice_is_refused_with_an_error(client, officer):
    client.force_login(officer)
    response = client.post(URL, {"emails": ["text_messages"]})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not ReminderPreference.objects.exists()


def test_each_user_changes_only_their_own(client, officer, board_member):
    ReminderPreference.objects.create(user=board_member, action_reminders=False)
    client.force_login(officer)
    client.post(URL, {"emails": ["weekly_summary"]})
    assert ReminderPreference.objects.get(user=board_member).action_reminders is False
    assert ReminderPreference.objects.get(user=officer).action_reminders is False


def test_a_user_without_an_email_address_is_told_to_ask_an_administrator(client, board_member):
    board_member.email = ""
    board_member.save()
    client.force_login(board_member)
    page = client.get(URL).content.decode()
    assert "Ask an administrator to add your email address." in page
    assert "We send them to" not in page
