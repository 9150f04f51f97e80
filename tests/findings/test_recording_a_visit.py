"""Recording a monitoring visit in one sitting through the officer's pages: the event's facts,
the areas it covered (adding a new one on the way), one screen per area with its findings and
rating, then checking and publishing. And the pages around it: ordering, changing and deleting
findings, publishing, deleting an event."""

import json
import re

import pytest
from django.urls import reverse

from findings.models import AreaOfConcern, AreaReview, Finding
from findings.seed import SEFTON_DATA
from tests.support.factories import (
    AreaOfConcernFactory,
    AreaReviewFactory,
    FindingFactory,
    InspectionEventFactory,
)
from tests.support.forms import error_summary, event_data, form_values, management, summary_text
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db

CONSENT = "Parental consent before information-sharing in the MASH"
CHILD_PROTECTION = "Urgency and robustness of the child protection response"


def area_screen_data(review, findings, rag="", rationale="", existing=()):
    """The area screen's POST: the existing findings, then the new ones, then the rating."""
    rows = list(existing) + list(findings)
    data = {
        **management("findings", len(rows), len(existing)),
        "rating-version": str(review.version),
        "rating-rag": rag,
        "rating-rationale": rationale,
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"findings-{index}-{key}"] = value
    return data


def test_an_officer_records_the_seventh_visit_from_nothing_to_published(client, officer, sefton):
    client.force_login(officer)

    # 1. The event's facts: saved as a draft, then on to the areas.
    response = client.post(reverse("event-create"), event_data())
    event = InspectionEvent.objects.get(authority=sefton, visit_number=7)
    assert response["Location"] == reverse("event-areas", args=[event.pk])
    assert event.status == InspectionEvent.Status.DRAFT

    # 2. The areas covered, with the letter's wording; a new area added on the way.
    consent = AreaOfConcern.objects.get(title=CONSENT)
    child_protection = AreaOfConcern.objects.get(title=CHILD_PROTECTION)
    response = client.post(
        reverse("event-areas", args=[event.pk]),
        {
            "areas": [consent.pk, child_protection.pk],
            f"wording_{consent.pk}": "The local authority's arrangements for the 'front door'.",
            f"wording_{child_protection.pk}": "",
            "add_area": "1",
        },
    )
    assert response["Location"] == reverse("event-area-create", args=[event.pk])
    response = client.post(
        reverse("event-area-create", args=[event.pk]),
        {
            "title": "Children missing from education",
            "description": "The response to children missing from education.",
            "theme": "vulnerable_children",
        },
    )
    assert response["Location"] == reverse("event-areas", args=[event.pk])
    new_area = AreaOfConcern.objects.get(title="Children missing from education")
    assert new_area.position == 15
    assert set(event.reviews.values_list("area__title", flat=True)) == {
        CONSENT,
        CHILD_PROTECTION,
        "Children missing from education",
    }
    # The officer changes their mind about the new area and continues.
    response = client.post(
        reverse("event-areas", args=[event.pk]),
        {
            "areas": [consent.pk, child_protection.pk],
            f"wording_{consent.pk}": "The local authority's arrangements for the 'front door'.",
            f"version_{consent.pk}": str(event.reviews.get(area=consent).version),
        },
    )
    assert response["Location"] == reverse("event-area", args=[event.pk, consent.pk])

    # 3. One screen per area: findings and the rating together.
    consent_review = event.reviews.get(area=consent)
    response = client.post(
        reverse("event-area", args=[event.pk, consent.pk]),
        area_screen_data(
            consent_review,
            [
                {
                    "text": "Children who need early help receive an effective and timely response.",
                    "polarity": "strength",
                    "section": "findings",
                    "paragraph": "2",
                },
                {
                    "text": "Consent is now mostly considered and secured when appropriate.",
                    "polarity": "mixed",
                    "section": "findings",
                    "paragraph": "11",
                },
                {"text": "", "polarity": "", "section": "findings", "paragraph": ""},
            ],
            rag="amber",
            rationale="Early help is timely; consent is mostly but not always secured.",
        ),
    )
    assert response["Location"] == reverse("event-area", args=[event.pk, child_protection.pk])

    child_protection_review = event.reviews.get(area=child_protection)
    response = client.post(
        reverse("event-area", args=[event.pk, child_protection.pk]),
        area_screen_data(
            child_protection_review,
            [
                {
                    "text": "When children need to be protected, the response is not consistently "
                    "timely.",
                    "polarity": "weakness",
                    "section": "findings",
                    "paragraph": "5",
                }
            ],
            rag="red",
            rationale="Strategy discussions are still late, so some children are left at risk "
            "of harm for too long.",
        ),
    )
    assert response["Location"] == reverse("event-publish", args=[event.pk])

    # 4. Check the answers, then publish.
    check = client.get(reverse("event-publish", args=[event.pk]))
    content = check.content.decode()
    assert "Check your answers before publishing" in content
    assert '<strong class="govuk-tag govuk-tag--orange app-rag">Amber</strong>' in content
    assert '<strong class="govuk-tag govuk-tag--red app-rag">Red</strong>' in content
    response = client.post(
        reverse("event-publish", args=[event.pk]),
        {"version": InspectionEvent.objects.get(pk=event.pk).version},
    )
    assert response["Location"] == event.get_absolute_url()

    event.refresh_from_db()
    assert event.status == InspectionEvent.Status.PUBLISHED
    assert event.findings.count() == 3
    # In the letter's order, by paragraph, though entered area by area.
    assert list(event.findings.order_by("order").values_list("paragraph", flat=True)) == [2, 5, 11]
    ratings = dict(event.reviews.values_list("area__title", "rag"))
    assert ratings == {CONSENT: "amber", CHILD_PROTECTION: "red"}
    assert set(event.reviews.values_list("rated_by__username", flat=True)) == {"officer"}
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Seventh monitoring visit" in page and "Draft" not in page


