"""The pages that read indicators: the scorecard (/indicators/), an indicator's page, the indicators
on an area's page and the dashboard's "moved most" — what each shows, and the queries each runs,
the same however many authorities and periods there are. One test reads DfE's real files."""

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from findings.indicators.models import Indicator
from findings.models import Theme
from tests.indicators.making import (
    agency_rate,
    local_indicator,
    month_value,
    workforce_publication,
    yearly_value,
)
from tests.support.factories import (
    AreaOfConcernFactory,
    LocalAuthorityFactory,
    StatisticalNeighbourFactory,
)
from visits.models import LocalAuthority

pytestmark = pytest.mark.django_db

SEFTON = "E08000014"
OGL = re.compile(
    r"Contains public sector information licensed under the <a [^>]*>Open Government Licence "
    r"v3\.0</a>\."
)


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _text(html: str) -> str:
    """The page's words, tags stripped and spaces squeezed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _row(html: str, name: str) -> str:
    """The words of the table row whose header names `name`."""
    for row in re.findall(r"<tr class=\"govuk-table__row[^\"]*\">(.*?)</tr>", html, re.S):
        header = re.search(r"<th scope=\"row\"[^>]*>(.*?)</th>", row, re.S)
        if header and name in _text(header.group(1)):
            return _text(row)
    raise AssertionError(f"no row for {name!r}")


def _section(html: str, heading_id: str) -> str:
    """From the heading with this id to the next heading of the same level or the end."""
    start = html.index(f'id="{heading_id}"')
    level = html[html.rindex("<h", 0, start) + 2]
    end = html.find(f"<h{level} ", start)
    return html[start : end if end != -1 else len(html)]


def referrals() -> Indicator:
    return Indicator.objects.create(
        key="re-referrals",
        name="Re-referrals within 12 months",
        description="Referrals within 12 months of a previous referral.",
        unit=Indicator.Unit.PERCENT,
        better=Indicator.Better.LOWER,
        frequency=Indicator.Frequency.ANNUAL,
        theme=Theme.FRONT_DOOR,
        source="DfE, Children in need: referrals and re-referrals",
    )


@pytest.fixture
def world(db):
    """Sefton, three statistical neighbours and an authority elsewhere; DfE's agency rate for 2024
    and 2025 (one neighbour's 2025 figure withheld), its re-referrals (Sefton's 2025 withheld),
    and Sefton's own monthly assessments indicator, with a target, linked to an area."""
    sefton = LocalAuthorityFactory(name="Sefton", ons_code=SEFTON, region="North West")
    names = ["Wirral", "St Helens", "Wigan"]
    neighbours = [LocalAuthorityFactory(name=name, region="North West") for name in names]
    for rank, neighbour in enumerate(neighbours, start=1):
        StatisticalNeighbourFactory(authority=sefton, neighbour=neighbour, rank=rank)
    camden = LocalAuthorityFactory(name="Camden", region="London")
    publication = workforce_publication()
    agency = agency_rate(publication)
    figures = {
        sefton: ("32.6", "24.6"),
        neighbours[0]: ("18.0", "16.0"),
        neighbours[1]: ("20.0", "c"),
        neighbours[2]: ("14.0", "12.0"),
        camden: ("1.0", "1.0"),
    }
    for authority, (last_year, this_year) in figures.items():
        yearly_value(agency, 2024, last_year, publication=publication, authority=authority)
        yearly_value(agency, 2025, this_year, publication=publication, authority=authority)
    yearly_value(agency, 2024, "18.2", publication=publication, region="North West")
    yearly_value(agency, 2025, "16.6", publication=publication, region="North West")
    yearly_value(agency, 2025, "5.0", publication=publication, region="London")
    yearly_value(agency, 2024, "15.0", publication=publication)
    yearly_value(agency, 2025, "13.0", publication=publication)

    rereferrals = referrals()
    yearly_value(rereferrals, 2024, "23.4", authority=sefton)
    yearly_value(rereferrals, 2025, "c", authority=sefton)
    yearly_value(rereferrals, 2025, "22.6")

    workforce = AreaOfConcernFactory(
        authority=sefton, title="Stability of the workforce", theme=Theme.WORKFORCE, position=1
    )
    other = AreaOfConcernFactory(authority=sefton, title="Front door", position=2)
    agency.areas.add(workforce)
    assessments = local_indicator(sefton, theme=Theme.PRACTICE)
    month_value(assessments, datetime.date(2025, 2, 1), "86")
    month_value(assessments, datetime.date(2025, 3, 1), "81")
    assessments.areas.add(workforce)
    return {
        "sefton": sefton,
        "neighbours": neighbours,
        "agency": agency,
        "referrals": rereferrals,
        "assessments": assessments,
        "workforce": workforce,
        "other_area": other,
        "publication": publication,
    }


