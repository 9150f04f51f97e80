"""Indicators and their values over the API (/api/v1/indicators/, /api/v1/indicator-values/):
read by every role, filtered by authority, indicator, period and level, downloadable as CSV and
XLSX; a council's own written by its officers under the pages' rules (scope, versions, every
problem named by field, never a 500); DfE's read-only. Query counts are pinned."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from findings.indicators.models import Indicator, IndicatorValue
from tests.support.api import api_client
from tests.support.factories import AreaOfConcernFactory, LocalAuthorityFactory

from .making import (
    agency_rate,
    local_indicator,
    month_value,
    workforce_publication,
    yearly_value,
)

pytestmark = pytest.mark.django_db

CREDIT = "DfE, Children's social work workforce (published 26 February 2026)"


@pytest.fixture
def world(officer):
    """Sefton's agency rate beside Knowsley's, the North West's and England's for 2024 and 2025
    (Knowsley's 2025 withheld), and Sefton's own monthly indicator with two months."""
    sefton = LocalAuthorityFactory(name="Sefton", ons_code="E08000014", region="North West")
    knowsley = LocalAuthorityFactory(name="Knowsley", ons_code="E08000011", region="North West")
    publication = workforce_publication()
    agency = agency_rate(publication)
    for year, ours, theirs, region, england in (
        (2024, "30.2", "12.5", "17.0", "15.5"),
        (2025, "24.6", "c", "15.1", "13.0"),
    ):
        yearly_value(agency, year, ours, authority=sefton, publication=publication)
        yearly_value(agency, year, theirs, authority=knowsley, publication=publication)
        yearly_value(agency, year, region, region="North West", publication=publication)
        yearly_value(agency, year, england, publication=publication)
    own = local_indicator(sefton)
    month_value(own, datetime.date(2025, 4, 1), "81.5")
    month_value(own, datetime.date(2025, 5, 1), "86")
    officer.authorities.set([sefton])
    return {"sefton": sefton, "knowsley": knowsley, "agency": agency, "own": own}


def rows(user, url, **params):
    response = api_client(user).get(url, params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


# -- reading ---------------------------------------------------------------------------------


def test_every_role_reads_the_indicators_with_their_sources(world, board_member):
    found = {row["key"]: row for row in rows(board_member, "/api/v1/indicators/")}
    assert set(found) == {"agency-rate", "assessments-45-days"}
    agency = found["agency-rate"]
    assert (agency["authority"], agency["is_local"], agency["source"]) == (None, False, CREDIT)
    own = found["assessments-45-days"]
    assert (own["ons_code"], own["frequency"], own["target"], own["tolerance"]) == (
        "E08000014",
        "monthly",
        85.0,
        5.0,
    )


def test_indicators_filter_by_authority_and_whether_local(world, board_member):
    local_indicator(world["knowsley"], key="knowsley-own", name="Knowsley's own")
    keys = {row["key"] for row in rows(board_member, "/api/v1/indicators/", authority="e08000014")}
    assert keys == {"agency-rate", "assessments-45-days"}  # DfE's, and Sefton's own
    keys = {row["key"] for row in rows(board_member, "/api/v1/indicators/", local="true")}
    assert keys == {"assessments-45-days", "knowsley-own"}


def test_values_are_read_with_their_place_period_and_credit(world, board_member):
    found = rows(
        board_member,
        "/api/v1/indicator-values/",
        authority="E08000014",
        indicator="agency-rate",
        period="2025",
    )
    assert len(found) == 1
    value = found[0]
    assert {k: value[k] for k in ("level", "ons_code", "period", "period_end", "value")} == {
        "level": "authority",
        "ons_code": "E08000014",
        "period": "2025",
        "period_end": "2025-09-30",
        "value": 24.6,
    }
    assert value["credit"] == CREDIT


def test_a_withheld_value_is_its_letter_never_zero(world, board_member):
    (value,) = rows(board_member, "/api/v1/indicator-values/", authority="E08000011", period="2025")
    assert (value["value"], value["marker"]) == (None, "c")
    assert value["marker_meaning"] == "suppressed to protect confidentiality"


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"level": "england"}, {("england", "2024"), ("england", "2025")}),
        ({"level": "region", "period_from": "2025-01-01"}, {("region", "2025")}),
        (
            {"indicator": "agency-rate", "period_to": "2024-12-31", "level": "england"},
            {("england", "2024")},
        ),
        (
            {"indicator": "assessments-45-days"},
            {("authority", "April 2025"), ("authority", "May 2025")},
        ),
        ({"period": "may 2025"}, {("authority", "May 2025")}),
    ],
)
def test_values_filter_by_level_indicator_and_period(world, board_member, params, expected):
    found = rows(board_member, "/api/v1/indicator-values/", **params)
    assert {(row["level"], row["period"]) for row in found} == expected


def test_a_filter_value_that_is_not_allowed_is_named(world, board_member):
    response = api_client(board_member).get(
        "/api/v1/indicator-values/", {"level": "parish", "period_from": "soon"}
    )
    assert response.status_code == 400
    assert set(response.json()) == {"level", "period_from"}


def test_values_download_as_csv_and_xlsx_with_the_same_filters(world, board_member):
    client = api_client(board_member)
    response = client.get("/api/v1/indicator-values/export.csv", {"indicator": "agency-rate"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    assert len(table) == 8
    sefton_2025 = next(r for r in table if r["ONS code"] == "E08000014" and r["Period"] == "2025")
    assert (sefton_2025["Value"], sefton_2025["Source"]) == ("24.6", CREDIT)
    withheld = next(r for r in table if r["ONS code"] == "E08000011" and r["Period"] == "2025")
    assert (withheld["Value"], withheld["Marker"]) == ("", "c")

    response = client.get("/api/v1/indicator-values/export.xlsx", {"level": "england"})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    assert sheet.max_row == 3  # the headings and England's two years
    response = client.get("/api/v1/indicators/export.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert {row["Key"] for row in csv.DictReader(io.StringIO(text))} == {
        "agency-rate",
        "assessments-45-days",
    }


# -- writing ----------------------------------------------------------------------------------


def test_an_officer_adds_an_indicator_of_their_authority_with_its_areas(world, officer):
    area = AreaOfConcernFactory(authority=world["sefton"])
    response = api_client(officer).post(
        "/api/v1/indicators/",
        {
            "authority": world["sefton"].pk,
            "name": "Children seen within the timescale",
            "description": "Visits made within the timescale.",
            "unit": "percent",
            "better": "higher",
            "source": "Liquidlogic",
            "target": 90,
            "tolerance": 5,
            "areas": [area.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    answer = response.json()
    assert (answer["key"], answer["frequency"], answer["areas"]) == (
        "children-seen-within-the-timescale",
        "monthly",
        [area.pk],
    )
    assert response["ETag"]


def test_a_bad_indicator_is_refused_naming_each_field(world, officer):
    elsewhere = AreaOfConcernFactory(authority=world["knowsley"])
    response = api_client(officer).post(
        "/api/v1/indicators/",
        {
            "authority": world["sefton"].pk,
            "name": "Something",
            "description": "What it is.",
            "unit": "percent",
            "better": "neither",
            "source": "Liquidlogic",
            "target": 90,
            "areas": [elsewhere.pk],
        },
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"target", "areas"}
    response = api_client(officer).post(
        "/api/v1/indicators/", {"authority": world["sefton"].pk, "tolerance": -1}, format="json"
    )
    assert response.status_code == 400
    assert {"name", "description", "unit", "better", "source"} <= set(response.json())


def test_another_authoritys_indicator_and_dfes_are_not_written(world, officer):
    client = api_client(officer)
    response = client.post(
        "/api/v1/indicators/",
        {"authority": world["knowsley"].pk, "name": "Theirs"},
        format="json",
    )
    assert response.status_code == 403
    assert "Knowsley" in response.json()["detail"]
    agency = world["agency"]
    response = client.patch(
        f"/api/v1/indicators/{agency.pk}/", {"version": agency.version, "target": 10}, format="json"
    )
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]


def test_an_indicator_change_needs_the_version_read(world, officer):
    own = world["own"]
    client = api_client(officer)
    url = f"/api/v1/indicators/{own.pk}/"
    assert client.patch(url, {"target": 80}, format="json").status_code == 400
    assert client.patch(url, {"target": 80, "version": 1}, format="json").status_code == 200
    stale = client.patch(url, {"target": 70, "version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["changes"][0]["field"] == "Target"
    own.refresh_from_db()
    assert own.target == Decimal("80")


def test_an_officer_enters_and_corrects_a_months_value(world, officer):
    client = api_client(officer)
    response = client.post(
        "/api/v1/indicator-values/",
        {"indicator": "assessments-45-days", "period_end": "2025-06-01", "value": 79.5},
        format="json",
    )
    assert response.status_code == 201, response.content
    answer = response.json()
    assert (answer["period_end"], answer["period"], answer["level"], answer["ons_code"]) == (
        "2025-06-30",
        "June 2025",
        "authority",
        "E08000014",
    )
    url = f"/api/v1/indicator-values/{answer['id']}/"
    # A whole record sent back names the month by any of its days.
    response = client.put(
        url,
        {
            "indicator": "assessments-45-days",
            "period_end": "2025-06-01",
            "value": 80,
            "note": "Late returns.",
            "version": 1,
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response["ETag"] == f'"indicators.indicatorvalue-{answer["id"]}-v2"'
    moved = client.patch(url, {"period_end": "2025-07-31", "version": 2}, format="json")
    assert moved.status_code == 400
    assert "period_end" in moved.json()
    assert client.delete(url, HTTP_IF_MATCH=response["ETag"]).status_code == 204


@pytest.mark.parametrize(
    "body,field",
    [
        (
            {"indicator": "assessments-45-days", "period_end": "2025-04-30", "value": 80},
            "period_end",
        ),
        (
            {"indicator": "assessments-45-days", "period_end": "2099-01-31", "value": 80},
            "period_end",
        ),
        ({"indicator": "assessments-45-days", "period_end": "2025-07-31"}, "value"),
        ({"indicator": "assessments-45-days", "period_end": "2025-07-31", "value": 1e20}, "value"),
        (
            {"indicator": "assessments-45-days", "period_end": "2025-07-31", "value": "80.125"},
            "value",
        ),
        ({"indicator": "no-such", "period_end": "2025-07-31", "value": 80}, "indicator"),
        ({"indicator": "assessments-45-days", "period_end": "July", "value": 80}, "period_end"),
    ],
)
def test_a_bad_value_is_refused_naming_its_field(world, officer, body, field):
    response = api_client(officer).post("/api/v1/indicator-values/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_dfes_values_are_read_only(world, officer, administrator):
    for user in (officer, administrator):
        client = api_client(user)
        response = client.post(
            "/api/v1/indicator-values/",
            {"indicator": "agency-rate", "period_end": "2023-09-30", "value": 20},
            format="json",
        )
        assert response.status_code == 403
        value = IndicatorValue.objects.filter(indicator__key="agency-rate").first()
        response = client.patch(
            f"/api/v1/indicator-values/{value.pk}/", {"value": 1, "version": 1}, format="json"
        )
        assert response.status_code == 403
        assert "read-only" in response.json()["detail"]


def test_a_board_member_reads_but_does_not_write(world, board_member):
    response = api_client(board_member).post(
        "/api/v1/indicator-values/",
        {"indicator": "assessments-45-days", "period_end": "2025-06-30", "value": 80},
        format="json",
    )
    assert response.status_code == 403


def test_another_authoritys_values_are_not_written(world, officer):
    theirs = local_indicator(world["knowsley"], key="knowsley-own", name="Knowsley's own")
    value = month_value(theirs, datetime.date(2025, 4, 1), "70")
    client = api_client(officer)
    response = client.post(
        "/api/v1/indicator-values/",
        {"indicator": "knowsley-own", "period_end": "2025-05-31", "value": 80},
        format="json",
    )
    assert response.status_code == 403
    assert "Knowsley" in response.json()["detail"]
    url = f"/api/v1/indicator-values/{value.pk}/"
    assert client.patch(url, {"value": 1, "version": 1}, format="json").status_code == 403
    assert client.delete(url + "?version=1").status_code == 403


# -- query counts -----------------------------------------------------------------------------


def grow(units):
    """Per unit: an authority with DfE's agency rate for two years and an indicator of its own
    with three months, linked to an area of concern."""
    agency = Indicator.objects.get(key="agency-rate")
    for _ in range(units):
        authority = LocalAuthorityFactory()
        for year in (2024, 2025):
            yearly_value(agency, year, "20", authority=authority)
        own = local_indicator(
            authority, key=f"own-{authority.ons_code.lower()}", name=f"{authority.name}'s own"
        )
        own.areas.add(AreaOfConcernFactory(authority=authority))
        for month in (1, 2, 3):
            month_value(own, datetime.date(2025, month, 1), month)


# Token and user (1), the user's and their groups' permissions (2), then the list itself.
LISTS = {
    "/api/v1/indicators/": 6,  # count, rows with their authority, their areas
    "/api/v1/indicator-values/": 5,  # count, rows with indicator, authority and publication
    "/api/v1/indicators/export.csv": 4,  # rows
    "/api/v1/indicator-values/export.csv": 4,  # rows
}


@pytest.mark.parametrize("url", LISTS)
def test_a_list_takes_the_same_queries_for_ten_times_the_rows(
    url, world, board_member, django_assert_num_queries
):
    client = api_client(board_member)

    def fetch():
        response = client.get(url, {"page_size": 500})
        assert response.status_code == 200
        if response.streaming:
            return len(b"".join(response.streaming_content).splitlines())
        return response.json()["count"]

    grow(2)
    with django_assert_num_queries(LISTS[url]):
        small = fetch()
    grow(18)
    with django_assert_num_queries(LISTS[url]):
        large = fetch()
    assert large >= small + 18  # at least a row for each authority added
