"""The national picture's pages: an authority in context, journeys out of inadequate, what Ofsted is
looking at, any authority's page and the search that finds it — what each shows, who may read it,
and the queries each runs, the same on ten times the data."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from findings.models import RAG, Theme
from tests.support.factories import (
    AreaOfConcernFactory,
    AreaReviewFactory,
    InspectionEventFactory,
    InspectionFactory,
    JudgementFactory,
    LocalAuthorityFactory,
    OfstedOutcomeFactory,
    PublicationFactory,
    StatisticalNeighbourFactory,
)
from visits.models import InspectionEvent, Judgement, LocalAuthority
from visits.national.models import AuthorityName

pytestmark = pytest.mark.django_db

OGL = re.compile(
    r"Contains public sector information licensed under the <a [^>]*>Open Government Licence "
    r"v3\.0</a>\."
)
SEFTON = "E08000014"
NEIGHBOURS = ["Wirral", "St Helens", "Wigan"]
D = datetime.date


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _text(html: str) -> str:
    """The page's words, tags stripped and spaces squeezed, for sentences split by markup."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _body(table: str) -> str:
    return table[table.index("<tbody") :]


def _table(html: str, marker: str) -> str:
    """The first table after `marker` in the page."""
    start = html.index(marker)
    return html[html.index("<table", start) : html.index("</table>", start)]


@pytest.fixture
def world(db):
    """Sefton (inadequate in 2022, two monitoring visits, both in the tracker and one in Ofsted's
    year of visits), three statistical neighbours, a region and England around them."""
    outcomes = PublicationFactory()
    sefton = LocalAuthorityFactory(
        name="Sefton",
        ons_code=SEFTON,
        dfe_code="343",
        region="North West",
        ofsted_region="North West",
    )
    AuthorityName.objects.create(authority=sefton, name="Sefton", key="sefton")
    inspection = InspectionFactory(authority=sefton)
    JudgementFactory(event=inspection, grade=Judgement.Grade.INADEQUATE)
    InspectionEventFactory(
        authority=sefton,
        visit_number=4,
        fieldwork_start=D(2023, 11, 15),
        fieldwork_end=D(2023, 11, 16),
    )
    sixth = InspectionEventFactory(authority=sefton, visit_number=6)
    OfstedOutcomeFactory(authority=sefton, start_date=D(2022, 2, 21), publication=outcomes)
    OfstedOutcomeFactory(
        authority=sefton,
        kind=InspectionEvent.Kind.MONITORING,
        start_date=sixth.fieldwork_start,
        theme="Front door",
        publication=outcomes,
    )
    grades = [
        Judgement.Grade.GOOD,
        Judgement.Grade.REQUIRES_IMPROVEMENT,
        Judgement.Grade.INADEQUATE,
    ]
    neighbours = []
    for rank, (name, grade) in enumerate(zip(NEIGHBOURS, grades, strict=True), start=1):
        neighbour = LocalAuthorityFactory(name=name, ofsted_region="North West")
        OfstedOutcomeFactory(
            authority=neighbour,
            start_date=D(2019, 3, 4 + rank),
            overall_effectiveness=Judgement.Grade.INADEQUATE,
            publication=outcomes,
        )
        OfstedOutcomeFactory(
            authority=neighbour,
            kind=InspectionEvent.Kind.SHORT,
            start_date=D(2023, 1, 9 + rank),
            overall_effectiveness=grade,
            publication=outcomes,
        )
        StatisticalNeighbourFactory(
            authority=sefton, neighbour=neighbour, rank=rank, closeness="Close"
        )
        neighbours.append(neighbour)
    elsewhere = LocalAuthorityFactory(name="Camden", region="London", ofsted_region="London")
    OfstedOutcomeFactory(
        authority=elsewhere,
        start_date=D(2023, 6, 5),
        overall_effectiveness=Judgement.Grade.OUTSTANDING,
        publication=outcomes,
    )
    OfstedOutcomeFactory(
        authority=elsewhere,
        kind=InspectionEvent.Kind.FOCUSED,
        start_date=D(2024, 9, 10),
        theme="Care leavers",
        publication=outcomes,
    )
    gone = LocalAuthorityFactory(name="Bygone", ofsted_region="North West", still_exists=False)
    OfstedOutcomeFactory(authority=gone, start_date=D(2018, 5, 14), publication=outcomes)
    AuthorityName.objects.create(authority=elsewhere, name="London Borough of Camden", key="camden")

    front_door = AreaOfConcernFactory(
        authority=sefton, title="Parental consent in the MASH", theme=Theme.FRONT_DOOR
    )
    leaders = AreaOfConcernFactory(
        authority=sefton, title="Corporate responsibility", theme=Theme.LEADERSHIP
    )
    AreaReviewFactory(event=inspection, area=front_door, rag=RAG.RED)
    AreaReviewFactory(event=sixth, area=front_door, rag=RAG.AMBER)
    AreaReviewFactory(event=inspection, area=leaders, rag=RAG.RED)
    return {
        "sefton": sefton,
        "inspection": inspection,
        "sixth": sixth,
        "neighbours": neighbours,
        "camden": elsewhere,
        "outcomes": outcomes,
    }


