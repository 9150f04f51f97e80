"""The event page and the area page: the facts, ratings and quoted evidence, drafts embargoed,
and a constant number of queries however much data there is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from findings.models import RAG, AreaOfConcern
from tests.support.factories import (
    AreaOfConcernFactory,
    AreaReviewFactory,
    FindingFactory,
    ImprovementActionFactory,
    InspectionEventFactory,
)
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db


def test_the_sixth_visit_page_shows_its_ratings_and_findings_in_letter_order(
    client, sefton, board_member
):
    client.force_login(board_member)
    sixth = InspectionEvent.objects.get(visit_number=6)
    content = client.get(sixth.get_absolute_url()).content.decode()
    assert "Sixth monitoring visit" in content
    assert "Lisa Summers, Rachel Fairhurst" in content
    assert (
        "In the letter: “The management of concerns for children outside of normal office hours.”"
        in content
    )
    # Out of hours went from red in 2022 to green: better.
    assert '<span class="app-direction app-direction--better">Better</span>' in content
    positions = [content.index(f.text[:60].replace("'", "&#x27;")) for f in sixth.findings.all()]
    assert positions == sorted(positions)


def test_two_events_on_the_same_day_follow_the_trajectorys_order(client, officer):
    # The event page's direction of travel compares with the rating before it in the order the
    # area page, dashboard and letters use: fieldwork start, then the order events were recorded.
    first = InspectionEventFactory()
    second = InspectionEventFactory(authority=first.authority)
    area = AreaOfConcernFactory(authority=first.authority)
    AreaReviewFactory(event=first, area=area, rag=RAG.RED)
    AreaReviewFactory(event=second, area=area, rag=RAG.AMBER)
    client.force_login(officer)
    content = client.get(second.get_absolute_url()).content.decode()
    assert '<span class="app-direction app-direction--better">Better</span>' in content


def test_the_inspection_page_shows_its_judgements(client, sefton, board_member):
    client.force_login(board_member)
    inspection = InspectionEvent.objects.get(kind="standard")
    content = client.get(inspection.get_absolute_url()).content.decode()
    assert "The impact of leaders on social work practice with children and families" in content
    assert content.count(">Inadequate<") == 4


def test_an_area_page_shows_its_trajectory_and_evidence(client, sefton, board_member):
    client.force_login(board_member)
    area = AreaOfConcern.objects.get(title__startswith="Response to allegations")
    content = client.get(area.get_absolute_url()).content.decode()
    assert content.index("Standard ILACS inspection") < content.index("Sixth monitoring visit")
    assert (
        'govuk-tag--red app-rag">Red' in content and 'govuk-tag--orange app-rag">Amber' in content
    )
    assert (
        "the local authority designated officer (LADO) ensures that appropriate actions" in content
    )


def test_a_draft_is_hidden_from_the_board_but_shown_to_officers(client, board_member, officer):
    draft = InspectionEventFactory(status=InspectionEvent.Status.DRAFT)
    client.force_login(board_member)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert draft.get_absolute_url() not in client.get("/").content.decode()
    client.force_login(officer)
    assert draft.get_absolute_url() in client.get("/").content.decode()
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "only officers can see it until it is published" in response.content.decode()


def test_ratings_at_a_draft_do_not_show_on_the_area_page_for_the_board(client, board_member):
    review = AreaReviewFactory(event__status=InspectionEvent.Status.DRAFT, rag=RAG.GREEN)
    client.force_login(board_member)
    assert "govuk-tag--green" not in client.get(review.area.get_absolute_url()).content.decode()


def _journey(events: int, areas: int, findings_per_area: int):
    authority_event = InspectionEventFactory(visit_number=1)
    authority = authority_event.authority
    event_list = [authority_event] + [
        InspectionEventFactory(authority=authority, visit_number=n + 2) for n in range(events - 1)
    ]
    area_list = [AreaOfConcernFactory(authority=authority) for _ in range(areas)]
    for event in event_list:
        for area in area_list:
            AreaReviewFactory(event=event, area=area)
            for _ in range(findings_per_area):
                FindingFactory(event=event, area=area)
    for area in area_list:
        ImprovementActionFactory(area=area)
    return event_list[-1], area_list[0]


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_pages_run_the_same_number_of_queries_at_ten_times_the_data(client, officer):
    client.force_login(officer)
    small_event, small_area = _journey(events=2, areas=2, findings_per_area=1)
    large_event, large_area = _journey(events=5, areas=4, findings_per_area=5)
    assert _queries(client, small_event.get_absolute_url()) == _queries(
        client, large_event.get_absolute_url()
    )
    assert _queries(client, small_area.get_absolute_url()) == _queries(
        client, large_area.get_absolute_url()
    )