def test_saving_and_adding_another_finding_returns_to_the_same_screen(client, officer):
    client.force_login(officer)
    # A draft's area may be left without a rating while it is recorded (not a published one's).
    review = AreaReviewFactory(rag="", event__status=InspectionEvent.Status.DRAFT)
    url = reverse("event-area", args=[review.event_id, review.area_id])
    response = client.post(
        url,
        {
            **area_screen_data(
                review,
                [{"text": "A finding.", "polarity": "strength", "section": "headline"}],
            ),
            "add_another": "1",
        },
    )
    assert response["Location"] == url + "#new-finding"
    page = client.get(url).content.decode()
    assert "Finding 1" in page and 'id="new-finding"' in page


def test_a_finding_can_be_changed_and_deleted_on_the_area_screen(client, officer):
    client.force_login(officer)
    keep = FindingFactory(text="Keep me.")
    drop = FindingFactory(event=keep.event, area=keep.area, text="Drop me.")
    review = AreaReviewFactory(event=keep.event, area=keep.area)
    existing = [
        {
            "id": str(f.pk),
            "version": str(f.version),
            "text": text,
            "polarity": f.polarity,
            "section": f.section,
            "paragraph": str(f.paragraph),
            **extra,
        }
        for f, text, extra in (
            (keep, "Kept, and corrected.", {}),
            (drop, "Drop me.", {"DELETE": "on"}),
        )
    ]
    response = client.post(
        reverse("event-area", args=[review.event_id, review.area_id]),
        area_screen_data(review, [], rag=review.rag, rationale=review.rationale, existing=existing),
    )
    assert response.status_code == 302
    assert list(Finding.objects.values_list("text", flat=True)) == ["Kept, and corrected."]


