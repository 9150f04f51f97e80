"""History pages: who changed what and when, old and new values side by side, newest first, with
the right user — in a constant number of queries however long the history."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from findings.models import RAG
from findings.services import save_action, save_area, save_finding, save_review
from tests.support.factories import (
    AreaReviewFactory,
    FindingFactory,
    ImprovementActionFactory,
    InspectionEventFactory,
    InspectionFactory,
)
from tests.support.forms import date_fields, management
from visits.models import InspectionEvent
from visits.services import save_event

pytestmark = pytest.mark.django_db


def cards(response) -> list[str]:
    """Each history entry's text, newest first."""
    content = response.content.decode()
    parts = content.split('<div class="govuk-summary-card app-history-entry">')[1:]
    return [" ".join(re.sub(r"<[^>]+>", " ", part).split()) for part in parts]


def test_a_finding_changed_through_the_form_shows_who_and_both_versions(client, officer):
    finding = FindingFactory(text="The first wording.", paragraph=4)
    client.force_login(officer)
    client.post(
        reverse("finding-edit", args=[finding.pk]),
        {
            "area": finding.area_id,
            "text": "The corrected wording.",
            "polarity": "weakness",
            "section": "findings",
            "paragraph": "4",
            "version": finding.version,
        },
    )
    latest = finding.history.order_by("-history_date").first()
    assert latest.history_user == officer

    entries = cards(client.get(reverse("finding-history", args=[finding.pk])))
    assert len(entries) == 2
    changed, created = entries
    assert changed.startswith("Changed by Olu Officer at")
    assert "Quoted text The first wording. The corrected wording." in changed
    assert "Polarity Strength Weakness" in changed
    assert created.startswith("Created by a data import (no user recorded)")


def test_a_ratings_history_is_the_areas_trajectory_audit_trail(client, officer, board_member):
    earlier = AreaReviewFactory(rag=RAG.RED, rationale="Risk remains for children at night.")
    area = earlier.area
    later_event = InspectionEventFactory(authority=earlier.event.authority, visit_number=99)
    later = AreaReviewFactory(event=later_event, area=area, rag="", rationale="")
    client.force_login(officer)
    url = reverse("event-area", args=[later_event.pk, area.pk])
    client.post(
        url,
        {
            **management("findings", 1, 0),
            "findings-0-section": "findings",
            "rating-version": later.version,
            "rating-rag": "green",
            "rating-rationale": "Timely help out of hours, seen in every case sampled.",
        },
    )
    client.force_login(board_member)
    response = client.get(reverse("area-ratings-history", args=[area.pk]))
    content = response.content.decode()
    entries = cards(response)
    assert entries[0].startswith(
        f"Changed: {later_event.title} (25 to 26 June 2024) by Olu Officer"
    )
    assert "RAG rating Not rated Green" in entries[0]
    assert "Rationale (blank) Timely help out of hours, seen in every case sampled." in entries[0]
    assert '<strong class="govuk-tag govuk-tag--green app-rag">Green</strong>' in content
    assert any("Created: " + earlier.event.title in e and "Red" in e for e in entries)
    one = client.get(reverse("review-history", args=[later.pk]))
    assert len(cards(one)) == 2


def test_ratings_at_a_draft_are_left_out_of_the_boards_trail(client, board_member, officer):
    review = AreaReviewFactory(event__status=InspectionEvent.Status.DRAFT)
    client.force_login(board_member)
    assert cards(client.get(reverse("area-ratings-history", args=[review.area_id]))) == []
    assert client.get(reverse("review-history", args=[review.pk])).status_code == 404
    client.force_login(officer)
    assert len(cards(client.get(reverse("area-ratings-history", args=[review.area_id])))) == 1


def test_an_events_history_includes_its_judgements(client, officer):
    inspection = InspectionFactory(headline_summary="")
    client.force_login(officer)
    data = {
        "kind": "standard",
        "visit_number": "",
        **date_fields("fieldwork_start", inspection.fieldwork_start),
        **date_fields("fieldwork_end", inspection.fieldwork_end),
        **date_fields("published_on", inspection.published_on),
        "inspectors": inspection.inspectors,
        "lead_inspector": "",
        "source_reference": "",
        "headline_summary": "Services for children are inadequate.",
        "overall_effectiveness": "inadequate",
        "version": inspection.version,
    }
    assert client.post(reverse("event-edit", args=[inspection.pk]), data).status_code == 302
    entries = cards(client.get(reverse("event-history", args=[inspection.pk])))
    assert entries[0].startswith("Changed by Olu Officer")
    assert "Headline summary (blank) Services for children are inadequate." in entries[0]
    assert any(e.startswith("Created: Overall effectiveness by Olu Officer") for e in entries)


def test_an_actions_history_shows_the_status_moving_on(client, officer):
    action = ImprovementActionFactory()
    client.force_login(officer)
    client.post(
        reverse("action-edit", args=[action.pk]),
        {
            "title": action.title,
            "lead_name": action.lead_name,
            **date_fields("due_date", action.due_date),
            "status": "complete",
            "version": action.version,
        },
    )
    entries = cards(client.get(reverse("action-history", args=[action.pk])))
    assert entries[0].startswith("Changed by Olu Officer")
    assert "Status Not started Complete" in entries[0]


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _busy(times):
    finding = FindingFactory()
    review = AreaReviewFactory(event=finding.event, area=finding.area)
    action = ImprovementActionFactory(area=finding.area)
    event, area = finding.event, finding.area
    for n in range(times):
        finding.text = f"Wording {n}."
        save_finding(finding)
        save_review(review, rag="amber", rationale=f"Rationale {n}.", user=None)
        action.lead_name = f"Owner {n}"
        save_action(action)
        area.description = f"Description {n}."
        save_area(area)
        event.headline_summary = f"Summary {n}."
        save_event(event)
    return {
        "finding-history": finding.pk,
        "review-history": review.pk,
        "area-ratings-history": area.pk,
        "action-history": action.pk,
        "area-history": area.pk,
        "event-history": event.pk,
    }


def test_history_pages_run_the_same_number_of_queries_at_ten_times_the_history(client, officer):
    client.force_login(officer)
    short, long = _busy(2), _busy(20)
    for name in short:
        assert _queries(client, reverse(name, args=[short[name]])) == _queries(
            client, reverse(name, args=[long[name]])
        ), name
