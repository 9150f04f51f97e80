"""The import pages: paste or upload, review the draft, save it as one draft event."""

import datetime
import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from findings.importer import services
from findings.models import AreaOfConcern, AreaReview, Finding
from tests.support.factories import AreaOfConcernFactory, LocalAuthorityFactory
from tests.support.importing import (
    DATA,
    SEFTON_AREAS,
    SEFTON_REPORT_2022,
    SIXTH_VISIT,
    SIXTH_VISIT_LETTER,
    form_data,
    pdf_of,
    read,
    scanned_pdf,
)
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db
START = "/import/"


def paste(client, text, **extra):
    return client.post(START, {"text": text, **extra})


def review_page(client, response):
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"])
    assert page.status_code == 200
    return response["Location"], page.content.decode()


def counts():
    return (
        InspectionEvent.objects.count(),
        AreaOfConcern.objects.count(),
        AreaReview.objects.count(),
        Finding.objects.count(),
    )


# Who may import


def test_a_board_member_may_not_import(client, board_member):
    client.force_login(board_member)
    assert client.get(START).status_code == 403
    assert paste(client, read(SIXTH_VISIT_LETTER)).status_code == 403
    assert client.get(reverse("import-review", args=["any"])).status_code == 403


def test_someone_signed_out_is_sent_to_sign_in(client):
    response = client.get(START)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_navigation_offers_the_import_to_officers_only(client, officer, board_member):
    client.force_login(officer)
    assert "Import a letter" in client.get("/").content.decode()
    client.force_login(board_member)
    assert "Import a letter" not in client.get("/").content.decode()


# Reading and reviewing


def test_an_officer_pastes_the_sixth_visit_letter_and_sees_the_draft_without_anything_saved(
    client, officer, sefton_before_the_visits
):
    client.force_login(officer)
    before = counts()
    _, page = review_page(client, paste(client, read(SIXTH_VISIT_LETTER)))
    assert counts() == before
    assert "Check the imported monitoring visit letter" in page
    assert "Areas covered (4)" in page
    assert "Findings (21)" in page
    assert "already recorded" not in page
    data = form_data(page)
    assert data["event-visit_number"] == "6"
    assert (data["event-fieldwork_start_day"], data["event-fieldwork_start_month"]) == ("25", "6")
    assert data["event-inspectors"] == "Lisa Summers, Rachel Fairhurst"
    assert data["findings-20-text"] == SIXTH_VISIT["findings"][-1]["text"]


def test_saving_the_reviewed_sixth_visit_letter_records_a_complete_draft_visit(
    client, officer, sefton_before_the_visits
):
    client.force_login(officer)
    url, page = review_page(client, paste(client, read(SIXTH_VISIT_LETTER)))
    response = client.post(url, form_data(page))

    event = InspectionEvent.objects.get(authority=sefton_before_the_visits, visit_number=6)
    assert response.status_code == 302
    assert response["Location"] == event.get_absolute_url()
    assert event.status == InspectionEvent.Status.DRAFT
    assert event.kind == "monitoring"
    assert (event.fieldwork_start, event.fieldwork_end, event.published_on) == (
        datetime.date(2024, 6, 25),
        datetime.date(2024, 6, 26),
        datetime.date(2024, 7, 25),
    )
    assert event.inspectors == "Lisa Summers, Rachel Fairhurst"
    assert event.lead_inspector == "Lisa Summers"
    reviews = {r.area.title: r.area_wording for r in event.reviews.select_related("area")}
    assert reviews == {
        SEFTON_AREAS[r["area"]]["title"]: r["area_wording"] for r in SIXTH_VISIT["reviews"]
    }
    findings = list(event.findings.order_by("order"))
    assert [(f.section, f.paragraph, f.text) for f in findings] == [
        (f["section"], f["paragraph"], f["text"]) for f in SIXTH_VISIT["findings"]
    ]
    assert [f.order for f in findings] == list(range(1, 22))
    assert AreaOfConcern.objects.count() == 14  # no new areas
    page = client.get(response["Location"]).content.decode()
    assert "saved as a draft with 4 areas and 21 findings" in page