# -- The scorecard -----------------------------------------------------------------------------------


def test_the_scorecard_shows_seftons_latest_figures_beside_its_neighbours_region_and_england(
    client, board_member, world
):
    client.force_login(board_member)
    html = _page(client, "/indicators/")
    assert '<h1 class="govuk-heading-l">Sefton’s indicators</h1>' in html
    row = _row(html, "Agency social workers")
    # Latest, with its period; the change in words, better or worse; neighbours (the mean of
    # those with a figure: St Helens' is withheld), region, England; the rank, 1 the best.
    for words in (
        "24.6% 2025",
        "Down 8.0 points from 32.6% in 2024",
        "Better",
        "14.0% mean of 2 of 3",
        "16.6%",
        "13.0%",
        "3rd of 3",
    ):
        assert words in row, words
    assert row.index("14.0%") < row.index("16.6%") < row.index("13.0%")
    header = _text(html[html.index("<thead") : html.index("</thead>")])
    assert "Statistical neighbours" in header and "North West" in header and "England" in header
    assert "1 = best" in header


def test_the_trend_is_a_small_image_with_its_words(client, board_member, world):
    client.force_login(board_member)
    html = _page(client, "/indicators/")
    spark = re.search(r'<svg [^>]*id="spark-agency-rate"[^>]*>.*?</svg>', html, re.S).group(0)
    assert 'role="img"' in spark
    assert "From 32.6% in 2024 to 24.6% in 2025" in spark


def test_a_withheld_value_is_shown_as_withheld_with_its_letter_explained_never_as_zero(
    client, board_member, world
):
    client.force_login(board_member)
    html = _page(client, "/indicators/")
    row = _row(html, "Re-referrals within 12 months")
    assert "Withheld (c) 2025" in row
    assert not re.search(r"\b0(\.0)?%", row)
    assert "Not ranked" in row
    assert "c: suppressed to protect confidentiality" in _text(html)


def test_the_scorecard_groups_indicators_by_theme_and_credits_each_publication(
    client, board_member, world
):
    client.force_login(board_member)
    html = _page(client, "/indicators/")
    headings = re.findall(r'<h2 class="govuk-heading-m"[^>]*>(.*?)</h2>', html)
    assert headings.index("Workforce and management oversight") < headings.index("Front door")
    assert headings.index("Front door") < headings.index("Assessment, planning and visits")
    assert "Source: DfE, Children's social work workforce (published 26 February 2026)." in _text(
        html
    )
    assert OGL.search(html)
    assert "Sefton’s own figures: Liquidlogic performance report." in _text(html)


def test_a_local_indicator_shows_its_rag_against_its_target(client, board_member, world):
    client.force_login(board_member)
    row = _row(_page(client, "/indicators/"), "Assessments completed within 45 working days")
    assert "81% March 2025" in row
    assert "Amber" in row
    assert "Target 85%: amber from 80% to 85%, red below 80%" in row
    assert "Down 5 points from 86% in February 2025" in row and "Worse" in row
    assert "No neighbour has this figure" in row


def test_the_scorecard_links_each_indicator_and_its_councils_own_indicators(
    client, board_member, officer, world
):
    client.force_login(board_member)
    html = _page(client, "/indicators/")
    assert 'href="/indicators/agency-rate/"' in html
    assert 'href="/indicators/assessments-45-days/"' in html
    try:
        local, upload = reverse("indicator-local"), reverse("indicator-upload")
    except NoReverseMatch:
        pytest.skip("the pages of a council's own indicators are not there yet")
    # Everyone reads the council's own indicators; officers also add and upload figures.
    assert f'href="{local}?authority={world["sefton"].pk}"' in html
    assert f'href="{upload}' not in html
    client.force_login(officer)
    assert f'href="{upload}' in _page(client, "/indicators/")


def test_the_header_offers_the_indicators(client, board_member, world):
    client.force_login(board_member)
    html = _page(client, "/indicators/")
    menu = html[html.index('aria-label="Menu"') :]
    assert re.search(r'href="/indicators/" aria-current="page">\s*<strong[^>]*>Indicators<', menu)
    html = _page(client, "/indicators/agency-rate/")
    menu = html[html.index('aria-label="Menu"') :]
    assert re.search(r'href="/indicators/" aria-current="true">\s*<strong[^>]*>Indicators<', menu)


