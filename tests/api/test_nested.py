"""The board's common needs in one call each: an event with everything found at it, and an area of
concern with its trajectory."""

import datetime

import pytest

from findings.models import RAG
from findings.services import save_review
from tests.support.api import api_client
from tests.support.factories import (
    AreaOfConcernFactory,
    AreaReviewFactory,
    FindingFactory,
    ImprovementActionFactory,
    InspectionEventFactory,
    JudgementFactory,
)

pytestmark = pytest.mark.django_db


def test_an_event_carries_each_reviewed_area_with_its_rating_and_findings(board_member, officer):
    event = InspectionEventFactory()
    second, first = (AreaOfConcernFactory(authority=event.authority, position=p) for p in (2, 1))
    not_reviewed = AreaOfConcernFactory(authority=event.authority, position=3)
    review = AreaReviewFactory(event=event, area=first, area_wording="The front door.")
    save_review(
        review, rag=RAG.GREEN, rationale="Timely decisions at the front door.", user=officer
    )
    AreaReviewFactory(event=event, area=second, rag="", rationale="")
    later = FindingFactory(event=event, area=first, order=3, text="Later in the letter.")
    earlier = FindingFactory(event=event, area=first, order=1, text="Earlier in the letter.")
    headline = FindingFactory(event=event, area=None, order=2, text="A headline finding.")
    aside = FindingFactory(event=event, area=not_reviewed, order=4, text="About another area.")

    body = api_client(board_member).get(f"/api/v1/events/{event.pk}/").json()

    assert [a["area"]["id"] for a in body["areas_reviewed"]] == [first.pk, second.pk]
    reviewed_first, reviewed_second = body["areas_reviewed"]
    assert reviewed_first["rag"] == "green"
    assert reviewed_first["area_wording"] == "The front door."
    assert reviewed_first["rated_by"] == "Olu Officer"
    assert [f["id"] for f in reviewed_first["findings"]] == [earlier.pk, later.pk]
    assert reviewed_second["rag"] == "" and reviewed_second["findings"] == []
    assert [f["id"] for f in body["other_findings"]] == [headline.pk, aside.pk]


def test_a_graded_inspection_carries_its_judgements(board_member):
    event = InspectionEventFactory(kind="standard", visit_number=None)
    JudgementFactory(event=event, judgement="overall_effectiveness", grade="inadequate")
    JudgementFactory(event=event, judgement="help_and_protection", grade="requires_improvement")
    body = api_client(board_member).get(f"/api/v1/events/{event.pk}/").json()
    assert body["title"] == "Standard ILACS inspection"
    assert body["judgements"] == [
        {"judgement": "overall_effectiveness", "grade": "inadequate"},
        {"judgement": "help_and_protection", "grade": "requires_improvement"},
    ]


def test_an_areas_trajectory_runs_in_event_date_order_whatever_order_it_was_entered(
    board_member, officer
):
    area = AreaOfConcernFactory()
    dates = [datetime.date(2024, 6, 25), datetime.date(2022, 2, 21), datetime.date(2023, 11, 15)]
    ratings = {
        datetime.date(2022, 2, 21): (RAG.RED, "Children missing from care are not kept safe."),
        datetime.date(2023, 11, 15): (RAG.AMBER, "Return interviews are now mostly timely."),
        datetime.date(2024, 6, 25): (RAG.GREEN, "Effective."),
    }
    for day in dates:
        event = InspectionEventFactory(
            authority=area.authority, fieldwork_start=day, fieldwork_end=day, published_on=day
        )
        rag, rationale = ratings[day]
        save_review(
            AreaReviewFactory(event=event, area=area), rag=rag, rationale=rationale, user=officer
        )
    ImprovementActionFactory(area=area, title="Audit return interviews")

    body = api_client(board_member).get(f"/api/v1/areas/{area.pk}/").json()

    assert [(p["event"]["fieldwork_start"], p["rag"]) for p in body["trajectory"]] == [
        ("2022-02-21", "red"),
        ("2023-11-15", "amber"),
        ("2024-06-25", "green"),
    ]
    assert body["current_rag"] == "green"
    assert [a["title"] for a in body["actions"]] == ["Audit return interviews"]


def test_an_area_never_rated_has_no_latest_rating(board_member):
    area = AreaOfConcernFactory()
    AreaReviewFactory(area=area, event__authority=area.authority, rag="", rationale="")
    body = api_client(board_member).get(f"/api/v1/areas/{area.pk}/").json()
    assert body["current_rag"] is None
    assert [p["rag"] for p in body["trajectory"]] == [""]


def test_seftons_sixth_monitoring_visit_in_one_call(board_member, sefton):
    from visits.models import InspectionEvent

    visit = InspectionEvent.objects.get(authority=sefton, visit_number=6)
    body = api_client(board_member).get(f"/api/v1/events/{visit.pk}/").json()
    assert body["title"] == "Sixth monitoring visit"
    assert body["fieldwork_dates"] == "25 to 26 June 2024"
    assert len(body["areas_reviewed"]) == 4
    found = sum(len(a["findings"]) for a in body["areas_reviewed"]) + len(body["other_findings"])
    assert found == visit.findings.count()
