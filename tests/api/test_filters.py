"""Each filter of each list, on a small journey built so that every filter picks out a known set."""

import datetime
from urllib.parse import urlencode

import pytest

from tests.support.api import api_client
from tests.support.factories import (
    AreaOfConcernFactory,
    AreaReviewFactory,
    FindingFactory,
    ImprovementActionFactory,
    InspectionEventFactory,
    InspectionFactory,
    LocalAuthorityFactory,
)
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
TODAY = datetime.date.today()


def d(text):
    return datetime.date.fromisoformat(text)


@pytest.fixture
def journey():
    """Labels → records, per resource."""
    sefton = LocalAuthorityFactory(name="Sefton", ons_code="E08000014", region="North West")
    kent = LocalAuthorityFactory(name="Kent", ons_code="E10000016", region="South East")
    events = {
        "insp": InspectionFactory(
            authority=sefton,
            headline_summary="Services are inadequate.",
            lead_inspector="Lisa Summers",
            inspectors="Lisa Summers",
        ),
        "mv4": InspectionEventFactory(
            authority=sefton,
            visit_number=4,
            fieldwork_start=d("2023-11-15"),
            fieldwork_end=d("2023-11-16"),
            published_on=d("2023-12-20"),
            inspectors="Rachel Fairhurst",
        ),
        "mv6": InspectionEventFactory(
            authority=sefton,
            visit_number=6,
            fieldwork_start=d("2024-06-25"),
            fieldwork_end=d("2024-06-26"),
            published_on=d("2024-07-25"),
            inspectors="Lisa Summers",
            source_reference="Letter of 25 July 2024",
        ),
        "kent": InspectionEventFactory(
            authority=kent,
            kind="focused",
            visit_number=None,
            fieldwork_start=d("2023-03-01"),
            fieldwork_end=d("2023-03-02"),
            published_on=None,
            inspectors="",
        ),
        "draft": InspectionEventFactory(
            authority=sefton,
            visit_number=7,
            fieldwork_start=d("2025-01-10"),
            fieldwork_end=d("2025-01-11"),
            published_on=None,
            status=InspectionEvent.Status.DRAFT,
        ),
    }
    areas = {
        "front door": AreaOfConcernFactory(
            authority=sefton,
            title="The front door",
            theme="front_door",
            raised_by=events["insp"],
            position=1,
        ),
        "missing": AreaOfConcernFactory(
            authority=sefton,
            title="Children missing from home and care",
            description="Return home interviews for children who go missing.",
            theme="vulnerable_children",
            position=2,
        ),
        "leaders": AreaOfConcernFactory(authority=sefton, title="Leaders", theme="leadership"),
        "kent area": AreaOfConcernFactory(
            authority=kent, title="Care leavers", theme="care_leavers"
        ),
    }
    red = "Risk remains for children, as the letter sets out."

    def review(event, area, rag, rationale="Progress, not yet consistent.", **extra):
        return AreaReviewFactory(
            event=events[event], area=areas[area], rag=rag, rationale=rationale, **extra
        )

    ratings = {
        "insp/front door": review("insp", "front door", "red", red),
        "insp/missing": review("insp", "missing", "red", red),
        "insp/leaders": review("insp", "leaders", "red", red),
        "mv4/missing": review("mv4", "missing", "amber"),
        "mv6/front door": review("mv6", "front door", "amber"),
        "mv6/missing": review(
            "mv6", "missing", "green", "Interviews are timely.", area_wording="Going missing"
        ),
        "mv6/leaders": review("mv6", "leaders", "", ""),
        "kent/kent area": review("kent", "kent area", "green", "Effective."),
    }

    def finding(event, area, polarity, section, text):
        return FindingFactory(
            event=events[event],
            area=areas[area] if area else None,
            polarity=polarity,
            section=section,
            text=text,
        )

    findings = {
        "thresholds": finding("insp", "front door", "weakness", "report", "Thresholds unclear."),
        "timely": finding("mv6", "front door", "strength", "findings", "Decisions are timely."),
        "interviews": finding("mv6", "missing", "mixed", "findings", "Interviews not completed."),
        "headline": finding("mv6", None, "strength", "headline", "Leaders have made progress."),
        "kent": finding("kent", "kent area", "strength", "other", "Care leavers are supported."),
    }
    actions = {
        "guidance": ImprovementActionFactory(
            area=areas["front door"],
            title="Publish threshold guidance",
            lead_name="Head of front door",
            due_date=TODAY - 10 * DAY,
            status="in_progress",
        ),
        "audit": ImprovementActionFactory(
            area=areas["missing"],
            title="Audit return interviews",
            lead_name="Service manager",
            due_date=TODAY + 30 * DAY,
        ),
        "recruit": ImprovementActionFactory(
            area=areas["leaders"],
            title="Recruit managers",
            lead_name="Director",
            due_date=TODAY - 20 * DAY,
            status="complete",
        ),
        "kent": ImprovementActionFactory(
            area=areas["kent area"], title="Kent plan", lead_name="Kent", due_date=TODAY + DAY
        ),
    }
    return {
        "authorities": {"sefton": sefton, "kent": kent},
        "events": events,
        "areas": areas,
        "ratings": ratings,
        "findings": findings,
        "actions": actions,
    }