def test_the_officer_s_corrections_are_what_is_saved(client, officer, sefton_before_the_visits):
    client.force_login(officer)
    url, page = review_page(client, paste(client, read(SIXTH_VISIT_LETTER)))
    data = form_data(page)
    data["findings-0-polarity"] = "mixed"
    data["findings-1-DELETE"] = "on"
    data["findings-2-area_ref"] = "4"
    data["event-lead_inspector"] = "Rachel Fairhurst"
    data["areas-3-area"] = "new"
    data["areas-3-new_title"] = "Out-of-hours response"
    data["areas-3-new_theme"] = "help_protection"
    assert client.post(url, data).status_code == 302

    event = InspectionEvent.objects.get(visit_number=6)
    findings = list(event.findings.select_related("area").order_by("order"))
    assert len(findings) == 20
    assert findings[0].polarity == "mixed"
    assert findings[1].text == SIXTH_VISIT["findings"][2]["text"]
    assert findings[1].area.title == "Out-of-hours response"
    assert event.lead_inspector == "Rachel Fairhurst"
    new_area = AreaOfConcern.objects.get(title="Out-of-hours response")
    assert new_area.description == SIXTH_VISIT["reviews"][3]["area_wording"]
    assert new_area.position == 15
    assert new_area.raised_by == event  # embargoed with the draft until it is published


def test_a_pdf_upload_gives_the_same_draft_as_the_pasted_text(
    client, officer, sefton_before_the_visits
):
    client.force_login(officer)
    _, pasted = review_page(client, paste(client, read(SIXTH_VISIT_LETTER)))
    upload = SimpleUploadedFile(
        "letter.pdf", pdf_of(read(SIXTH_VISIT_LETTER)), content_type="application/pdf"
    )
    _, uploaded = review_page(client, client.post(START, {"file": upload}))
    ignore = {"csrfmiddlewaretoken"}
    assert {k: v for k, v in form_data(uploaded).items() if k not in ignore} == {
        k: v for k, v in form_data(pasted).items() if k not in ignore
    }


def test_a_report_already_recorded_is_named_with_its_acronym_kept(client, officer, sefton):
    client.force_login(officer)
    _, page = review_page(client, paste(client, read(SEFTON_REPORT_2022)))
    assert "Sefton's standard ILACS inspection (21 February to 4 March 2022)" in page
    assert "is already recorded" in page


def test_the_2022_report_imported_for_a_new_authority_creates_its_areas_and_judgements(
    client, officer
):
    sefton = LocalAuthorityFactory(name="Sefton", ons_code="E08000014")
    client.force_login(officer)
    url, page = review_page(client, paste(client, read(SEFTON_REPORT_2022)))
    assert "Judgements" in page
    data = form_data(page)
    assert data["event-children_in_care_and_care_leavers"] == "inadequate"
    data.update({"event-published_on_day": "9", "event-published_on_month": "5"})
    data["event-published_on_year"] = "2022"
    assert client.post(url, data).status_code == 302

    event = InspectionEvent.objects.get(authority=sefton)
    assert event.kind == "standard"
    assert event.published_on == datetime.date(2022, 5, 9)
    assert sorted((j.judgement, j.grade) for j in event.judgements.all()) == [
        ("children_in_care_and_care_leavers", "inadequate"),
        ("help_and_protection", "inadequate"),
        ("impact_of_leaders", "inadequate"),
        ("overall_effectiveness", "inadequate"),
    ]
    areas = list(AreaOfConcern.objects.filter(authority=sefton).order_by("position"))
    assert [a.description for a in areas] == [
        a["description"] for a in sorted(SEFTON_AREAS.values(), key=lambda a: a["position"])
    ]
    assert {a.raised_by_id for a in areas} == {event.pk}
    assert areas[9].title == "Response to allegations against professionals"
    assert event.reviews.count() == 14
    # Its summary, and each numbered paragraph of its findings.
    assert event.findings.filter(section="headline").count() == 2
    assert list(
        event.findings.filter(section="report").values_list("paragraph", flat=True)
    ) == list(range(1, 45))


