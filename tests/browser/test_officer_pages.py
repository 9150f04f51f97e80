"""Every other page an officer or administrator uses, in a real browser and checked with axe-core:
changing an event, ordering and changing findings, areas and actions, the history pages, a save
refused because someone else changed the record, and the paused sign-in page."""

import datetime

import pytest
from playwright.sync_api import expect

from findings.models import AreaOfConcern, AreaReview, Finding, ImprovementAction
from tests.support.factories import InspectionEventFactory
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_officer_pages_pass_the_accessibility_check(
    live_server, page, sign_in, sefton, administrator, axe_check, screenshot
):
    sixth = InspectionEvent.objects.get(visit_number=6)
    area = AreaOfConcern.objects.get(title__startswith="Response to allegations")
    review = AreaReview.objects.get(event=sixth, area=area)
    finding = sixth.findings.order_by("order").first()
    draft = InspectionEventFactory(
        authority=sefton, visit_number=8, status=InspectionEvent.Status.DRAFT
    )
    sign_in(administrator)

    def visit(path, label, shot=None):
        page.goto(f"{live_server.url}{path}")
        axe_check(label)
        if shot:
            screenshot(shot)

    visit(f"/events/{sixth.pk}/", "event page with every control", "event-page-administrator")
    visit(f"/events/{sixth.pk}/edit/", "event form", "event-edit")
    visit(f"/events/{sixth.pk}/history/", "event history", "event-history")
    visit(f"/events/{sixth.pk}/delete/", "delete an event", "event-delete")
    visit(f"/events/{sixth.pk}/areas/", "areas covered")
    visit(f"/events/{sixth.pk}/areas/new/", "new area")
    visit(f"/events/{sixth.pk}/areas/{area.pk}/", "an area's findings and rating")
    visit(f"/events/{sixth.pk}/findings/", "findings in order", "findings-order")
    visit(f"/events/{draft.pk}/publish/", "check and publish an empty draft")
    visit(f"/findings/{finding.pk}/edit/", "change a finding")
    visit(f"/findings/{finding.pk}/delete/", "delete a finding")
    visit(f"/areas/{area.pk}/", "area page with every control", "area-page-administrator")
    visit(f"/areas/{area.pk}/edit/", "change an area")
    visit(f"/areas/{area.pk}/history/", "area history")
    visit(f"/ratings/{review.pk}/history/", "one rating's history")

    # Move a finding down, then back up.
    page.goto(f"{live_server.url}/events/{sixth.pk}/findings/")
    page.get_by_role("button", name="Move down finding 1", exact=True).click()
    assert sixth.findings.order_by("order").first() != finding
    page.get_by_role("button", name="Move up finding 2", exact=True).click()
    assert sixth.findings.order_by("order").first() == finding
    axe_check("findings after moving one")

    # A finding with no text, then corrected.
    visit(f"/events/{sixth.pk}/findings/new/", "new finding")
    page.get_by_label("Area of concern").select_option(label=area.title)
    page.get_by_label("Weakness").check()
    page.get_by_role("button", name="Add the finding").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the finding's quoted text.")
    axe_check("new finding with an error")
    screenshot("finding-form-error")
    page.get_by_label("Quoted text").fill("The designated officer now has enough capacity.")
    page.get_by_role("button", name="Add the finding").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()

    # An action of the existing plan, already due: saved, with a warning that it is overdue; then
    # one left out; then changed.
    visit(f"/areas/{area.pk}/actions/new/", "new improvement action")
    page.get_by_label("Action").fill("Review every allegation within one working day")
    page.get_by_label("Or a lead who is not a user of the tracker").fill("Head of safeguarding")
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    page.fill("#id_due_date_day", str(yesterday.day))
    page.fill("#id_due_date_month", str(yesterday.month))
    page.fill("#id_due_date_year", str(yesterday.year))
    page.get_by_label("Not started").check()
    page.get_by_role("button", name="Add the action").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    expect(
        page.locator(".govuk-notification-banner:not(.govuk-notification-banner--success)")
    ).to_contain_text("The due date is in the past: this action shows as overdue.")
    axe_check("area page after adding an overdue action")
    screenshot("action-overdue-warning")
    visit(f"/areas/{area.pk}/actions/new/", "new improvement action")
    page.get_by_role("button", name="Add the action").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the action")
    axe_check("new action with an error")
    screenshot("action-form-error")
    action = ImprovementAction.objects.get(area=area)
    visit(f"/actions/{action.pk}/edit/", "change an action")
    visit(f"/actions/{action.pk}/history/", "action history")

    # Someone else changes the finding while it is open: the save is refused and explained.
    visit(f"/findings/{finding.pk}/edit/", "change a finding again")
    colleagues = Finding.objects.get(pk=finding.pk)
    colleagues.text, colleagues.version = "Changed by a colleague.", colleagues.version + 1
    colleagues.save()
    page.get_by_label("Quoted text").fill("My own correction.")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "changed this finding after you opened the page"
    )
    expect(page.get_by_label("Quoted text")).to_have_value("My own correction.")
    axe_check("a refused save")
    screenshot("finding-conflict")
    visit(f"/findings/{finding.pk}/history/", "finding history", "finding-history")


def test_the_paused_sign_in_page_passes_the_accessibility_check(
    live_server, page, sign_in, officer, axe_check, screenshot, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(officer, password="not-the-password")
    expect(page.locator("h1")).to_have_text("Signing in is paused")
    axe_check("paused sign-in")
    screenshot("sign-in-paused")
