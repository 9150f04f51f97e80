"""An administrator prepares the digest of a month without events from Reports, previews it (nobody
is emailed), downloads it, and sends it now to the recipients ticked; a period that is not clear is
asked again. On a desktop and on a phone, accessible throughout.
Screenshots: test-artifacts/screenshots/digest-*.png."""

import pytest
from django.core import mail

from findings.models import Theme
from reports.models import Delivery
from tests.support.factories import DigestSubscriptionFactory
from tests.support.pdf_text import pdf_text

pytestmark = pytest.mark.django_db(transaction=True)

VIEWPORTS = pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}], ids=["1280", "390"]
)


@VIEWPORTS
def test_an_administrator_previews_a_digest_and_sends_it_now(
    live_server, page, sign_in, administrator, sefton, axe_check, screenshot, viewport
):
    width = viewport["width"]
    for name, email, theme in (
        ("Cllr Ada Ainsdale", "ada@example.org", ""),
        ("Cllr Ben Bootle", "ben@example.org", ""),
        ("Cllr Cath Crosby", "cath@example.org", Theme.LEADERSHIP),
    ):
        DigestSubscriptionFactory(authority=sefton, name=name, email=email, theme=theme)
    page.set_viewport_size(viewport)
    sign_in(administrator)
    page.goto(f"{live_server.url}/reports/")
    page.get_by_role("link", name="Prepare a digest").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Prepare a digest"
    axe_check("prepare a digest")
    screenshot(f"digest-new-{width}")

    # Dates that are not clear are asked again, with what is wrong.
    page.get_by_role("radio", name="Other dates").check()
    page.locator("#id_start_date_day").fill("5")
    page.locator("#id_start_date_month").fill("8")
    page.locator("#id_start_date_year").fill("2024")
    page.locator("#id_end_date_day").fill("10")
    page.locator("#id_end_date_month").fill("7")
    page.locator("#id_end_date_year").fill("2024")
    page.get_by_role("button", name="Preview digest").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    assert "The end date must be the same as or after the start date" in summary.inner_text()
    axe_check("prepare a digest, with an error")
    screenshot(f"digest-new-error-{width}")

    page.get_by_role("radio", name="A month").check()
    page.get_by_label("Which month").select_option(label="June 2024")
    page.get_by_role("button", name="Preview digest").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Monthly digest: June 2024"
    assert "Nothing has been emailed" in page.locator(".govuk-notification-banner").inner_text()
    assert mail.outbox == []
    ticked = {
        label: page.get_by_label(label).is_checked()
        for label in (
            "Cllr Ada Ainsdale (ada@example.org)",
            "Cllr Ben Bootle (ben@example.org)",
            "Cllr Cath Crosby (cath@example.org)",
        )
    }
    assert list(ticked.values()) == [True, True, False]  # Cath gets the leadership digest
    axe_check("the digest's page")
    screenshot(f"digest-preview-{width}")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    text = pdf_text(download.value.path().read_bytes())
    assert "No inspections or visits were reported in June 2024." in text

    page.get_by_label("Cllr Ben Bootle (ben@example.org)").uncheck()
    page.get_by_role("button", name="Send now").click()
    page.wait_for_load_state()
    assert "being sent to 1 recipient" in page.locator(".govuk-notification-banner").inner_text()
    assert [message.to for message in mail.outbox] == [["Cllr Ada Ainsdale <ada@example.org>"]]
    assert Delivery.objects.get().status == Delivery.Status.SENT
    sent_to = page.locator("table").last.inner_text()
    assert "ada@example.org" in sent_to and "Sent" in sent_to
    # Ada is not offered it again; Ben and Cath still are, unticked now that it has gone out.
    assert page.get_by_label("Cllr Ada Ainsdale (ada@example.org)").count() == 0
    assert not page.get_by_label("Cllr Ben Bootle (ben@example.org)").is_checked()
    axe_check("the digest's page, sent")
    screenshot(f"digest-sent-{width}")