# Checking the draft quickly


def outside_the_form_fields(page: str) -> str:
    """The page without its text boxes and selects: what a reader sees without opening them."""
    page = re.sub(r"<textarea.*?</textarea>", "", page, flags=re.S)
    return re.sub(r"<select.*?</select>", "", page, flags=re.S)


def test_each_finding_is_shown_in_full_with_its_proposed_area_and_polarity(
    client, officer, sefton_before_the_visits
):
    client.force_login(officer)
    _, page = review_page(client, paste(client, read(SIXTH_VISIT_LETTER)))
    shown = outside_the_form_fields(page)
    for number, finding in enumerate(SIXTH_VISIT["findings"], start=1):
        card = shown[shown.index(f'id="finding-{number}"') :]
        card = card[: card.index("</blockquote>")]
        assert escape(finding["text"]) in card, number
        assert re.search(r'app-polarity">(Strength|Weakness|Mixed)<', card), number
        assert re.search(r"Area [1-4]: ", card), number


def test_the_proposals_the_import_is_unsure_of_are_counted_and_linked_at_the_top(
    client, officer, sefton_before_the_visits
):
    client.force_login(officer)
    _, page = review_page(client, paste(client, read(SIXTH_VISIT_LETTER)))
    start = page.index('id="proposals-to-check"')
    banner = page[start : page.index("</ul>", start)]
    # 4 areas' matches, and 21 findings' areas and polarities.
    assert "17 of 46 proposals need checking" in banner
    assert banner.count("<li>") == 15
    for target, marks in [
        ("area-2", ["Check the match", "38% alike", "Matched on little shared wording"]),
        ("finding-6", ["Check the polarity", "The polarity (20% sure): A close call between"]),
        ("finding-15", ["Check the area", "The area (50% sure): Its opening sentence says "]),
        ("finding-18", ["Check the polarity", "Check the area", "few words in common"]),
    ]:
        assert f'href="#{target}"' in banner, target
        card = page[page.index(f'id="{target}"') :]
        card = card[: card.index("</blockquote>")]
        for mark in marks:
            assert mark in card, (target, mark)
    # An item the import is sure of is not marked.
    card = page[page.index('id="finding-4"') : page.index('id="finding-5"')]
    assert not MARKED.search(card)
    assert "data-check-reason" not in card


MARKED = re.compile(r"Check the (match|area|polarity)")


def test_a_report_s_areas_matched_word_for_word_need_no_checking(client, officer, sefton):
    InspectionEvent.objects.filter(authority=sefton, kind="standard").delete()
    client.force_login(officer)
    _, page = review_page(client, paste(client, read(SEFTON_REPORT_2022)))
    areas = page[page.index('id="area-1"') : page.index('id="finding-1"')]
    assert areas.count('id="area-') == 14
    assert not MARKED.search(areas)


# Duplicates


def test_a_letter_already_recorded_is_flagged_and_refused(client, officer, sefton):
    client.force_login(officer)
    url, page = review_page(client, paste(client, read(SIXTH_VISIT_LETTER)))
    assert "Sefton's sixth monitoring visit (25 to 26 June 2024) is already recorded" in page
    before = counts()
    response = client.post(url, form_data(page))
    assert response.status_code == 200
    assert counts() == before
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "is already recorded, so this import would duplicate it" in body


def error_summary(body: str) -> list[str]:
    """The items of the page's error summary, as text."""
    start = body.index('class="govuk-error-summary"')
    end = body.index("</ul>", start)
    return [
        html.unescape(re.sub(r"<[^>]+>", "", item)).strip()
        for item in re.findall(r"<li>(.*?)</li>", body[start:end], re.S)
    ]