# -- An indicator's page --------------------------------------------------------------------------


def test_an_indicators_page_draws_the_four_over_time_with_a_table_of_the_same_figures(
    client, board_member, world
):
    client.force_login(board_member)
    html = _page(client, "/indicators/agency-rate/")
    assert '<h1 class="govuk-heading-l">Agency social workers</h1>' in html
    for chart_id in ("indicator-chart", "indicator-chart-narrow"):
        svg = re.search(rf'<svg [^>]*id="{chart_id}"[^>]*>', html).group(0)
        assert 'role="img"' in svg
        assert f'aria-labelledby="{chart_id}-title {chart_id}-desc"' in svg
    desc = re.search(r'<desc id="indicator-chart-desc">(.*?)</desc>', html).group(1)
    assert "Sefton: 32.6% in 2024, 24.6% in 2025." in desc
    assert "Statistical neighbours' mean: 17.3% in 2024, 14.0% in 2025." in unescape(desc)
    assert "North West: 18.2% in 2024, 16.6% in 2025." in desc
    assert "England: 15.0% in 2024, 13.0% in 2025." in desc
    table = _text(html[html.index('id="figures"') :])
    assert "2025 24.6% 14.0% mean of 2 of 3 16.6% 13.0% 3rd of 3" in table
    assert "2024 32.6% 17.3% mean of 3 of 3 18.2% 15.0% 4th of 4" in table


def test_an_indicators_page_says_what_it_measures_and_where_it_comes_from(
    client, board_member, world
):
    client.force_login(board_member)
    text = _text(_page(client, "/indicators/agency-rate/"))
    for words in (
        "What it measures Agency child and family social workers as a share of all.",
        "Unit %",
        "Which is better Lower is better",
        "How often Yearly",
        "Source DfE, Children's social work workforce",
        "Areas of concern Stability of the workforce",
    ):
        assert words in text, words
    assert "Front door" not in text


def test_an_indicators_page_shows_a_withheld_value_as_withheld(client, board_member, world):
    client.force_login(board_member)
    html = _page(client, "/indicators/re-referrals/")
    assert "2025 Withheld (c)" in _text(html[html.index('id="figures"') :])
    assert "c: suppressed to protect confidentiality" in _text(html)
    desc = re.search(r'<desc id="indicator-chart-desc">(.*?)</desc>', html).group(1)
    assert "Sefton: 23.4% in 2024, withheld (c) in 2025." in desc


def test_a_local_indicators_page_draws_its_target(client, board_member, world):
    client.force_login(board_member)
    html = _page(client, "/indicators/assessments-45-days/")
    assert "The target is 85%." in html
    assert "Target 85%: amber from 80% to 85%, red below 80%" in _text(html)


def test_an_unknown_indicator_is_not_found(client, board_member, world):
    client.force_login(board_member)
    assert client.get("/indicators/no-such-thing/").status_code == 404


# -- The area page and the dashboard ------------------------------------------------------------


def test_the_area_page_shows_the_indicators_linked_to_the_area(client, board_member, world):
    client.force_login(board_member)
    html = _page(client, world["workforce"].get_absolute_url())
    section = _section(html, "indicators")
    row = _row(section, "Agency social workers")
    for words in ("24.6% 2025", "Down 8.0 points from 32.6% in 2024", "13.0%", "14.0%"):
        assert words in row, words
    assert 'href="/indicators/agency-rate/"' in section
    assert "Assessments completed within 45 working days" in section
    other = _page(client, world["other_area"].get_absolute_url())
    assert "No indicators are linked to this area" in _text(_section(other, "indicators"))


def test_the_dashboard_names_the_indicators_that_moved_most(client, board_member, world):
    client.force_login(board_member)
    html = _page(client, "/dashboard/")
    section = _section(html, "indicators-moved")
    text = _text(section)
    worse = text[text.index("For the worse") : text.index("For the better")]
    better = text[text.index("For the better") :]
    assert "Assessments completed within 45 working days 81% in March 2025, from 86% in " in worse
    assert "Agency social workers 24.6% in 2025, from 32.6% in 2024" in better
    assert "down 8.0 points (25%)" in better
    # What "since" means for each kind of figure.
    assert "monthly" in text and "yearly" in text
    assert 'href="/indicators/agency-rate/"' in section and 'href="/indicators/"' in section