def ref(kind, label):
    """A placeholder for a record's id, resolved once the journey exists."""
    return ("ref", kind, label)


CASES = [
    ("authorities", [("region", "north west")], {"sefton"}),
    ("authorities", [("q", "E1000")], {"kent"}),
    ("events", [("authority", ref("authorities", "kent"))], {"kent"}),
    ("events", [("kind", "monitoring")], {"mv4", "mv6"}),
    ("events", [("kind", "standard"), ("kind", "focused")], {"insp", "kent"}),
    ("events", [("status", "published")], {"insp", "mv4", "mv6", "kent"}),
    ("events", [("visit_number", 6)], {"mv6"}),
    ("events", [("fieldwork_from", "2023-06-01")], {"mv4", "mv6"}),
    ("events", [("fieldwork_to", "2023-06-01")], {"insp", "kent"}),
    ("events", [("published_from", "2023-01-01")], {"mv4", "mv6"}),
    ("events", [("published_to", "2022-12-31")], {"insp"}),
    ("events", [("area", ref("areas", "missing"))], {"insp", "mv4", "mv6"}),
    ("events", [("q", "fairhurst")], {"mv4"}),
    ("events", [("q", "25 July")], {"mv6"}),
    ("areas", [("authority", ref("authorities", "kent"))], {"kent area"}),
    ("areas", [("theme", "front_door"), ("theme", "leadership")], {"front door", "leaders"}),
    ("areas", [("raised_by", ref("events", "insp"))], {"front door"}),
    ("areas", [("current_rag", "red")], {"leaders"}),
    ("areas", [("current_rag", "amber")], {"front door"}),
    ("areas", [("current_rag", "green")], {"missing", "kent area"}),
    ("areas", [("q", "return home")], {"missing"}),
    ("ratings", [("authority", ref("authorities", "kent"))], {"kent/kent area"}),
    ("ratings", [("event", ref("events", "mv6"))], {"mv6/front door", "mv6/missing", "mv6/leaders"}),
    ("ratings", [("area", ref("areas", "missing"))], {"insp/missing", "mv4/missing", "mv6/missing"}),
    ("ratings", [("theme", "leadership")], {"insp/leaders", "mv6/leaders"}),
    ("ratings", [("kind", "focused")], {"kent/kent area"}),
    ("ratings", [("rag", "red")], {"insp/front door", "insp/missing", "insp/leaders"}),
    ("ratings", [("rag", "amber"), ("rag", "green")], {"mv4/missing", "mv6/front door", "mv6/missing", "kent/kent area"}),
    ("ratings", [("rated", "false")], {"mv6/leaders"}),
    ("ratings", [("rated", "true"), ("authority", ref("authorities", "kent"))], {"kent/kent area"}),
    ("ratings", [("fieldwork_from", "2024-01-01")], {"mv6/front door", "mv6/missing", "mv6/leaders"}),
    ("ratings", [("fieldwork_to", "2022-12-31")], {"insp/front door", "insp/missing", "insp/leaders"}),
    ("ratings", [("q", "going missing")], {"mv6/missing"}),
    ("ratings", [("q", "care leavers")], {"kent/kent area"}),
    ("findings", [("authority", ref("authorities", "kent"))], {"kent"}),
    ("findings", [("event", ref("events", "mv6"))], {"timely", "interviews", "headline"}),
    ("findings", [("area", ref("areas", "front door"))], {"thresholds", "timely"}),
    ("findings", [("theme", "vulnerable_children")], {"interviews"}),
    ("findings", [("kind", "standard")], {"thresholds"}),
    ("findings", [("polarity", "weakness"), ("polarity", "mixed")], {"thresholds", "interviews"}),
    ("findings", [("section", "headline")], {"headline"}),
    ("findings", [("rag", "red")], {"thresholds"}),
    ("findings", [("rag", "green")], {"interviews", "kent"}),
    ("findings", [("fieldwork_from", "2023-01-01"), ("fieldwork_to", "2023-12-31")], {"kent"}),
    ("findings", [("q", "TIMELY")], {"timely"}),
    ("actions", [("authority", ref("authorities", "kent"))], {"kent"}),
    ("actions", [("area", ref("areas", "missing"))], {"audit"}),
    ("actions", [("theme", "leadership")], {"recruit"}),
    ("actions", [("status", "not_started")], {"audit", "kent"}),
    ("actions", [("overdue", "true")], {"guidance"}),
    ("actions", [("overdue", "false")], {"audit", "recruit", "kent"}),
    ("actions", [("due_from", str(TODAY))], {"audit", "kent"}),
    ("actions", [("due_to", str(TODAY))], {"guidance", "recruit"}),
    ("actions", [("q", "service manager")], {"audit"}),
]  # fmt: skip


