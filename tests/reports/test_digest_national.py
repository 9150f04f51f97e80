"""The digest's national section: how long since the authority's inadequate judgement against the
national median (Kaplan-Meier, from the journeys out of inadequate), and its statistical
neighbours' latest grades, credited to the publications they come from."""

import datetime

import pytest
from django.template.loader import render_to_string

from reports.digests import digest_context, national_section
from reports.models import Cadence
from reports.periods import Period
from tests.support.factories import (
    LocalAuthorityFactory,
    OfstedOutcomeFactory,
    StatisticalNeighbourFactory,
)

pytestmark = pytest.mark.django_db

JULY_2024 = Period(Cadence.MONTHLY, datetime.date(2024, 7, 1), datetime.date(2024, 7, 31))


@pytest.fixture
def national(sefton):
    """As at 31 July 2024, three journeys: Sefton waiting since 21 February 2022 (891 days,
    censored); Knowsley re-inspected after 735 days; Wirral after 1,099. By hand: 2/3 still
    waiting after 735 days, none after 1,099: the median is 1,099 days (36.1 months), and by
    Sefton's 891 days a third had been re-inspected."""
    knowsley = LocalAuthorityFactory(name="Knowsley", ons_code="E08000011")
    wirral = LocalAuthorityFactory(name="Wirral", ons_code="E08000015")
    halton = LocalAuthorityFactory(name="Halton", ons_code="E06000006")
    OfstedOutcomeFactory(authority=sefton, start_date=datetime.date(2022, 2, 21))
    OfstedOutcomeFactory(authority=knowsley, start_date=datetime.date(2020, 3, 2))
    OfstedOutcomeFactory(
        authority=knowsley,
        start_date=datetime.date(2022, 3, 7),
        overall_effectiveness="requires_improvement",
    )
    OfstedOutcomeFactory(authority=wirral, start_date=datetime.date(2019, 1, 7))
    OfstedOutcomeFactory(
        authority=wirral, start_date=datetime.date(2022, 1, 10), overall_effectiveness="good"
    )
    # After the digest's period: not yet known at 31 July 2024.
    OfstedOutcomeFactory(
        authority=wirral,
        start_date=datetime.date(2024, 10, 7),
        overall_effectiveness="outstanding",
    )
    StatisticalNeighbourFactory(authority=sefton, neighbour=wirral, rank=1, closeness="Very close")
    StatisticalNeighbourFactory(authority=sefton, neighbour=knowsley, rank=2, closeness="Close")
    StatisticalNeighbourFactory(authority=sefton, neighbour=halton, rank=3, closeness="Close")
    return sefton


def rendered(authority):
    return render_to_string("pdf/digest.html", digest_context(authority.pk, JULY_2024))


def text_of(html):
    return " ".join(html.split())


def test_the_digest_says_how_long_since_the_inadequate_judgement_against_the_national_median(
    national,
):
    html = text_of(rendered(national))

    assert "<h2>National picture</h2>" in html
    assert (
        "Sefton was judged inadequate at the inspection that started on 21 February 2022. "
        "At 31 July 2024: 29 months since the inadequate judgement; by then a third of the "
        "authorities judged inadequate had been re-inspected."
    ) in html
    assert (
        "Nationally, half of the authorities judged inadequate since 2018 had been "
        "re-inspected within 36.1 months"
    ) in html
    assert "1 still waiting counted as censored" in html


def test_the_digest_lists_the_neighbours_latest_grades_known_by_the_end_of_the_period(national):
    section = national_section(national, JULY_2024)

    assert [(n.rank, n.name, n.grade_label, n.inspected_on) for n in section.neighbours] == [
        (1, "Wirral", "Good", datetime.date(2022, 1, 10)),
        (2, "Knowsley", "Requires improvement to be good", datetime.date(2022, 3, 7)),
        (3, "Halton", "No graded inspection", None),
    ]
    html = text_of(rendered(national))
    assert "<td>Wirral</td> <td>Good</td> <td>10 January 2022</td>" in html
    assert "Outstanding" not in html


def test_the_national_section_is_credited_to_its_publications(national):
    html = text_of(rendered(national))

    assert (
        "Source: Ofsted, Local authority inspection outcomes as at 31 March 2025 (published 25 "
        "September 2025); DfE, Children's services statistical neighbour benchmarking tool, 2025 "
        "model. Contains public sector information licensed under the Open Government Licence "
        "v3.0."
    ) in html.replace("&#x27;", "'")


def test_an_authority_never_judged_inadequate_is_told_so_in_one_line(db):
    stockport = LocalAuthorityFactory(name="Stockport", ons_code="E08000007")
    other = LocalAuthorityFactory(name="Oldham", ons_code="E08000004")
    OfstedOutcomeFactory(
        authority=stockport, start_date=datetime.date(2019, 4, 1), overall_effectiveness="good"
    )
    OfstedOutcomeFactory(authority=other, start_date=datetime.date(2022, 6, 6))
    StatisticalNeighbourFactory(authority=stockport, neighbour=other, rank=1)

    section = national_section(stockport, JULY_2024)
    html = text_of(rendered(stockport))

    assert section.standing is None
    assert (
        "Ofsted's published data shows no inadequate judgement of Stockport at a graded "
        "inspection since 2018."
    ) in html.replace("&#x27;", "'")
    assert "<td>Oldham</td> <td>Inadequate</td>" in html


def test_without_national_data_the_section_is_left_out(sefton):
    assert national_section(sefton, JULY_2024) is None
    assert "National picture" not in rendered(sefton)


def test_the_national_section_takes_a_fixed_number_of_queries(national, django_assert_num_queries):
    # The edition, Ofsted's rows, the tracker's events and their overall judgements (journeys);
    # the neighbours with their latest grades.
    with django_assert_num_queries(5):
        national_section(national, JULY_2024)
    for number in range(10):
        extra = LocalAuthorityFactory()
        OfstedOutcomeFactory(authority=extra, start_date=datetime.date(2021, 1, 4 + number))
    with django_assert_num_queries(5):
        national_section(national, JULY_2024)