def test_a_new_value_shows_on_the_cached_dashboard_and_area_page_at_once(
    client, board_member, world
):
    client.force_login(board_member)
    area_url = world["workforce"].get_absolute_url()
    assert "90%" not in _text(_section(_page(client, area_url), "indicators"))
    _page(client, "/dashboard/")
    month_value(world["assessments"], datetime.date(2025, 4, 1), "90")
    assert "90% in April 2025" in _text(_section(_page(client, "/dashboard/"), "indicators-moved"))
    assert "90% April 2025" in _text(_section(_page(client, area_url), "indicators"))


def test_linking_an_indicator_to_an_area_shows_on_the_cached_area_page_at_once(
    client, board_member, world
):
    client.force_login(board_member)
    url = world["other_area"].get_absolute_url()
    assert "Re-referrals" not in _page(client, url)
    world["referrals"].areas.add(world["other_area"])
    assert "Re-referrals within 12 months" in _text(_section(_page(client, url), "indicators"))


# -- Queries: the same however many authorities and periods -------------------------------------


def _grow(world, authorities: int, years=range(2020, 2024)):
    """More authorities with figures, and more years for everyone, neighbours among them."""
    agency, publication = world["agency"], world["publication"]
    places = [world["sefton"], *world["neighbours"]]
    for _ in range(authorities):
        authority = LocalAuthorityFactory(region="London")
        StatisticalNeighbourFactory(authority=authority, neighbour=world["sefton"], rank=1)
        yearly_value(agency, 2025, "11.0", publication=publication, authority=authority)
        places.append(authority)
    for year in years:
        for authority in places:
            yearly_value(agency, year, "20.0", publication=publication, authority=authority)
            yearly_value(world["referrals"], year, "21.0", authority=authority)
        yearly_value(agency, year, "17.0", publication=publication, region="North West")
        yearly_value(agency, year, "15.0", publication=publication)
    for month in range(1, 13):
        month_value(world["assessments"], datetime.date(2024, month, 1), "80")


# Every page starts with four: the session, the user, and the user's and groups' permissions.
QUERIES = {
    "/indicators/": 12,
    "/indicators/agency-rate/": 12,
    "/dashboard/": 11,  # no inspection or visit recorded: the events' own reads are fewer
    "area page": 14,
}


def _url(world, name):
    return world["workforce"].get_absolute_url() if name == "area page" else name


@pytest.mark.parametrize("name", QUERIES)
def test_each_page_runs_the_same_queries_however_many_authorities_and_periods(
    client, board_member, world, name, django_assert_num_queries
):
    client.force_login(board_member)
    with django_assert_num_queries(QUERIES[name]):
        _page(client, _url(world, name))
    _grow(world, 4 * LocalAuthority.objects.count())  # five times the authorities, three the years
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as larger:
        _page(client, _url(world, name))
    assert len(larger.captured_queries) == QUERIES[name]


# -- DfE's real data ------------------------------------------------------------------------------------


def test_on_the_real_data_seftons_scorecard_shows_its_agency_rate_beside_england(
    client, board_member, sefton, django_assert_num_queries
):
    from visits.national.loading import load_national_data

    revision = sefton.revision
    load_national_data()
    sefton.refresh_from_db()
    assert sefton.revision > revision  # DfE's figures are on its cached pages: they are renewed
    client.force_login(board_member)
    with django_assert_num_queries(QUERIES["/indicators/"]):
        html = _page(client, "/indicators/")
    row = _row(html, "Agency social workers")
    for words in (
        "24.6% 2025",
        "Down 8.0 points from 32.6% in 2024",
        "Better",
        "16.4% mean of 10 of 10",
        "16.6%",
        "13.0%",
        "9th of 11",
    ):
        assert words in row, words
    assert "Source: DfE, Children's social work workforce." in _text(html)
    # Sefton's absence rate for 2023 was published as 'u': withheld, for low reliability.
    with django_assert_num_queries(QUERIES["/indicators/agency-rate/"]):
        html = _page(client, "/indicators/absence-rate/")
    assert "2023 Withheld (u)" in _text(html[html.index('id="figures"') :])
    assert "u: low reliability" in _text(html)


def test_figures_are_rounded_half_up_to_the_places_the_indicator_is_published_to(world):
    from findings.indicators.pages import Numbers

    numbers = Numbers(world["agency"], [Decimal("24.6"), Decimal("13.00")])
    assert numbers(Decimal("22.85")) == "22.9%"  # the neighbours' mean, to the figures' place
    assert numbers(Decimal("13.00")) == "13.0%"
    assert numbers.change(Decimal("-0.05")) == "0.1 points"
    assert Numbers(world["assessments"], [Decimal("81")]).change(Decimal("1")) == "1 point"