def test_saving_the_area_screen_reads_the_area_once_however_many_findings(client, officer):
    """Checking each finding (its area belongs to the event's authority) reads no area per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(officer)

    def save_unchanged(count):
        review = AreaReviewFactory()
        findings = [FindingFactory(event=review.event, area=review.area) for _ in range(count)]
        existing = [
            {
                "id": str(f.pk),
                "version": str(f.version),
                "text": f.text,
                "polarity": f.polarity,
                "section": f.section,
                "paragraph": str(f.paragraph),
            }
            for f in findings
        ]
        data = area_screen_data(
            review, [], rag=review.rag, rationale=review.rationale, existing=existing
        )
        url = reverse("event-area", args=[review.event_id, review.area_id])
        with CaptureQueriesContext(connection) as queries:
            assert client.post(url, data).status_code == 302
        return sum('FROM "findings_areaofconcern"' in q["sql"] for q in queries.captured_queries)

    assert save_unchanged(2) == save_unchanged(6)


def test_an_area_with_findings_at_the_event_cannot_be_removed_from_it(client, officer):
    client.force_login(officer)
    finding = FindingFactory()
    AreaReviewFactory(event=finding.event, area=finding.area)
    response = client.post(reverse("event-areas", args=[finding.event_id]), {"areas": []})
    assert f"“{finding.area.title}” has 1 finding at this visit: move or delete it first" in (
        summary_text(response)
    )
    assert AreaReview.objects.filter(event=finding.event, area=finding.area).exists()


def test_each_areas_wording_is_revealed_by_its_checkbox_and_shown_without_javascript(
    client, officer
):
    client.force_login(officer)
    review = AreaReviewFactory(area_wording="The 'front door'.")
    other = AreaOfConcernFactory(authority=review.event.authority)
    content = client.get(reverse("event-areas", args=[review.event_id])).content.decode()
    for area, hidden in ((review.area, ""), (other, " govuk-checkboxes__conditional--hidden")):
        box = re.search(rf'<input [^>]*name="areas" [^>]*value="{area.pk}"[^>]*>', content)[0]
        target = re.search(r'data-aria-controls="([^"]+)"', box).group(1)
        # The class hides it only once GOV.UK Frontend's JavaScript runs; without it, all show.
        assert f'<div class="govuk-checkboxes__conditional{hidden}" id="{target}">' in content
        assert f'id="id_wording_{area.pk}"' in content
    assert 'data-module="govuk-checkboxes"' in content


def test_unticking_an_area_with_findings_says_so_first_and_keeps_its_wording(client, officer):
    client.force_login(officer)
    finding = FindingFactory()
    FindingFactory(event=finding.event, area=finding.area)
    review = AreaReviewFactory(event=finding.event, area=finding.area, area_wording="Front door.")
    url = reverse("event-areas", args=[finding.event_id])
    wording = f"wording_{review.area_id}"

    refused = client.post(
        url, {"areas": [], wording: "Front door.", f"version_{review.area_id}": "1"}
    )
    assert error_summary(refused) == [
        (
            "id_areas_0",
            f"“{review.area.title}” has 2 findings at this visit: move or delete them first",
        )
    ]
    assert form_values(refused)[wording] == "Front door."

    # Ticked again and saved as shown: the letter's wording is still there.
    again = form_values(refused)
    again["areas"] = [str(review.area_id)]
    assert client.post(url, again).status_code == 302
    assert AreaReview.objects.get(pk=review.pk).area_wording == "Front door."


def test_findings_are_moved_up_and_down_and_put_in_the_letters_order(client, officer):
    client.force_login(officer)
    event = InspectionEventFactory()
    third = FindingFactory(event=event, section="findings", paragraph=3, order=1)
    first = FindingFactory(event=event, area=third.area, section="headline", paragraph=1, order=2)
    second = FindingFactory(event=event, area=third.area, section="findings", paragraph=2, order=3)
    url = reverse("event-findings", args=[event.pk])

    def order():
        return list(event.findings.order_by("order").values_list("pk", flat=True))

    response = client.post(url, {"move": f"up:{first.pk}"})
    assert response["Location"] == f"{url}#finding-{first.pk}"
    assert order() == [first.pk, third.pk, second.pk]
    client.post(url, {"move": f"down:{first.pk}"})
    assert order() == [third.pk, first.pk, second.pk]
    client.post(url, {"letter_order": "1"})
    assert order() == [first.pk, second.pk, third.pk]
    page = client.get(url).content.decode()
    assert page.index(f'id="finding-{first.pk}"') < page.index(f'id="finding-{third.pk}"')


def test_a_deleted_finding_keeps_its_history(client, officer):
    client.force_login(officer)
    finding = FindingFactory(text="A statement entered by mistake.")
    response = client.get(reverse("finding-delete", args=[finding.pk]))
    assert "Are you sure you want to delete this finding?" in response.content.decode()
    response = client.post(
        reverse("finding-delete", args=[finding.pk]), {"version": finding.version}
    )
    assert response["Location"] == finding.event.get_absolute_url() + "#findings"
    assert not Finding.objects.filter(pk=finding.pk).exists()
    listing = client.get(reverse("event-findings", args=[finding.event_id])).content.decode()
    assert "Deleted findings" in listing and "deleted by Olu Officer" in listing
    history = client.get(reverse("finding-history", args=[finding.pk])).content.decode()
    assert "Deleted" in history and "by Olu Officer" in history


def test_a_draft_is_published_and_then_seen_by_the_board(client, officer, board_member):
    draft = InspectionEventFactory(status=InspectionEvent.Status.DRAFT)
    AreaReviewFactory(event=draft)  # a monitoring visit is published with its rated areas
    client.force_login(board_member)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(officer)
    client.post(reverse("event-publish", args=[draft.pk]), {"version": draft.version})
    client.force_login(board_member)
    assert client.get(draft.get_absolute_url()).status_code == 200
    # Publishing again is not offered: the check page sends the officer back to the event.
    client.force_login(officer)
    assert client.get(reverse("event-publish", args=[draft.pk])).status_code == 302


def test_an_administrator_deletes_an_event_after_confirming(client, administrator):
    finding = FindingFactory()
    event = finding.event
    client.force_login(administrator)
    confirm = client.get(reverse("event-delete", args=[event.pk])).content.decode()
    assert "1 finding" in confirm and "You cannot undo this" in confirm
    response = client.post(reverse("event-delete", args=[event.pk]), {"version": event.version})
    assert response["Location"] == reverse("home")
    assert not InspectionEvent.objects.filter(pk=event.pk).exists()
    assert (
        Finding.history.filter(id=finding.pk, history_type="-").get().history_user == administrator
    )


def test_an_area_is_changed_with_its_version(client, officer):
    review = AreaReviewFactory()
    area = review.area
    client.force_login(officer)
    response = client.post(
        reverse("area-edit", args=[area.pk]),
        {
            "title": "Allegations against professionals",
            "description": area.description,
            "theme": area.theme,
            "raised_by": "",
            "position": str(area.position),
            "version": str(area.version),
        },
    )
    assert response["Location"] == area.get_absolute_url()
    assert AreaOfConcern.objects.get(pk=area.pk).title == "Allegations against professionals"


def test_an_area_cannot_be_raised_by_another_authoritys_inspection(client, officer):
    review = AreaReviewFactory()
    elsewhere = InspectionEventFactory()
    area = review.area
    client.force_login(officer)
    response = client.post(
        reverse("area-edit", args=[area.pk]),
        {
            "title": area.title,
            "description": area.description,
            "theme": area.theme,
            "raised_by": str(elsewhere.pk),
            "position": str(area.position),
            "version": str(area.version),
        },
    )
    assert "Choose an inspection of the same local authority." in summary_text(response)


def test_the_sixth_visit_of_the_seed_letter_can_be_recorded_from_scratch(
    client, officer, administrator, sefton
):
    """Delete the sixth visit that Sefton's data holds, record it again through the officer's
    pages from the letter, and get the same records back."""
    data = json.loads(SEFTON_DATA.read_text(encoding="utf-8"))
    letter = next(e for e in data["events"] if e["key"] == "mv6-2024")
    area_keys = {a["key"]: a["title"] for a in data["areas"]}
    sixth = InspectionEvent.objects.get(visit_number=6)
    client.force_login(administrator)
    client.post(reverse("event-delete", args=[sixth.pk]), {"version": sixth.version})
    assert not InspectionEvent.objects.filter(visit_number=6).exists()

    client.force_login(officer)

    def day(iso):
        year, month, date = iso.split("-")
        return {"day": str(int(date)), "month": str(int(month)), "year": year}

    facts = event_data(
        visit_number="6",
        inspectors=", ".join(letter["inspectors"]),
        lead_inspector=letter["lead_inspector"],
        source_reference=letter["source_reference"],
        headline_summary=letter["headline_summary"],
    )
    for name, key in (
        ("fieldwork_start", "fieldwork_start"),
        ("fieldwork_end", "fieldwork_end"),
        ("published_on", "published_on"),
    ):
        for part, value in day(letter[key]).items():
            facts[f"{name}_{part}"] = value
    assert client.post(reverse("event-create"), facts).status_code == 302
    event = InspectionEvent.objects.get(visit_number=6)

    areas = {
        r["area"]: AreaOfConcern.objects.get(title=area_keys[r["area"]]) for r in letter["reviews"]
    }
    chosen = {"areas": [a.pk for a in areas.values()]}
    for review in letter["reviews"]:
        chosen[f"wording_{areas[review['area']].pk}"] = review["area_wording"]
    assert client.post(reverse("event-areas", args=[event.pk]), chosen).status_code == 302

    for review in letter["reviews"]:
        area = areas[review["area"]]
        findings = [
            {
                "text": f["text"],
                "polarity": f["polarity"],
                "section": f["section"],
                "paragraph": str(f["paragraph"]),
            }
            for f in letter["findings"]
            if f["area"] == review["area"]
        ]
        screen = area_screen_data(
            event.reviews.get(area=area), findings, review["rag"], review["rationale"]
        )
        response = client.post(reverse("event-area", args=[event.pk, area.pk]), screen)
        assert response.status_code == 302, summary_text(response)

    client.post(reverse("event-findings", args=[event.pk]), {"letter_order": "1"})
    event.refresh_from_db()
    client.post(reverse("event-publish", args=[event.pk]), {"version": event.version})

    event.refresh_from_db()
    assert event.is_published
    assert (event.fieldwork_dates, event.published_on.isoformat()) == (
        "25 to 26 June 2024",
        letter["published_on"],
    )
    recorded = [
        (f.area.title, f.section, f.paragraph, f.polarity, f.text)
        for f in event.findings.select_related("area").order_by("order")
    ]
    expected = [
        (area_keys[f["area"]], f["section"], f["paragraph"], f["polarity"], f["text"])
        for f in sorted(letter["findings"], key=lambda f: f["order"])
    ]
    assert recorded == expected
    ratings = {(r.area.title, r.area_wording, r.rag, r.rationale) for r in event.reviews.all()}
    assert ratings == {
        (area_keys[r["area"]], r["area_wording"], r["rag"], r["rationale"])
        for r in letter["reviews"]
    }