@pytest.mark.parametrize(
    ("document", "event", "field"),
    [
        (SIXTH_VISIT_LETTER, {"visit_number": 6}, "visit_number"),
        (SEFTON_REPORT_2022, {"kind": "standard"}, "fieldwork_start"),
    ],
)
def test_a_document_already_recorded_is_refused_with_one_error_and_a_link_to_the_event(
    client, officer, sefton, document, event, field
):
    existing = InspectionEvent.objects.get(authority=sefton, **event)
    link = f'href="{existing.get_absolute_url()}"'
    client.force_login(officer)
    url, page = review_page(client, paste(client, read(document)))
    assert link in page  # the warning links to the recorded event before anything is sent
    response = client.post(url, form_data(page))
    assert response.status_code == 200
    body = response.content.decode()
    assert error_summary(body) == [
        f"Sefton's {existing.title_in_sentence} ({existing.fieldwork_dates}) is already "
        "recorded, so this import would duplicate it. Edit the recorded event instead."
    ]
    assert f'href="#id_event-{field}' in body
    assert "Enter the monitoring visit number" not in body
    assert link in body


def test_a_duplicate_saved_meanwhile_is_refused_by_the_save_itself(
    client, officer, sefton_before_the_visits, monkeypatch
):
    client.force_login(officer)
    url, page = review_page(client, paste(client, read(SIXTH_VISIT_LETTER)))
    data = form_data(page)
    assert client.post(url, data).status_code == 302
    # The same letter, saved a second time from another review of it.
    url, page = review_page(client, paste(client, read(SIXTH_VISIT_LETTER)))
    monkeypatch.setattr("findings.importer.forms.existing_event", lambda *a, **k: None)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "is already recorded, so this import would duplicate it" in response.content.decode()
    assert InspectionEvent.objects.filter(visit_number=6).count() == 1


# Bad input


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({"text": ""}, "Paste the text of the letter or report, or upload its PDF."),
        ({"text": "A shopping list: milk, eggs."}, "does not look like an Ofsted monitoring visit"),
        (
            {"file": lambda: SimpleUploadedFile("letter.pdf", b"PK\x03\x04 word file")},
            "The selected file is not a PDF",
        ),
        ({"file": lambda: SimpleUploadedFile("letter.pdf", b"")}, "The submitted file is empty."),
        (
            {"file": lambda: SimpleUploadedFile("scan.pdf", scanned_pdf())},
            "has no text layer: it is probably a scanned image",
        ),
    ],
)
def test_bad_input_is_explained_on_the_page_and_nothing_is_saved(
    client, officer, sefton_before_the_visits, post, message
):
    client.force_login(officer)
    before = counts()
    data = {k: v() if callable(v) else v for k, v in post.items()}
    response = client.post(START, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert message in body
    assert counts() == before


def test_a_pdf_over_the_size_limit_is_refused(client, officer):
    client.force_login(officer)
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024))
    response = client.post(START, {"file": upload})
    assert response.status_code == 200
    assert "The selected file must be smaller than 10 MB." in response.content.decode()


def test_a_letter_about_an_authority_not_in_the_tracker_asks_which_authority(client, officer):
    northmoor = LocalAuthorityFactory(name="Moorland Borough", ons_code="E09900001")
    client.force_login(officer)
    letter = read(DATA / "northmoor-third-monitoring-visit-letter.txt")
    response = paste(client, letter)
    assert response.status_code == 200
    assert "The document is about &#x27;Northmoor&#x27;, which is not a local authority" in (
        response.content.decode()
    )
    _, page = review_page(client, paste(client, letter, authority=northmoor.pk))
    assert "Moorland Borough" in page


