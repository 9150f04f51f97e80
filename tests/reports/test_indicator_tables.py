"""Digests and progress letters show the indicators linked to the areas of concern they cover: a
compact table of each one's latest figure (for periods ending by the end of the digest's period,
or by the letter's date), its change since the figure before, England's and the statistical
neighbours' mean, credited to the publications and sources the figures come from."""

import datetime
import re

import pytest
from django.template.loader import render_to_string

from findings.models import AreaOfConcern
from reports.digests import digest_context
from reports.indicators import indicator_table
from reports.letters import letter_context
from reports.models import Cadence
from reports.periods import Period
from tests.indicators.making import (
    agency_rate,
    local_indicator,
    month_value,
    workforce_publication,
    yearly_value,
)
from tests.support.factories import LocalAuthorityFactory, StatisticalNeighbourFactory
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db

OCTOBER_2025 = Period(Cadence.MONTHLY, datetime.date(2025, 10, 1), datetime.date(2025, 10, 31))
CREDIT = "DfE, Children's social work workforce (published 26 February 2026)"


@pytest.fixture
def linked(sefton):
    """Sefton's agency rate (linked to its caseloads area) beside two neighbours and England,
    and its own monthly figure for children seen (linked to its child protection area)."""
    caseloads = AreaOfConcern.objects.get(authority=sefton, title__startswith="Caseloads")
    protection = AreaOfConcern.objects.get(authority=sefton, title__startswith="Urgency")
    knowsley = LocalAuthorityFactory(name="Knowsley", ons_code="E08000011")
    wirral = LocalAuthorityFactory(name="Wirral", ons_code="E08000015")
    StatisticalNeighbourFactory(authority=sefton, neighbour=knowsley, rank=1)
    StatisticalNeighbourFactory(authority=sefton, neighbour=wirral, rank=2)
    publication = workforce_publication()
    agency = agency_rate(publication)
    agency.areas.add(caseloads)
    for year, ours, knowsleys, wirrals, england in (
        (2023, "38.1", "15.0", "20.0", "15.9"),
        (2024, "30.2", "12.5", "18.0", "15.5"),
        (2025, "24.6", "14.0", "c", "13.0"),
    ):
        yearly_value(agency, year, ours, authority=sefton, publication=publication)
        yearly_value(agency, year, knowsleys, authority=knowsley, publication=publication)
        yearly_value(agency, year, wirrals, authority=wirral, publication=publication)
        yearly_value(agency, year, england, publication=publication)
    # DfE's turnover rate, linked to no area: in neither.
    unlinked = agency_rate(publication)
    unlinked.pk, unlinked.key, unlinked.name = None, "turnover-rate", "Social worker turnover"
    unlinked.save()
    yearly_value(unlinked, 2025, "20.0", authority=sefton, publication=publication)
    seen = local_indicator(
        sefton,
        key="children-seen",
        name="Children seen within the timescale",
        target=90,
        tolerance=5,
    )
    seen.areas.add(protection)
    for month, value in ((6, "84"), (7, "88.5"), (8, "91"), (11, "95")):
        month_value(seen, datetime.date(2025, month, 1), value)
    return sefton


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'").split())


def test_a_digest_shows_the_indicators_linked_to_its_areas_as_at_the_end_of_its_period(linked):
    table = digest_context(linked.pk, OCTOBER_2025)["indicators"]

    assert [(line.indicator.key, line.period) for line in table.lines] == [
        ("agency-rate", "2025"),
        ("children-seen", "August 2025"),  # November is after the period
    ]
    html = text_of(render_to_string("pdf/digest.html", digest_context(linked.pk, OCTOBER_2025)))
    assert "Performance indicators" in html
    assert (
        "Agency social workers Caseloads and management oversight, including out of hours "
        "2025 24.6% Down 5.6 points since 2024 13.0% 14.0% (1 of 2)"
    ) in html
    assert (
        "Children seen within the timescale Urgency and robustness of the child protection "
        "response August 2025 91.0% Green Up 2.5 points since July 2025 – –"
    ) in html
    assert "Social worker turnover" not in html
    assert f"Source: {CREDIT}; Sefton's own figures: Liquidlogic performance report." in html


def test_a_digest_of_one_theme_shows_only_the_indicators_of_its_areas(linked):
    table = digest_context(linked.pk, OCTOBER_2025, theme="workforce")["indicators"]
    assert [line.indicator.key for line in table.lines] == ["agency-rate"]
    assert table.credits == [CREDIT]


def test_with_no_indicator_linked_the_section_is_left_out(sefton):
    context = digest_context(sefton.pk, OCTOBER_2025)
    assert context["indicators"] is None
    assert "Performance indicators" not in render_to_string("pdf/digest.html", context)


def test_a_progress_letter_shows_the_indicators_of_the_areas_reviewed_as_at_its_date(linked):
    sixth = InspectionEvent.objects.get(authority=linked, visit_number=6)  # letter 25 July 2024
    context = letter_context(sixth.pk)
    table = context["indicators"]

    assert [(line.indicator.key, line.period) for line in table.lines] == [("agency-rate", "2023")]
    html = text_of(render_to_string("pdf/letter.html", context))
    assert (
        "Agency social workers Caseloads and management oversight, including out of hours "
        "2023 38.1% No earlier figure 15.9% 17.5% (2 of 2)"
    ) in html
    assert f"Source: {CREDIT}." in html


def test_the_table_is_marked_up_for_a_tagged_pdf(linked):
    html = render_to_string("pdf/digest.html", digest_context(linked.pk, OCTOBER_2025))
    section = html[html.index("Performance indicators") :]
    table = section[: section.index("</table>")]
    assert table.count('<th scope="col"') == 5
    assert table.count('<th scope="row"') == 2
    assert "<caption" in table


def test_the_table_takes_a_fixed_number_of_queries(linked, django_assert_num_queries):
    areas = list(AreaOfConcern.objects.filter(authority=linked).values_list("pk", flat=True))
    # The linked indicators, the neighbours, the authority's values, the neighbours', England's
    # and the region's, the publications.
    with django_assert_num_queries(6):
        indicator_table(linked, areas, as_at=OCTOBER_2025.end)
    for number in range(8):
        other = LocalAuthorityFactory()
        StatisticalNeighbourFactory(authority=linked, neighbour=other, rank=3 + number)
        yearly_value(agency_rate(), 2025, number, authority=other)
        extra = local_indicator(linked, key=f"extra-{number}", name=f"Extra {number}")
        extra.areas.add(areas[number])
        month_value(extra, datetime.date(2025, 9, 1), number)
    with django_assert_num_queries(6):
        assert len(indicator_table(linked, areas, as_at=OCTOBER_2025.end).lines) == 10
