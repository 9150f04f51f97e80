"""In a real browser: an officer's save is refused because a colleague saved the same event
meanwhile. The form comes back with the colleague's change where the officer changed nothing, the
officer's own where they did, and a note on the field both changed; saving again keeps both
people's changes. Checked with axe-core; screenshots at 1280 and 390 pixels wide."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from sefton_tracker.core.roles import OFFICER
from tests.support.factories import InspectionEventFactory, UserFactory
from visits.models import InspectionEvent
from visits.services import save_event

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_refused_save_shows_their_changes_and_marks_what_both_changed(
    live_server, page, sign_in, sefton, officer, axe_check, screenshot
):
    tia = UserFactory(username="officer2", first_name="Tia", last_name="Tanaka")
    tia.groups.add(Group.objects.get(name=OFFICER))
    event = InspectionEventFactory(
        authority=sefton, visit_number=7, headline_summary="First draft.", lead_inspector=""
    )
    sign_in(officer)
    page.goto(f"{live_server.url}/events/{event.pk}/edit/")

    # Meanwhile, Tia changes the summary and the lead inspector.
    theirs = InspectionEvent.objects.get(pk=event.pk)
    theirs.headline_summary = "Leaders have made steady progress."
    theirs.lead_inspector = "Lisa Summers"
    theirs._history_user = tia
    save_event(theirs, expected_version=event.version)

    page.get_by_label("Summary").fill("Leaders have made progress in the MASH.")
    page.get_by_label("Source").fill("Ofsted monitoring visit letter, 25 July 2024")
    page.get_by_role("button", name="Save changes").click()

    expect(page.locator(".govuk-error-summary")).to_contain_text("Tia Tanaka changed this")
    expect(page.get_by_label("Lead inspector")).to_have_value("Lisa Summers")  # theirs
    expect(page.get_by_label("Source")).to_have_value(
        "Ofsted monitoring visit letter, 25 July 2024"
    )
    expect(page.get_by_label("Summary")).to_have_value("Leaders have made progress in the MASH.")
    expect(page.locator("#id_headline_summary_conflict")).to_have_text(
        "Error: Also changed by Tia Tanaka to “Leaders have made steady progress.”: "
        "saving again keeps yours."
    )
    axe_check("a refused save")
    screenshot("conflict-event-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("conflict-event-390")

    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    saved = InspectionEvent.objects.get(pk=event.pk)
    assert (saved.lead_inspector, saved.headline_summary) == (
        "Lisa Summers",
        "Leaders have made progress in the MASH.",
    )