# -- Sefton in context -------------------------------------------------------------------------------


def test_the_context_page_shows_the_authority_beside_its_neighbours_region_and_england(
    client, board_member, world
):
    client.force_login(board_member)
    html = _page(client, "/national/")
    text = _text(html)
    assert '<h1 class="govuk-heading-l">Sefton in context</h1>' in html
    assert "Sefton's latest overall effectiveness grade is inadequate" in text
    # England: the current authorities only (Bygone no longer exists), by their latest grade.
    assert "Of England's 5 local authorities, 2 are judged inadequate" in text
    england = _text(_table(html, 'id="england"'))
    assert "Outstanding 1 20% 0 0%" in england
    assert "Good 1 20% 1 25%" in england
    assert "Requires improvement to be good 1 20% 1 25%" in england
    assert "Inadequate 2 40% 2 50%" in england
    # The neighbours, closest first, each with its latest grade, linked to its own page.
    neighbours = _text(_table(html, 'id="neighbours"'))
    assert neighbours.index("Wirral") < neighbours.index("St Helens") < neighbours.index("Wigan")
    assert "1 Wirral Close Good" in neighbours
    assert f'href="/national/authorities/{world["neighbours"][0].ons_code}/"' in html
    # The region: its current authorities.
    region = _text(_table(html, 'id="region"'))
    assert "Sefton" in region and "Wirral" in region and "Bygone" not in region
    assert "Camden" not in region


def test_each_inspection_and_visit_shows_once_linked_to_the_trackers_record(
    client, board_member, world
):
    client.force_login(board_member)
    html = _page(client, "/national/")
    history = _table(html, 'id="history"')
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", _body(history), re.S)
    assert len(rows) == 3  # the inspection and two monitoring visits, each once
    first = _text(rows[0])
    assert "21 February 2022" in first and "Inadequate" in first
    assert "Ofsted's statistics and the tracker" in first
    assert f'href="{world["inspection"].get_absolute_url()}"' in rows[0]
    assert "The tracker" in _text(rows[1])  # the fourth visit: not in Ofsted's year of visits
    assert "Theme: Front door" in _text(rows[2])


def test_the_charts_are_images_with_a_text_alternative_a_table_and_a_credit(
    client, board_member, world
):
    client.force_login(board_member)
    html = _page(client, "/national/")
    for chart_id in ("timeline", "timeline-narrow", "grade-spread", "grade-spread-narrow"):
        svg = html[
            html.index(f'id="{chart_id}"') - 200 : html.index(
                "</svg>", html.index(f'id="{chart_id}"')
            )
        ]
        assert 'role="img"' in svg
        assert f'aria-labelledby="{chart_id}-title {chart_id}-desc"' in svg
    timeline = html[html.index('id="timeline-desc"') :]
    assert "Sefton: February 2022, Inadequate; November 2023, monitoring visit" in _text(
        timeline[: timeline.index("</desc>")]
    )
    assert html.count("Show as a table") == 2
    assert len(OGL.findall(html)) >= 4
    assert (
        "Source: Ofsted, Local authority inspection outcomes as at 31 March 2025 (published 25 "
        "September 2025)." in html
    )


