"""Every board page runs the same number of SQL queries whatever the amount of data: measured on a
small improvement journey and on one ten times larger (reviews, findings and actions)."""

import datetime
import itertools

import pytest

from findings.models import RAG, Finding
from tests.support.factories import (
    AreaOfConcernFactory,
    AreaReviewFactory,
    FindingFactory,
    ImprovementActionFactory,
    InspectionFactory,
    JudgementFactory,
    LocalAuthorityFactory,
)
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db

# The queries each page runs, pinned: a change here is a change to how the page reads the data.
# Every page starts with four: the session, the user, and the user's and groups' permissions.
# (With no indicators, as here, the indicators' own reads stop at the list of them: the dashboard's
# "moved most" and an area's indicators, with figures, are pinned in tests/indicators/test_pages.)
QUERIES = {
    "dashboard": 13,  # 12, and the indicators, for the ones that moved most
    "dashboard, filtered": 13,
    "findings": 9,
    "findings, searched and filtered": 11,
    "area page": 11,  # 9, the indicators linked to the area, and the actions' latest updates
    "event page": 10,  # 9, and the latest progress letter for the letter panel
}


def journey(events: int, areas: int):
    """An authority judged inadequate, then monitoring visits: every area rated at every event,
    with one finding and one improvement action per rating (every other action overdue), and a
    draft visit the board may not see."""
    authority = LocalAuthorityFactory()
    inspection = InspectionFactory(authority=authority)
    JudgementFactory(event=inspection)
    visits = [
        InspectionFactory(
            authority=authority,
            kind=InspectionEvent.Kind.MONITORING,
            visit_number=number,
            fieldwork_start=datetime.date(2022, 6, 1) + datetime.timedelta(days=100 * number),
            fieldwork_end=datetime.date(2022, 6, 2) + datetime.timedelta(days=100 * number),
        )
        for number in range(1, events)
    ]
    area_list = [
        AreaOfConcernFactory(authority=authority, raised_by=inspection) for _ in range(areas)
    ]
    ratings = itertools.cycle([RAG.RED, RAG.AMBER, RAG.GREEN, RAG.AMBER])
    overdue = itertools.cycle([False, True])
    for event in [inspection, *visits]:
        for area in area_list:
            AreaReviewFactory(event=event, area=area, rag=next(ratings))
            FindingFactory(
                event=event,
                area=area,
                polarity=Finding.Polarity.WEAKNESS,
                text="Managers' oversight of allegations is not yet consistent.",
            )
            action = ImprovementActionFactory(area=area)
            if next(overdue):
                action.due_date = datetime.date(2024, 1, 31)
                action.save()
    draft = InspectionFactory(
        authority=authority,
        kind=InspectionEvent.Kind.MONITORING,
        visit_number=events,
        status=InspectionEvent.Status.DRAFT,
        fieldwork_start=datetime.date(2025, 1, 6),
        fieldwork_end=datetime.date(2025, 1, 7),
    )
    AreaReviewFactory(event=draft, area=area_list[0], rag=RAG.GREEN)
    return authority, visits[-1], area_list[0]


def urls(authority, event, area) -> dict[str, str]:
    return {
        "dashboard": f"/dashboard/?authority={authority.pk}",
        "dashboard, filtered": f"/dashboard/?authority={authority.pk}&theme=help_protection"
        "&rag=amber&reviewed=yes",
        "findings": f"/findings/?authority={authority.pk}",
        "findings, searched and filtered": f"/findings/?authority={authority.pk}"
        f"&q=oversight+allegations&polarity=weakness&area={area.pk}&event={event.pk}",
        "area page": area.get_absolute_url(),
        "event page": event.get_absolute_url(),
    }


@pytest.fixture
def small():
    return urls(*journey(events=2, areas=2))  # 4 ratings, 4 findings, 4 actions


@pytest.fixture
def large():
    return urls(*journey(events=5, areas=8))  # 40 ratings, 40 findings, 40 actions


@pytest.mark.parametrize("name", QUERIES)
def test_a_page_runs_the_same_queries_for_ten_times_the_data(
    client, board_member, django_assert_num_queries, small, large, name
):
    client.force_login(board_member)
    with django_assert_num_queries(QUERIES[name]):
        assert client.get(small[name]).status_code == 200
    with django_assert_num_queries(QUERIES[name]):
        assert client.get(large[name]).status_code == 200


def test_the_large_journey_really_is_ten_times_the_small_one(board_member):
    from findings.models import AreaReview, ImprovementAction

    small_authority = journey(events=2, areas=2)[0]
    large_authority = journey(events=5, areas=8)[0]

    def size(authority):
        return (
            AreaReview.objects.filter(
                event__authority=authority, event__status="published"
            ).count(),
            Finding.objects.filter(event__authority=authority).count(),
            ImprovementAction.objects.filter(area__authority=authority).count(),
        )

    assert size(large_authority) == tuple(10 * rows for rows in size(small_authority))