def resolve(journey, params):
    return urlencode(
        [
            (name, journey[value[1]][value[2]].pk if isinstance(value, tuple) else value)
            for name, value in params
        ]
    )


def labels_of(journey, resource, response):
    assert response.status_code == 200, response.content
    by_id = {record.pk: label for label, record in journey[resource].items()}
    return {by_id[row["id"]] for row in response.json()["results"]}


@pytest.mark.parametrize(
    "resource,params,expected",
    CASES,
    ids=[
        f"{r}?{'&'.join(f'{n}={v[2] if isinstance(v, tuple) else v}' for n, v in p)}"
        for r, p, _ in CASES
    ],
)
def test_each_filter_picks_out_its_records(journey, board_member, resource, params, expected):
    response = api_client(board_member).get(f"/api/v1/{resource}/?{resolve(journey, params)}")
    assert labels_of(journey, resource, response) == expected


def test_officers_can_list_only_the_drafts(journey, officer):
    response = api_client(officer).get("/api/v1/events/?status=draft")
    assert labels_of(journey, "events", response) == {"draft"}


def test_the_same_filters_apply_to_the_downloads(journey, board_member):
    client = api_client(board_member)
    findings = b"".join(client.get("/api/v1/findings/export.csv?rag=green").streaming_content)
    assert b"Interviews not completed." in findings and b"Care leavers are supported." in findings
    assert b"Thresholds unclear." not in findings
    ratings = b"".join(client.get("/api/v1/ratings/export.csv?rated=false").streaming_content)
    assert len(ratings.decode("utf-8-sig").strip().splitlines()) == 2  # heading and one row


def test_lists_can_be_ordered(journey, board_member):
    response = api_client(board_member).get("/api/v1/events/?ordering=-fieldwork_start")
    by_id = {e.pk: label for label, e in journey["events"].items()}
    assert [by_id[row["id"]] for row in response.json()["results"]] == [
        "mv6",
        "mv4",
        "kent",
        "insp",
    ]


def test_lists_are_paginated_with_a_ceiling(journey, board_member):
    client = api_client(board_member)
    first = client.get("/api/v1/ratings/?page_size=3").json()
    assert (first["count"], len(first["results"])) == (8, 3)
    assert "page=2" in first["next"]
    assert client.get("/api/v1/ratings/?page=9").status_code == 404
    from sefton_tracker.core.api.pagination import PageNumberPagination

    assert PageNumberPagination.max_page_size == 500
    assert len(client.get("/api/v1/ratings/?page_size=100000").json()["results"]) == 8