def test_the_header_offers_the_national_picture_and_the_pages_link_to_each_other(
    client, board_member, world
):
    client.force_login(board_member)
    html = _page(client, "/national/journeys/")
    assert re.search(r'href="/national/"[^>]*>\s*National picture', html)
    nav = html[html.index('aria-label="National picture"') :]
    nav = nav[: nav.index("</nav>")]
    for url, label in [
        ("/national/", "Sefton in context"),
        ("/national/journeys/", "Journeys out of inadequate"),
        ("/national/themes/", "What Ofsted is looking at"),
        ("/national/authorities/", "Find an authority"),
    ]:
        assert f'href="{url}"' in nav and label in nav
    assert re.search(r'href="/national/journeys/" aria-current="page"', nav)
    crumbs = html[html.index('aria-label="Breadcrumb"') :]
    assert 'href="/national/"' in crumbs[: crumbs.index("</nav>")]


# -- Journeys out of inadequate ----------------------------------------------------------------------


def test_the_journeys_page_lists_every_authority_judged_inadequate_and_where_sefton_stands(
    client, board_member, world
):
    client.force_login(board_member)
    html = _page(client, "/national/journeys/")
    text = _text(html)
    table = _text(_table(html, 'id="journeys"'))
    # Wirral, St Helens and Wigan (2019, re-inspected 2023), Sefton (2022), Bygone (2018).
    for name in ["Wirral", "St Helens", "Wigan", "Sefton", "Bygone"]:
        assert name in table
    assert "Wirral 5 Mar 2019 10 Jan 2023 Good 46.2" in table
    assert "Wigan 7 Mar 2019 12 Jan 2023 Inadequate" in table
    assert "Sefton 21 Feb 2022 Not yet" in table
    assert "Bygone 14 May 2018 No longer exists" in table
    assert "Where Sefton stands" in text
    assert "since the inadequate judgement" in text
    assert "What the data cannot show" in text
    assert "monitoring and focused visits for one year only" in text
    assert 'id="reinspection"' in html and 'id="reinspection-narrow"' in html
    assert OGL.search(html)


# -- What Ofsted is looking at -----------------------------------------------------------------------


def test_the_themes_page_counts_the_years_visits_beside_seftons_areas(client, board_member, world):
    client.force_login(board_member)
    html = _page(client, "/national/themes/")
    text = _text(html)
    assert "From 25 June 2024 to 10 September 2024 it made 2 such visits" in text
    assert "1 monitoring visit and 1 focused visit" in text
    counts = _text(_table(html, 'id="themes"'))
    assert "Care leavers 0 1 1" in counts and "Front door 1 0 1" in counts
    beside = _table(html, 'id="beside"')
    front_door = beside[beside.index("Front door") :]
    front_door = front_door[: front_door.index("</tr>")]
    assert "Parental consent in the MASH" in front_door and "Amber" in front_door
    unmatched = html[html.index("under none of these themes") :]
    assert "Corporate responsibility" in unmatched and "Red" in unmatched
    assert "Monitoring visit, 25 June 2024: Front door" in text
    assert OGL.search(html)


# -- Any authority's page, and the search -------------------------------------------------------------


def test_an_authoritys_page_shows_its_codes_regions_history_and_neighbours(
    client, board_member, world
):
    client.force_login(board_member)
    html = _page(client, f"/national/authorities/{SEFTON}/")
    text = _text(html)
    for fact in ("ONS code E08000014", "DfE code 343", "Region (ONS) North West"):
        assert fact in text
    assert "Ofsted region North West" in text
    assert f'href="{world["sixth"].get_absolute_url()}"' in html
    assert f'href="/national/authorities/{world["neighbours"][2].ons_code}/"' in html
    wirral = _text(_page(client, f"/national/authorities/{world['neighbours'][0].ons_code}/"))
    assert "Counted among the ten closest by: Sefton" in wirral
    assert "No inspection or visit" not in wirral


def test_the_pages_say_what_is_missing_before_the_national_data_is_loaded(
    client, board_member, sefton
):
    client.force_login(board_member)
    text = _text(_page(client, "/national/"))
    assert "latest overall effectiveness grade is not known from Ofsted's published outcomes" in (
        text
    )
    assert "DfE's model gives no statistical neighbours for this authority" in text
    journeys = _text(_page(client, "/national/journeys/"))  # the tracker's inspection alone
    assert "Sefton 21 Feb 2022 Not yet" in journeys
    assert "no median yet: fewer than half have been re-inspected" in journeys
    assert "lists no monitoring or focused visits with a theme" in _text(
        _page(client, "/national/themes/")
    )
    assert "Standard ILACS inspection" in _text(_page(client, f"/national/authorities/{SEFTON}/"))


def test_an_authority_not_known_is_not_found(client, board_member, world):
    client.force_login(board_member)
    assert client.get("/national/authorities/E09999999/").status_code == 404