def test_review_errors_are_listed_in_the_summary_and_beside_each_field(
    client, officer, sefton_before_the_visits
):
    client.force_login(officer)
    url, page = review_page(client, paste(client, read(SIXTH_VISIT_LETTER)))
    data = form_data(page)
    data["findings-3-text"] = "   "
    data["event-fieldwork_end_day"] = "20"  # before the start
    data["areas-1-area"] = data["areas-0-area"]  # the same area twice
    data["areas-2-area"] = "new"  # a new area without a title
    data["areas-2-new_title"] = ""
    data["areas-3-DELETE"] = "on"  # left out, though finding 11 speaks to it
    before = counts()
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert counts() == before
    assert body.count('class="govuk-error-message"') >= 5
    for message in (
        'href="#id_findings-3-text"',
        "Finding 4: Enter the finding&#x27;s quoted text.",
        "Fieldwork end must be the same as or after fieldwork start.",
        "Area 2: Area 1 is already matched to this area of concern",
        "Area 3: Enter a title for the new area of concern",
        "Area 4 is being left out: choose another area for this finding, or none",
    ):
        assert message in body, message


def test_a_new_area_may_not_take_the_title_of_an_existing_one(
    client, officer, sefton_before_the_visits
):
    client.force_login(officer)
    url, page = review_page(client, paste(client, read(SIXTH_VISIT_LETTER)))
    data = form_data(page)
    data["areas-3-area"] = "new"
    data["areas-3-new_title"] = "Response to allegations against professionals"
    data["areas-3-new_theme"] = "help_protection"
    body = client.post(url, data).content.decode()
    assert 'href="#id_areas-3-new_title"' in body
    assert "This authority already has an area of concern with this title." in body
    assert not InspectionEvent.objects.filter(visit_number=6).exists()


def test_a_date_typed_wrongly_is_named_in_its_error(client, officer, sefton_before_the_visits):
    client.force_login(officer)
    url, page = review_page(client, paste(client, read(SIXTH_VISIT_LETTER)))
    data = form_data(page)
    data["event-published_on_month"] = ""
    data["event-fieldwork_start_month"] = "13"
    body = client.post(url, data).content.decode()
    assert "Letter or publication date must include a month" in body
    assert "Fieldwork start must be a real date" in body


def test_the_save_is_all_or_nothing(client, officer, sefton_before_the_visits, monkeypatch):
    client.force_login(officer)
    url, page = review_page(client, paste(client, read(SIXTH_VISIT_LETTER)))
    real_save_finding = services.save_finding
    saved = []

    def failing_save_finding(finding, **kwargs):
        if len(saved) == 10:
            raise ValidationError("The database refused the eleventh finding.")
        saved.append(finding)
        return real_save_finding(finding, **kwargs)

    monkeypatch.setattr(services, "save_finding", failing_save_finding)
    before = counts()
    response = client.post(url, form_data(page))
    assert response.status_code == 200
    assert "The database refused the eleventh finding." in response.content.decode()
    assert counts() == before


def test_an_import_no_longer_in_the_session_sends_the_officer_back_to_start(client, officer):
    client.force_login(officer)
    response = client.get(reverse("import-review", args=["gone"]))
    assert response.status_code == 302
    assert response["Location"] == START


def test_the_review_page_runs_the_same_queries_however_long_the_letter(
    client, officer, sefton_before_the_visits, django_assert_max_num_queries
):
    client.force_login(officer)
    url, _ = review_page(client, paste(client, read(SIXTH_VISIT_LETTER)))
    with django_assert_max_num_queries(12):
        client.get(url)


def test_area_choices_offer_only_the_authority_s_own_areas(
    client, officer, sefton_before_the_visits
):
    other = AreaOfConcernFactory(title="Another council's area")
    client.force_login(officer)
    url, page = review_page(client, paste(client, read(SIXTH_VISIT_LETTER)))
    assert "Another council&#x27;s area" not in page
    data = form_data(page)
    data["areas-0-area"] = str(other.pk)
    body = client.post(url, data).content.decode()
    assert "Choose one of this authority&#x27;s areas of concern, or a new area" in body
