"""Every list, and the nested event and area answers, take a fixed number of queries however many
rows they hold: pinned here on a small dataset and on one ten times larger."""

import pytest

from findings.models import RAG, LeadRAG
from findings.plan.models import ImpactMeasure, ProgressUpdate
from findings.services import save_review
from tests.support.api import api_client
from tests.support.factories import (
    AreaOfConcernFactory,
    AreaReviewFactory,
    FindingFactory,
    ImprovementActionFactory,
    InspectionEventFactory,
    InspectionFactory,
    JudgementFactory,
    LocalAuthorityFactory,
)

pytestmark = pytest.mark.django_db

# Token and user (1), the user's and their groups' permissions (2), then the page itself.
LISTS = {
    "/api/v1/authorities/": 7,  # count, rows, other names, statistical neighbours
    "/api/v1/events/": 6,  # count, rows, judgements
    "/api/v1/areas/": 5,  # count, rows with their latest rating
    "/api/v1/ratings/": 5,  # count, rows with event, area and rater
    "/api/v1/findings/": 5,  # count, rows with area and its rating at the event
    # count, rows with area and lead, latest updates with authors, impact measures
    "/api/v1/actions/": 7,
    "/api/v1/action-updates/": 5,  # count, rows with action, area, authority, lead and author
    "/api/v1/findings/export.csv": 4,  # rows
    "/api/v1/ratings/export.csv": 4,  # rows
    "/api/v1/actions/export.csv": 6,  # rows, latest updates, impact measures
    "/api/v1/action-updates/export.csv": 4,  # rows
}


def grow(units, rater):
    """Add `units` of improvement journeys: per unit, an authority, a graded inspection with a
    judgement, a monitoring visit reviewing two areas (rated), three findings and two actions,
    each with a progress update and an impact measure."""
    for _ in range(units):
        authority = LocalAuthorityFactory()
        inspection = InspectionFactory(authority=authority)
        JudgementFactory(event=inspection)
        visit = InspectionEventFactory(authority=authority)
        for area in AreaOfConcernFactory.create_batch(2, authority=authority, raised_by=inspection):
            review = AreaReviewFactory(event=visit, area=area)
            save_review(
                review, rag=RAG.AMBER, rationale="Progress, not yet consistent.", user=rater
            )
            FindingFactory(event=visit, area=area)
            action = ImprovementActionFactory(area=area)
            ProgressUpdate.objects.create(
                action=action, note="Audit done.", rag=LeadRAG.ON_TRACK, author=rater
            )
            ImpactMeasure.objects.create(action=action, description="Fewer re-referrals")
        FindingFactory(event=visit, area=None)


def fetch(client, url):
    response = client.get(url, {"page_size": 500})
    assert response.status_code == 200
    if response.streaming:
        b"".join(response.streaming_content)
    return response


@pytest.mark.parametrize("url", LISTS)
def test_a_list_takes_the_same_queries_for_ten_times_the_rows(
    url, officer, django_assert_num_queries
):
    client = api_client(officer)
    grow(2, officer)
    with django_assert_num_queries(LISTS[url]):
        small = fetch(client, url)
    grow(18, officer)
    with django_assert_num_queries(LISTS[url]):
        large = fetch(client, url)
    if not small.streaming:
        assert large.json()["count"] == 10 * small.json()["count"]


def test_an_event_with_everything_found_at_it_takes_the_same_queries_however_much_it_holds(
    officer, django_assert_num_queries
):
    client = api_client(officer)
    small, large = (InspectionFactory(visit_number=None) for _ in range(2))
    for event, areas in ((small, 2), (large, 20)):
        JudgementFactory(event=event)
        for area in AreaOfConcernFactory.create_batch(areas, authority=event.authority):
            review = AreaReviewFactory(event=event, area=area)
            save_review(review, rag=RAG.GREEN, rationale="Effective.", user=officer)
            FindingFactory.create_batch(2, event=event, area=area)
        FindingFactory(event=event, area=None)

    # Token, permissions (2), the event, its judgements, reviews (with areas and raters), findings.
    with django_assert_num_queries(7):
        assert len(client.get(f"/api/v1/events/{small.pk}/").json()["areas_reviewed"]) == 2
    with django_assert_num_queries(7):
        assert len(client.get(f"/api/v1/events/{large.pk}/").json()["areas_reviewed"]) == 20


def test_an_area_with_its_trajectory_takes_the_same_queries_however_long_it_is(
    officer, django_assert_num_queries
):
    client = api_client(officer)
    authority = LocalAuthorityFactory()
    small, large = AreaOfConcernFactory.create_batch(2, authority=authority)
    for area, visits in ((small, 2), (large, 20)):
        for _ in range(visits):
            review = AreaReviewFactory(event=InspectionEventFactory(authority=authority), area=area)
            save_review(
                review,
                rag=RAG.RED,
                rationale="Risk remains for children who go missing.",
                user=officer,
            )
            ImprovementActionFactory(area=area)

    # Token, permissions (2), the area with its latest rating, its trajectory, its actions (with
    # their leads), their latest updates, their impact measures.
    with django_assert_num_queries(8):
        assert len(client.get(f"/api/v1/areas/{small.pk}/").json()["trajectory"]) == 2
    with django_assert_num_queries(8):
        assert len(client.get(f"/api/v1/areas/{large.pk}/").json()["trajectory"]) == 20
