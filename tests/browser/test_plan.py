"""In a real browser: an officer opens Sefton's improvement plan, goes to an action's page and
records progress on it with an evidence file, first a renamed executable (refused, named in the
error summary, nothing saved), then a PDF; the update shows on the action's page and on the plan
with its RAG. On a 1280 px desktop and a 390 px phone every page is accessible and no wider than
the screen. Screenshots go to test-artifacts/screenshots/plan-*.png."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from findings.models import AreaOfConcern
from findings.plan.models import ProgressUpdate
from tests.support.factories import ImprovementActionFactory

pytestmark = pytest.mark.django_db(transaction=True)

VIEWPORTS = [{"width": 1280, "height": 900}, {"width": 390, "height": 844}]
TITLE = "Audit management oversight in a sample of case files each month"


def check(page, viewport, axe_check, screenshot, name):
    expect(page.locator("h1")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"{name} is wider than the screen"
    axe_check(f"{name} at {viewport['width']} px")
    screenshot(f"plan-{name}-{viewport['width']}")


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v['width']}px")
def test_an_officer_records_progress_with_evidence(
    viewport, live_server, page, sign_in, officer, sefton, axe_check, screenshot, tmp_path
):
    area = AreaOfConcern.objects.get(
        authority=sefton, title="Caseloads and management oversight, including out of hours"
    )
    action = ImprovementActionFactory(
        area=area,
        title=TITLE,
        lead_user=officer,
        lead_name="",
        due_date=timezone.localdate() + datetime.timedelta(days=40),
    )
    page.set_viewport_size(viewport)
    sign_in(officer)

    page.get_by_role("link", name="Improvement plan", exact=True).first.click()
    expect(page.locator("h1")).to_have_text("Improvement plan")
    check(page, viewport, axe_check, screenshot, "board-before")
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("#updates ~ p").first).to_contain_text("No progress has been reported")
    check(page, viewport, axe_check, screenshot, "action-before")

    page.get_by_role("button", name="Record progress").click()
    expect(page.locator("h1")).to_have_text("Record progress")
    page.get_by_label("What has been done, and what difference has it made?").fill(
        "Two monthly audits done: oversight recorded in most files sampled."
    )
    page.get_by_label("At risk").check()
    page.get_by_label("In progress").check()
    executable = tmp_path / "report.pdf"
    executable.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64)
    page.get_by_label("Evidence file").set_input_files(str(executable))
    page.get_by_role("button", name="Record the update").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(
        "The file report.pdf is named as a PDF but its content is not a file of an accepted type."
    )
    expect(page.locator("#id_evidence_file_error")).to_contain_text("report.pdf")
    assert page.title().startswith("Error: ")
    assert not ProgressUpdate.objects.exists()
    check(page, viewport, axe_check, screenshot, "record-progress-error")

    report = tmp_path / "audit summary.pdf"
    report.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    page.get_by_label("Evidence file").set_input_files(str(report))
    page.get_by_role("button", name="Record the update").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The progress update has been recorded."
    )
    updates = page.locator(".app-plan-update")
    expect(updates.first).to_contain_text("At risk")
    expect(updates.first).to_contain_text("audit summary.pdf")
    check(page, viewport, axe_check, screenshot, "action-after")
    update = ProgressUpdate.objects.get()
    assert update.evidence_name == "audit summary.pdf" and update.author == officer
    action.refresh_from_db()
    assert action.rag == "amber" and action.status == "in_progress"

    page.get_by_role("link", name="Improvement plan", exact=True).first.click()
    row = page.locator("tr", has=page.get_by_role("link", name=TITLE))
    expect(row.locator(".govuk-tag")).to_have_text("At risk")
    expect(row).to_contain_text("Two monthly audits done")
    expect(row.get_by_role("link", name="Evidence")).to_have_attribute(
        "href", f"/plan/updates/{update.pk}/evidence/"
    )
    check(page, viewport, axe_check, screenshot, "board-after")
