"""The national reference data over the API: every authority's codes, names and statistical
neighbours; Ofsted's published outcomes, filtered and downloadable; and the journeys out of
inadequate with their Kaplan-Meier summary. Read-only, for every role."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from tests.support.api import api_client
from tests.support.factories import (
    InspectionEventFactory,
    LocalAuthorityFactory,
    OfstedOutcomeFactory,
    StatisticalNeighbourFactory,
    UserFactory,
)
from visits.models import InspectionEvent
from visits.national.models import AuthorityName, OfstedOutcome

pytestmark = pytest.mark.django_db

CREDIT = (
    "Ofsted, Local authority inspection outcomes as at 31 March 2025 (published 25 September 2025)"
)


@pytest.fixture
def world():
    """Three journeys out of inadequate, worked out by hand (as at 31 March 2025):
    London: 1 March 2021 to 6 March 2023, requires improvement (735 days, 24.1 months);
    Northtown: 7 January 2019 to 10 January 2022, good (1,099 days, 36.1 months);
    Sefton: since 21 February 2022, still waiting (1,134 days, 37.3 months), censored.
    Kaplan-Meier: 2/3 still waiting after 735 days, 1/3 after 1,099: lower quartile 24.1 months,
    median 36.1, upper quartile not reached."""
    sefton = LocalAuthorityFactory(
        name="Sefton",
        ons_code="E08000014",
        dfe_code="343",
        region="North West",
        ofsted_region="North West",
    )
    northtown = LocalAuthorityFactory(
        name="Northtown", ons_code="E08000099", region="North West", ofsted_region="North West"
    )
    london = LocalAuthorityFactory(
        name="Southwark", ons_code="E09000028", region="London", ofsted_region="London"
    )
    OfstedOutcomeFactory(authority=sefton, start_date=datetime.date(2022, 2, 21))
    OfstedOutcomeFactory(
        authority=sefton,
        kind="monitoring",
        start_date=datetime.date(2024, 6, 25),
        theme="Front door",
    )
    OfstedOutcomeFactory(authority=northtown, start_date=datetime.date(2019, 1, 7))
    OfstedOutcomeFactory(
        authority=northtown, start_date=datetime.date(2022, 1, 10), overall_effectiveness="good"
    )
    OfstedOutcomeFactory(authority=london, kind="short", start_date=datetime.date(2021, 3, 1))
    OfstedOutcomeFactory(
        authority=london,
        start_date=datetime.date(2023, 3, 6),
        overall_effectiveness="requires_improvement",
    )
    StatisticalNeighbourFactory(
        authority=sefton, neighbour=northtown, rank=1, closeness="Very close"
    )
    StatisticalNeighbourFactory(authority=sefton, neighbour=london, rank=2, closeness="Close")
    AuthorityName.objects.create(authority=sefton, name="Sefton Council", key="sefton")
    return sefton, northtown, london


def get(user, url, **params):
    response = api_client(user).get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


# -- who may read ---------------------------------------------------------------------------------

READS = [
    "/api/v1/ofsted-outcomes/",
    "/api/v1/ofsted-outcomes/export.csv",
    "/api/v1/ofsted-outcomes/export.xlsx",
    "/api/v1/journeys/",
]


@pytest.mark.parametrize("url", READS)
@pytest.mark.parametrize("role", ["board_member", "officer", "administrator"])
def test_every_role_reads_the_national_data(request, world, url, role):
    user = request.getfixturevalue(role)
    assert api_client(user).get(url).status_code == 200


@pytest.mark.parametrize("url", READS)
def test_it_asks_who_you_are_and_refuses_a_user_with_no_role(url):
    assert api_client().get(url).status_code == 401
    assert api_client(UserFactory()).get(url).status_code == 403


def test_one_outcome_reads_like_a_row_of_the_list(world, board_member):
    [row] = get(board_member, "/api/v1/ofsted-outcomes/", kind="monitoring")["results"]
    assert get(board_member, f"/api/v1/ofsted-outcomes/{row['id']}/") == row
    assert api_client(board_member).get("/api/v1/ofsted-outcomes/9999/").status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/api/v1/ofsted-outcomes/", "/api/v1/journeys/"])
def test_the_national_data_is_read_only_even_for_administrators(world, administrator, method, url):
    if method != "post":
        if "journeys" in url:
            return  # no record of its own to change
        url = f"{url}{world[0].ofsted_outcomes.first().pk}/"
    response = getattr(api_client(administrator), method)(url, {}, format="json")
    assert response.status_code == 405


# -- authorities ----------------------------------------------------------------------------------


def test_an_authority_carries_its_codes_regions_names_and_neighbours(world, board_member):
    sefton = get(board_member, "/api/v1/authorities/", q="Sefton")["results"][0]

    assert {k: sefton[k] for k in ("dfe_code", "region", "ofsted_region", "still_exists")} == {
        "dfe_code": "343",
        "region": "North West",
        "ofsted_region": "North West",
        "still_exists": True,
    }
    assert sefton["other_names"] == ["Sefton Council"]
    assert sefton["statistical_neighbours"] == [
        {"rank": 1, "ons_code": "E08000099", "name": "Northtown", "closeness": "Very close"},
        {"rank": 2, "ons_code": "E09000028", "name": "Southwark", "closeness": "Close"},
    ]


def test_the_new_authority_fields_are_not_written_through_the_api(world, administrator):
    sefton = world[0]
    response = api_client(administrator).patch(
        f"/api/v1/authorities/{sefton.pk}/",
        {"dfe_code": "999", "still_exists": False, "region": "North West"},
        format="json",
    )

    assert response.status_code == 200, response.content
    sefton.refresh_from_db()
    assert (sefton.dfe_code, sefton.still_exists) == ("343", True)


# -- Ofsted's outcomes ----------------------------------------------------------------------------


def test_each_outcome_carries_its_grades_and_the_edition_it_comes_from(world, board_member):
    rows = get(board_member, "/api/v1/ofsted-outcomes/", authority="E08000014")["results"]

    assert [(r["kind"], r["start_date"]) for r in rows] == [
        ("standard", "2022-02-21"),
        ("monitoring", "2024-06-25"),
    ]
    inspection, visit = rows
    assert inspection["ons_code"] == "E08000014"
    assert inspection["authority_name"] == "Sefton"
    assert inspection["overall_effectiveness"] == "inadequate"
    assert inspection["credit"] == CREDIT
    assert visit["theme"] == "Front door"
    assert visit["overall_effectiveness"] == ""


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"authority": "e08000014"}, {"2022-02-21", "2024-06-25"}),
        ({"kind": "short"}, {"2021-03-01"}),
        ({"start_date_from": "2023-01-01"}, {"2023-03-06", "2024-06-25"}),
        ({"start_date_to": "2019-12-31"}, {"2019-01-07"}),
        ({"overall_effectiveness": "good"}, {"2022-01-10"}),
        (
            {"overall_effectiveness": "inadequate", "start_date_from": "2021-01-01"},
            {"2021-03-01", "2022-02-21"},
        ),
    ],
)
def test_outcomes_filter_by_authority_kind_dates_and_grade(world, board_member, params, expected):
    rows = get(board_member, "/api/v1/ofsted-outcomes/", **params)["results"]
    assert {r["start_date"] for r in rows} == expected


@pytest.mark.parametrize(
    "params, field",
    [
        ({"kind": "visit"}, "kind"),
        ({"start_date_from": "2025-13-45"}, "start_date_from"),
        ({"overall_effectiveness": "poor"}, "overall_effectiveness"),
    ],
)
def test_a_filter_value_that_is_not_allowed_is_refused(world, board_member, params, field):
    response = api_client(board_member).get("/api/v1/ofsted-outcomes/", params)
    assert response.status_code == 400
    assert field in response.json()


def csv_rows(response):
    content = b"".join(response.streaming_content)
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_outcomes_download_as_csv_with_the_filters_of_the_list(world, board_member):
    response = api_client(board_member).get(
        "/api/v1/ofsted-outcomes/export.csv", {"authority": "E08000014"}
    )

    assert response.status_code == 200
    heading, inspection, visit = csv_rows(response)
    assert heading == [
        "Local authority",
        "ONS code",
        "Kind",
        "Start date",
        "Publication date",
        "Overall effectiveness",
        "Impact of leaders",
        "Help and protection",
        "Children in care",
        "Care leavers",
        "Visit theme",
        "Source",
    ]
    assert inspection[:6] == [
        "Sefton",
        "E08000014",
        "Standard ILACS inspection",
        "2022-02-21",
        "2022-05-02",
        "Inadequate",
    ]
    assert inspection[-1] == CREDIT
    assert visit[2] == "Monitoring visit" and visit[-2] == "Front door"


def test_outcomes_download_as_a_workbook(world, board_member):
    response = api_client(board_member).get("/api/v1/ofsted-outcomes/export.xlsx")

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Local authority", "ONS code", "Kind", "Start date")
    assert len(rows) == 1 + 6


# -- journeys -------------------------------------------------------------------------------------


def test_journeys_with_their_kaplan_meier_summary(world, board_member):
    answer = get(board_member, "/api/v1/journeys/", as_at="2025-03-31")

    assert answer["as_at"] == "2025-03-31"
    assert answer["data_until"] == "2025-03-31"
    assert answer["summary"] == {
        "judged": 3,
        "authorities": 3,
        "reinspected": 2,
        "still_waiting": 1,
        "ceased": 0,
        "outcomes": {
            "outstanding": 0,
            "good": 1,
            "requires_improvement": 1,
            "inadequate": 0,
            "not_graded": 0,
        },
        "median_months": 36.1,
        "lower_quartile_months": 24.1,
        "upper_quartile_months": None,
    }
    assert any("censored" in line for line in answer["method"])
    assert answer["limits"].startswith("Ofsted's spreadsheet lists monitoring and focused visits")
    assert answer["credits"] == [CREDIT]
    assert [j["name"] for j in answer["journeys"]] == ["Northtown", "Southwark", "Sefton"]
    northtown, southwark, sefton = answer["journeys"]
    assert northtown == {
        "authority": world[1].pk,
        "ons_code": "E08000099",
        "name": "Northtown",
        "region": "North West",
        "ofsted_region": "North West",
        "inadequate_on": "2019-01-07",
        "inadequate_kind": "standard",
        "next_on": "2022-01-10",
        "next_kind": "standard",
        "next_grade": "good",
        "months_to_next": 36.1,
        "months_waiting": None,
        "status": "reinspected",
        "monitoring_visits": [],
    }
    assert southwark["inadequate_kind"] == "short"
    assert (sefton["status"], sefton["months_waiting"], sefton["next_on"]) == (
        "waiting",
        37.3,
        None,
    )
    assert sefton["monitoring_visits"] == ["2024-06-25"]
    assert answer["standing"] is None


def test_journeys_say_where_one_authority_stands(world, board_member):
    answer = get(board_member, "/api/v1/journeys/", as_at="2025-03-31", authority="E08000014")

    assert answer["standing"] == {
        "ons_code": "E08000014",
        "months": 37.3,
        "share_reinspected": 0.667,
        "median_months": 36.1,
        "text": "37 months since the inadequate judgement; by then two thirds of the "
        "authorities judged inadequate had been re-inspected.",
    }


def test_journeys_in_one_region(world, board_member):
    answer = get(board_member, "/api/v1/journeys/", as_at="2025-03-31", region="north west")

    assert [j["name"] for j in answer["journeys"]] == ["Northtown", "Sefton"]
    # Northtown re-inspected after 1,099 days (half still waiting), Sefton censored.
    assert answer["summary"]["median_months"] == 36.1
    assert answer["summary"]["lower_quartile_months"] == 36.1


def test_journeys_show_the_tracker_s_published_visits_not_its_drafts(world, board_member):
    sefton = world[0]
    InspectionEventFactory(
        authority=sefton,
        visit_number=4,
        fieldwork_start=datetime.date(2023, 11, 15),
        fieldwork_end=datetime.date(2023, 11, 16),
    )
    InspectionEventFactory(
        authority=sefton,
        visit_number=7,
        fieldwork_start=datetime.date(2025, 1, 14),
        fieldwork_end=datetime.date(2025, 1, 15),
        status=InspectionEvent.Status.DRAFT,
    )

    answer = get(board_member, "/api/v1/journeys/", as_at="2025-03-31")

    assert answer["journeys"][-1]["monitoring_visits"] == ["2023-11-15", "2024-06-25"]


def test_journeys_refuse_a_date_that_is_not_one(world, board_member):
    response = api_client(board_member).get("/api/v1/journeys/", {"as_at": "tomorrow"})
    assert response.status_code == 400
    assert "as_at" in response.json()


# -- queries --------------------------------------------------------------------------------------

# Token and user (1), the user's and their groups' permissions (2), then the answer itself.
LISTS = {
    "/api/v1/authorities/": 7,  # count, rows, other names, neighbours with their authority
    "/api/v1/ofsted-outcomes/": 5,  # count, rows with authority and publication
    "/api/v1/ofsted-outcomes/export.csv": 4,  # rows
    "/api/v1/journeys/": 7,  # the edition, outcomes, events, their overall judgements
}


def grow(units):
    """Per unit: an authority judged inadequate, re-inspected, visited, with neighbours and a
    published inspection and visit in the tracker."""
    for _ in range(units):
        authority = LocalAuthorityFactory()
        OfstedOutcomeFactory(authority=authority, start_date=datetime.date(2020, 1, 6))
        OfstedOutcomeFactory(
            authority=authority, kind="monitoring", start_date=datetime.date(2021, 1, 6)
        )
        OfstedOutcomeFactory(
            authority=authority, start_date=datetime.date(2023, 1, 9), overall_effectiveness="good"
        )
        StatisticalNeighbourFactory(authority=authority, rank=1)
        StatisticalNeighbourFactory(authority=authority, rank=2)
        AuthorityName.objects.create(authority=authority, name=f"{authority.name} Council", key="x")
        InspectionEventFactory(authority=authority, fieldwork_start=datetime.date(2021, 6, 1))


@pytest.mark.parametrize("url", LISTS)
def test_a_national_list_takes_the_same_queries_for_ten_times_the_rows(
    url, board_member, django_assert_num_queries
):
    client = api_client(board_member)
    grow(2)
    params = {"page_size": 500}
    if "journeys" in url:
        params["authority"] = OfstedOutcome.objects.first().authority.ons_code

    def fetch():
        response = client.get(url, params)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
        return response

    with django_assert_num_queries(LISTS[url]):
        fetch()
    grow(18)
    with django_assert_num_queries(LISTS[url]):
        fetch()
