"""A visit is published only when it is complete: a monitoring visit has the areas of concern it
reviewed, and each area reviewed has a rating or is recorded, with a reason, as not rated at that
visit. Such an area is never a change, a direction of travel or a latest rating on the board's
pages, letters and digests, which say "Not rated at this visit: <reason>" where the review is
listed. Step 2 of recording a monitoring visit does not go on with no area ticked."""

import datetime
import re
from html import unescape

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from findings.models import RAG, AreaReview
from reports.digests import digest_context
from reports.letters import letter_context
from reports.models import Cadence
from reports.periods import Period
from tests.support.factories import (
    AreaOfConcernFactory,
    AreaReviewFactory,
    InspectionEventFactory,
)
from tests.support.forms import management, summary_text
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db

REASON = "The letter says too little about the area to rate it."
RED_RATIONALE = "Strategy discussions are still late, so some children remain at risk of harm."


def text(response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def draft(**kwargs) -> InspectionEvent:
    return InspectionEventFactory(status=InspectionEvent.Status.DRAFT, **kwargs)


def publish_page(client, event):
    event.refresh_from_db()
    return client.post(reverse("event-publish", args=[event.pk]), {"version": event.version})


def summary_links(response) -> list[tuple[str, str]]:
    """The error summary's links as (href, text), whatever they point at."""
    content = response.content.decode()
    start = content.find('<div class="govuk-error-summary"')
    assert start >= 0, "no error summary"
    end = content.find("</ul>", start)
    return [
        (href, " ".join(unescape(re.sub(r"<[^>]+>", " ", label)).split()))
        for href, label in re.findall(r'<a href="([^"]*)">(.*?)</a>', content[start:end], re.S)
    ]


def summary_items(response) -> list[str]:
    """The error summary's messages, in order."""
    content = response.content.decode()
    start = content.find('<div class="govuk-error-summary"')
    assert start >= 0, "no error summary"
    end = content.find("</ul>", start)
    return [
        " ".join(unescape(re.sub(r"<[^>]+>", " ", item)).split())
        for item in re.findall(r"<li>(.*?)</li>", content[start:end], re.S)
    ]


def rating_screen(review, **rating) -> dict[str, str]:
    """The area screen's POST: no new finding (the blank one left as drawn), and the rating."""
    return {
        **management("findings", 1, 0),
        "findings-0-section": "findings",
        "rating-version": str(review.version),
        "rating-rag": "",
        "rating-rationale": "",
        "rating-not_rated_reason": "",
        **{f"rating-{name}": value for name, value in rating.items()},
    }


# Publishing: the one rule, at step 4.


def test_a_monitoring_visit_with_no_areas_is_not_published(client, officer):
    event = draft()
    client.force_login(officer)
    response = publish_page(client, event)
    assert response.status_code == 200
    assert summary_links(response) == [
        (
            reverse("event-areas", args=[event.pk]),
            "Record the areas of concern this monitoring visit reviewed before publishing it",
        )
    ]
    assert response.content.decode().count("<title>Error: ") == 1
    event.refresh_from_db()
    assert event.status == InspectionEvent.Status.DRAFT


def test_each_unrated_area_is_listed_with_a_link_to_its_screen_and_nothing_is_published(
    client, officer
):
    event = draft()
    rated = AreaReviewFactory(event=event, rag=RAG.AMBER)
    first = AreaReviewFactory(event=event, rag="", rationale="")
    second = AreaReviewFactory(event=event, rag="", rationale="A rationale typed, no rating.")
    client.force_login(officer)
    assert "2 areas covered have no rating yet" in text(
        client.get(reverse("event-publish", args=[event.pk]))
    )
    response = publish_page(client, event)
    assert summary_links(response) == [
        (
            reverse("event-area", args=[event.pk, review.area_id]),
            f"Rate “{review.area.title}”, or record why it was not rated at this visit",
        )
        for review in (first, second)
    ]
    assert rated.area.title not in summary_text(response)
    event.refresh_from_db()
    assert event.status == InspectionEvent.Status.DRAFT


def test_an_area_recorded_as_not_rated_with_a_reason_lets_the_visit_be_published(client, officer):
    event = draft()
    AreaReviewFactory(event=event, rag=RAG.RED, rationale=RED_RATIONALE)
    AreaReviewFactory(event=event, rag="", rationale="", not_rated_reason=REASON)
    client.force_login(officer)
    check = text(client.get(reverse("event-publish", args=[event.pk])))
    assert f"Not rated at this visit: {REASON}" in check
    response = publish_page(client, event)
    assert response.status_code == 302, summary_text(response)
    event.refresh_from_db()
    assert event.is_published


def test_a_focused_visit_may_be_published_without_areas_but_not_with_an_unrated_one(
    client, officer
):
    focused = draft(kind=InspectionEvent.Kind.FOCUSED, visit_number=None)
    client.force_login(officer)
    assert publish_page(client, focused).status_code == 302
    other = draft(kind=InspectionEvent.Kind.FOCUSED, visit_number=None)
    AreaReviewFactory(event=other, rag="", rationale="")
    assert publish_page(client, other).status_code == 200
    other.refresh_from_db()
    assert not other.is_published


def test_the_service_refuses_with_every_problem_and_publishes_once_they_are_put_right(officer):
    from findings.services import PublishingError, publish

    event = draft()
    with pytest.raises(PublishingError) as caught:
        publish(event)
    assert caught.value.message_dict == {
        "status": [
            "Record the areas of concern this monitoring visit reviewed before publishing it"
        ]
    }
    review = AreaReviewFactory(event=event, rag="", rationale="")
    with pytest.raises(PublishingError) as caught:
        publish(event)
    assert [(p.message, p.review) for p in caught.value.problems] == [
        (f"Rate “{review.area.title}”, or record why it was not rated at this visit", review)
    ]
    AreaReview.objects.filter(pk=review.pk).update(not_rated_reason=REASON)
    publish(event)
    assert InspectionEvent.objects.get(pk=event.pk).is_published


# Step 2: the areas covered.


def test_step_2_with_nothing_ticked_stays_on_the_page_with_an_error(client, officer):
    event = draft()
    AreaOfConcernFactory(authority=event.authority)
    client.force_login(officer)
    response = client.post(reverse("event-areas", args=[event.pk]), {})
    assert response.status_code == 200
    assert summary_items(response) == ["Select the areas of concern this visit reviewed"]
    assert "Success" not in response.content.decode()
    # Adding a new area, with none ticked yet, is still the way to the first one.
    response = client.post(reverse("event-areas", args=[event.pk]), {"add_area": "1"})
    assert response["Location"] == reverse("event-area-create", args=[event.pk])


def test_step_2_of_a_focused_visit_may_record_no_areas(client, officer):
    event = draft(kind=InspectionEvent.Kind.FOCUSED, visit_number=None)
    AreaOfConcernFactory(authority=event.authority)
    client.force_login(officer)
    response = client.post(reverse("event-areas", args=[event.pk]), {}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("event-publish", args=[event.pk])
    assert "The focused visit is recorded as reviewing no areas of concern." in text(response)
    assert "The areas covered have been saved" not in text(response)


# Step 3: "Not rated at this visit", with its reason.


def test_an_area_is_recorded_as_not_rated_at_this_visit_with_its_reason(client, officer):
    review = AreaReviewFactory(event=draft(), rag="", rationale="")
    url = reverse("event-area", args=[review.event_id, review.area_id])
    client.force_login(officer)
    page = text(client.get(url))
    assert "Not rated at this visit" in page and "Why was it not rated?" in page

    response = client.post(url, rating_screen(review, rag="not_rated"))
    assert response.status_code == 200
    assert summary_items(response) == ["Enter why the area was not rated at this visit"]

    response = client.post(url, rating_screen(review, rag="not_rated", not_rated_reason=REASON))
    assert response.status_code == 302, summary_text(response)
    review.refresh_from_db()
    assert (review.rag, review.rationale, review.not_rated_reason) == ("", "", REASON)
    assert review.rated_by == officer
    # Shown again as chosen, with its reason.
    page = client.get(url).content.decode()
    assert re.search(r'value="not_rated" checked', page)
    assert REASON in page


def test_a_reason_left_under_not_rated_is_dropped_when_a_rating_is_chosen(client, officer):
    review = AreaReviewFactory(event=draft(), rag="", rationale="", not_rated_reason=REASON)
    url = reverse("event-area", args=[review.event_id, review.area_id])
    client.force_login(officer)
    response = client.post(
        url,
        rating_screen(
            review, rag="amber", rationale="Better, not yet consistent.", not_rated_reason=REASON
        ),
    )
    assert response.status_code == 302, summary_text(response)
    review.refresh_from_db()
    assert (review.rag, review.not_rated_reason) == ("amber", "")


def test_not_rated_with_a_rationale_typed_asks_for_one_or_the_other(client, officer):
    review = AreaReviewFactory(event=draft(), rag="", rationale="")
    url = reverse("event-area", args=[review.event_id, review.area_id])
    client.force_login(officer)
    response = client.post(
        url,
        rating_screen(review, rag="not_rated", not_rated_reason=REASON, rationale="Some text."),
    )
    assert summary_items(response) == [
        "Give either a rating with its rationale or the reason the area was not rated, not both."
    ]


def test_a_published_visits_area_cannot_be_left_undecided(client, officer):
    review = AreaReviewFactory(rag=RAG.AMBER)
    url = reverse("event-area", args=[review.event_id, review.area_id])
    client.force_login(officer)
    assert "Decide later" not in text(client.get(url))
    response = client.post(url, rating_screen(review))
    assert response.status_code == 200
    assert summary_items(response) == ["Select a rating, or “Not rated at this visit”"]
    review.refresh_from_db()
    assert review.rag == RAG.AMBER


# What the board sees: never a change, a direction or a latest rating.


@pytest.fixture
def not_rated_at_the_latest_visit():
    """An area rated red at the fourth visit and not rated at the fifth (the latest)."""
    fourth = InspectionEventFactory(
        visit_number=4,
        fieldwork_start=datetime.date(2024, 3, 5),
        fieldwork_end=datetime.date(2024, 3, 6),
        published_on=datetime.date(2024, 4, 2),
    )
    fifth = InspectionEventFactory(authority=fourth.authority, visit_number=5)
    area = AreaOfConcernFactory(authority=fourth.authority, title="Children missing from care")
    AreaReviewFactory(event=fourth, area=area, rag=RAG.RED, rationale=RED_RATIONALE)
    review = AreaReviewFactory(
        event=fifth, area=area, rag="", rationale="", not_rated_reason=REASON
    )
    return review


def test_the_dashboard_counts_the_earlier_rating_and_names_no_change(
    client, board_member, not_rated_at_the_latest_visit
):
    review = not_rated_at_the_latest_visit
    client.force_login(board_member)
    response = client.get(reverse("dashboard"), {"authority": review.event.authority_id})
    page = text(response)
    changes = page[page.index("What changed at the latest visit") : page.index("Ratings by area")]
    assert f"Children missing from care Not rated at this visit: {REASON}" in changes
    assert "Red to" not in changes and "No earlier rating" not in changes
    assert "1 Red area at the latest review" in page
    # The matrix: red at the fourth visit, not rated at the fifth, and red its latest rating.
    row = page[page.index("Children missing from care Help and protection") :]
    row = row[: row.index("What the inspectors said")]
    assert row.count("Red") == 2 and row.count("Not rated") == 1


def test_the_event_and_area_pages_say_why_it_was_not_rated(
    client, board_member, not_rated_at_the_latest_visit
):
    review = not_rated_at_the_latest_visit
    client.force_login(board_member)
    event_page = text(client.get(review.event.get_absolute_url()))
    assert f"Not rated at this visit: {REASON}" in event_page
    assert "No earlier rating" not in event_page
    area_page = text(client.get(review.area.get_absolute_url()))
    assert f"Not rated at this visit: {REASON}" in area_page
    assert "No earlier rating" not in area_page.split("Fifth monitoring visit")[1]


def test_the_letter_says_why_the_area_was_not_rated_and_gives_no_direction(
    not_rated_at_the_latest_visit,
):
    review = not_rated_at_the_latest_visit
    html = render_to_string("pdf/letter.html", letter_context(review.event_id))
    area = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    area = area[area.index("1. Children missing from care") : area.index("Findings by area")]
    assert f"Not rated at this visit: {REASON}" in area
    assert "First rating" not in area and "Direction of travel" not in area


def test_the_digest_keeps_the_earlier_rating_and_sees_no_change(not_rated_at_the_latest_visit):
    review = not_rated_at_the_latest_visit
    july = Period(Cadence.MONTHLY, datetime.date(2024, 7, 1), datetime.date(2024, 7, 31))
    context = digest_context(review.event.authority_id, july)
    assert context["changes"] == []
    [status] = context["area_statuses"]
    assert status.rag == RAG.RED and status.current.event.visit_number == 4


def test_an_imported_visit_asks_for_its_ratings_before_it_is_published(client, officer):
    from findings.importer.services import ReviewedArea, save_import

    area = AreaOfConcernFactory()
    event = InspectionEvent(
        authority=area.authority,
        kind=InspectionEvent.Kind.MONITORING,
        visit_number=7,
        fieldwork_start=datetime.date(2025, 3, 4),
        fieldwork_end=datetime.date(2025, 3, 5),
    )
    save_import(
        event=event,
        judgements={},
        areas=[ReviewedArea(ref=1, wording="The front door.", area=area)],
        findings=[],
    )
    client.force_login(officer)
    response = publish_page(client, event)
    assert summary_links(response) == [
        (
            reverse("event-area", args=[event.pk, area.pk]),
            f"Rate “{area.title}”, or record why it was not rated at this visit",
        )
    ]
    event.refresh_from_db()
    assert not event.is_published


def test_a_published_monitoring_visit_keeps_an_area(client, officer):
    from django.core.exceptions import ValidationError

    from findings.services import set_reviewed_areas

    review = AreaReviewFactory(rag=RAG.AMBER)
    with pytest.raises(ValidationError, match="keeps at least one area of concern"):
        set_reviewed_areas(review.event, [])
    client.force_login(officer)
    response = client.post(reverse("event-areas", args=[review.event_id]), {})
    assert summary_items(response) == ["Select the areas of concern this visit reviewed"]
    assert AreaReview.objects.filter(pk=review.pk).exists()