@pytest.mark.parametrize(
    "query,first",
    [
        ("Sefton Metropolitan Borough Council", "Sefton"),  # a document's form of the name
        ("London Borough of Camden", "Camden"),  # a name a publication spells it with
        ("wir", "Wirral"),  # part of a name
        ("E08000014", "Sefton"),
        ("343", "Sefton"),  # DfE's code
    ],
)
def test_the_search_finds_an_authority_by_any_of_its_names_or_codes(
    client, board_member, world, query, first
):
    client.force_login(board_member)
    html = _page(client, f"/national/authorities/?q={query}")
    results = _text(_body(_table(html, 'role="status"')))
    assert results.startswith(first)
    assert 'role="search"' in html and f'value="{query}"' in html


def test_the_search_says_when_nothing_matches_and_lists_everyone_without_a_query(
    client, board_member, world
):
    client.force_login(board_member)
    assert "No authority has a name or code like that" in _page(
        client, "/national/authorities/?q=Atlantis"
    )
    everyone = _text(_page(client, "/national/authorities/"))
    assert "Every authority, A to Z" in everyone
    assert "Bygone No longer exists" in everyone


# -- Queries: the same on ten times the data ------------------------------------------------------------


def _more_data(world, times: int):
    """`times` more authorities, each with what the pages count: graded inspections (inadequate,
    then re-inspected), a themed visit, another name, a neighbour link, and an area of concern of
    Sefton's rated at its sixth visit."""
    outcomes = world["outcomes"]
    for _ in range(times):
        authority = LocalAuthorityFactory(ofsted_region="North West")
        AuthorityName.objects.create(
            authority=authority, name=f"{authority.name} Council", key=authority.name.lower()
        )
        OfstedOutcomeFactory(authority=authority, start_date=D(2019, 1, 7), publication=outcomes)
        OfstedOutcomeFactory(
            authority=authority,
            kind=InspectionEvent.Kind.SHORT,
            start_date=D(2022, 5, 9),
            overall_effectiveness=Judgement.Grade.GOOD,
            publication=outcomes,
        )
        OfstedOutcomeFactory(
            authority=authority,
            kind=InspectionEvent.Kind.FOCUSED,
            start_date=D(2024, 10, 1),
            theme="Children in care",
            publication=outcomes,
        )
        StatisticalNeighbourFactory(authority=authority, neighbour=world["sefton"], rank=1)
        area = AreaOfConcernFactory(authority=world["sefton"], theme=Theme.CHILDREN_IN_CARE)
        AreaReviewFactory(event=world["sixth"], area=area, rag=RAG.GREEN)


# Every page starts with four: the session, the user, and the user's and groups' permissions.
QUERIES = {
    "/national/": 13,
    "/national/journeys/": 10,
    "/national/themes/": 10,
    f"/national/authorities/{SEFTON}/": 16,
    "/national/authorities/": 7,
    "/national/authorities/?q=Sefton": 7,
}


@pytest.mark.parametrize("url", QUERIES)
def test_each_page_runs_the_same_queries_on_ten_times_the_data(
    client, board_member, world, url, django_assert_num_queries
):
    client.force_login(board_member)
    with django_assert_num_queries(QUERIES[url]):
        assert client.get(url).status_code == 200
    _more_data(world, 9 * LocalAuthority.objects.count())  # ten times the authorities
    with CaptureQueriesContext(connection) as larger:
        assert client.get(url).status_code == 200
    assert len(larger.captured_queries) == QUERIES[url]


# -- Ofsted's real data ----------------------------------------------------------------------------------


def test_seftons_page_on_the_real_data_shows_the_2022_inspection_once_and_wirral_first(
    client, board_member, sefton
):
    from visits.national.loading import load_national_data

    load_national_data()
    client.force_login(board_member)
    html = _page(client, "/national/")
    history = _table(html, 'id="history"')
    assert _text(history).count("Inadequate") == 1
    assert _text(history).count("21 February 2022") == 1
    neighbours = re.findall(
        r'<th scope="row"[^>]*><a class="govuk-link" href="[^"]+">([^<]+)</a>',
        _table(html, 'id="neighbours"'),
    )
    assert neighbours[0] == "Wirral" and len(neighbours) == 10
    assert "Of England's 153 local authorities, 19 are judged inadequate" in _text(html)
