"""A council's own indicators through the pages: officers define them (with a target and tolerance
that give RAG, and the areas of concern they bear on), enter or correct one month's value, and see
who changed what; DfE's figures are read-only, and another authority's are not theirs to change."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from findings.indicators.models import Indicator, IndicatorValue
from sefton_tracker.core.roles import OFFICER
from tests.support.factories import AreaOfConcernFactory, LocalAuthorityFactory, UserFactory
from tests.support.forms import error_summary, form_values, summary_text

from .making import agency_rate, local_indicator, month_value

pytestmark = pytest.mark.django_db


@pytest.fixture
def sefton():
    return LocalAuthorityFactory(name="Sefton", ons_code="E08000014")


@pytest.fixture
def signed_in(client, officer, sefton):
    client.force_login(officer)
    return client


def definition(**overrides):
    return {
        "name": "Children seen within the timescale",
        "description": "Visits to children in need made within the timescale set in their plan.",
        "unit": "percent",
        "better": "higher",
        "theme": "practice",
        "source": "Liquidlogic performance report",
        "target": "90",
        "tolerance": "5",
        **overrides,
    }


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


# -- defining an indicator ---------------------------------------------------------------------


def test_an_officer_defines_a_monthly_indicator_of_their_authority(signed_in, sefton):
    visits = AreaOfConcernFactory(authority=sefton, title="Purposeful visits to children")
    AreaOfConcernFactory(authority=sefton, title="The front door")
    url = reverse("indicator-create") + f"?authority={sefton.pk}"
    page = signed_in.get(url)
    assert "Purposeful visits to children" in page.content.decode()

    response = signed_in.post(url, {**definition(), "areas": [visits.pk]})

    assert response.status_code == 302
    indicator = Indicator.objects.get(name="Children seen within the timescale")
    assert (indicator.authority, indicator.frequency) == (sefton, "monthly")
    assert indicator.key == "children-seen-within-the-timescale"
    assert (indicator.target, indicator.tolerance) == (Decimal("90"), Decimal("5"))
    assert list(indicator.areas.all()) == [visits]
    assert response["Location"] == reverse("indicator-local") + f"?authority={sefton.pk}"
    shown = text_of(signed_in.get(response["Location"]))
    assert "“Children seen within the timescale” has been added." in shown
    assert "children-seen-within-the-timescale" in shown  # the key its uploads use


def test_each_problem_with_a_definition_is_named_at_once(signed_in, sefton):
    response = signed_in.post(
        reverse("indicator-create"),
        definition(
            name="", description="", unit="", better="", source="", target="", tolerance="3"
        ),
    )
    assert response.status_code == 200
    assert [text for _, text in error_summary(response)] == [
        "Enter the indicator's name",
        "Enter what the indicator measures",
        "Select the unit the indicator is counted in",
        "Select whether higher or lower is better",
        "Enter where the figures come from",
        "A tolerance needs a target.",
    ]
    assert not Indicator.objects.exists()


def test_a_target_must_be_a_number_and_needs_a_better_direction(signed_in, sefton):
    response = signed_in.post(reverse("indicator-create"), definition(target="lots"))
    assert error_summary(response) == [("id_target", "Target must be a number, like 85")]
    response = signed_in.post(reverse("indicator-create"), definition(better="neither"))
    assert error_summary(response) == [
        ("id_target", "A target needs higher or lower to be better: remove it, or say which")
    ]
    # Written as a percentage, a target is read as the number.
    assert (
        signed_in.post(reverse("indicator-create"), definition(target="92.5%")).status_code == 302
    )
    assert Indicator.objects.get().target == Decimal("92.5")


def test_only_the_authoritys_own_areas_are_offered_or_accepted(signed_in, sefton):
    elsewhere = AreaOfConcernFactory(title="Another council's area")
    page = signed_in.get(reverse("indicator-create"))
    assert "Another council's area" not in page.content.decode()
    response = signed_in.post(
        reverse("indicator-create"), {**definition(), "areas": [elsewhere.pk]}
    )
    assert error_summary(response) == [("id_areas_0", "Choose the areas of concern from the list")]
    assert not Indicator.objects.exists()


def test_a_name_another_council_uses_gets_a_key_of_its_own(signed_in, sefton):
    local_indicator(
        LocalAuthorityFactory(name="Knowsley"), key="children-seen-within-the-timescale"
    )
    assert signed_in.post(reverse("indicator-create"), definition()).status_code == 302
    mine = Indicator.objects.get(authority=sefton)
    assert mine.key == "children-seen-within-the-timescale-e08000014"


def test_a_stale_change_is_refused_and_shows_what_changed(officer, sefton):
    other = UserFactory(username="officer2", first_name="Tia", last_name="Tanaka")
    other.groups.add(Group.objects.get(name=OFFICER))
    other.authorities.add(sefton)
    indicator = local_indicator(sefton)
    url = reverse("indicator-edit", args=[indicator.key])
    first, second = Client(), Client()
    first.force_login(officer)
    second.force_login(other)
    mine = form_values(first.get(url))
    theirs = form_values(second.get(url))

    assert second.post(url, {**theirs, "target": "88"}).status_code == 302
    refused = first.post(url, {**mine, "tolerance": "3"})

    assert refused.status_code == 200
    said = summary_text(refused)
    assert "Tia Tanaka changed this indicator after you opened the page" in said
    assert "Target" in said
    indicator.refresh_from_db()
    assert (indicator.target, indicator.tolerance) == (Decimal("88"), Decimal("5"))
    again = first.post(url, form_values(refused))
    assert again.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.target, indicator.tolerance, indicator.version) == (
        Decimal("88"),
        Decimal("3"),
        3,
    )


def test_dfes_indicators_are_not_changed_through_the_form(signed_in):
    response = signed_in.get(reverse("indicator-edit", args=[agency_rate().key]))
    assert response.status_code == 403
    assert "DfE" in response.content.decode()


def test_the_definitions_history_shows_who_changed_what(signed_in, sefton):
    indicator = local_indicator(sefton)
    url = reverse("indicator-edit", args=[indicator.key])
    signed_in.post(url, {**form_values(signed_in.get(url)), "target": "88"})
    shown = text_of(signed_in.get(reverse("indicator-history", args=[indicator.key])))
    assert "Changed by Olu Officer" in shown
    assert "Target 85 88" in shown


# -- linking DfE's indicators to an authority's areas ------------------------------------------


def test_an_officer_links_a_dfe_indicator_to_their_areas_leaving_other_councils_links(
    signed_in, sefton
):
    caseloads = AreaOfConcernFactory(authority=sefton, title="Caseloads and oversight")
    theirs = AreaOfConcernFactory(title="Another council's workforce")
    indicator = agency_rate()
    indicator.areas.add(theirs)
    url = reverse("indicator-areas", args=[indicator.key]) + f"?authority={sefton.pk}"
    assert "Another council's workforce" not in signed_in.get(url).content.decode()

    response = signed_in.post(url, {"areas": [caseloads.pk]})

    assert response.status_code == 302
    assert set(indicator.areas.all()) == {caseloads, theirs}
    assert signed_in.post(url, {}).status_code == 302
    assert set(indicator.areas.all()) == {theirs}


# -- one month's value -------------------------------------------------------------------------


def test_an_officer_enters_a_months_value_and_sees_its_rag(signed_in, sefton):
    indicator = local_indicator(sefton)
    url = reverse("indicator-value-create", args=[indicator.key])
    response = signed_in.post(
        url,
        {"period_end_0": "4", "period_end_1": "2025", "value": "81.5", "note": "Two teams short."},
    )
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator=indicator)
    assert (value.period_end, value.period, value.value, value.authority) == (
        datetime.date(2025, 4, 30),
        "April 2025",
        Decimal("81.5"),
        sefton,
    )
    shown = text_of(signed_in.get(response["Location"]))
    assert "The value for April 2025 has been saved." in shown
    assert "April 2025 81.5% Amber" in shown


@pytest.mark.parametrize(
    "month,year,message,anchor",
    [
        ("", "", "Enter the month the value is for", "id_period_end_0"),
        ("4", "", "The month must include a year", "id_period_end_1"),
        ("13", "2025", "The month must be a real month, like 4 2025", "id_period_end_0"),
        ("4", "25", "The year must include 4 numbers", "id_period_end_1"),
    ],
)
def test_the_month_is_checked_part_by_part(signed_in, sefton, month, year, message, anchor):
    indicator = local_indicator(sefton)
    response = signed_in.post(
        reverse("indicator-value-create", args=[indicator.key]),
        {"period_end_0": month, "period_end_1": year, "value": "80"},
    )
    assert error_summary(response) == [(anchor, message)]


def test_a_future_month_a_month_already_given_and_a_bad_number_are_refused(signed_in, sefton):
    indicator = local_indicator(sefton)
    given = month_value(indicator, datetime.date(2025, 4, 1), "81.5")
    url = reverse("indicator-value-create", args=[indicator.key])
    next_year = str(datetime.date.today().year + 1)
    assert error_summary(
        signed_in.post(url, {"period_end_0": "1", "period_end_1": next_year, "value": "80"})
    ) == [("id_period_end_0", "The month cannot be in the future")]
    response = signed_in.post(url, {"period_end_0": "4", "period_end_1": "2025", "value": "83"})
    assert error_summary(response) == [
        ("id_period_end_0", "April 2025 already has a value (81.5): change that value instead")
    ]
    assert reverse("indicator-value-edit", args=[given.pk]) in response.content.decode()
    assert error_summary(
        signed_in.post(url, {"period_end_0": "5", "period_end_1": "2025", "value": "a lot"})
    ) == [("id_value", "Value must be a number, like 81.5")]
    assert error_summary(
        signed_in.post(url, {"period_end_0": "5", "period_end_1": "2025", "value": "80.125"})
    ) == [("id_value", "Value must have no more than 2 decimal places")]
    assert IndicatorValue.objects.get().value == Decimal("81.5")


def test_a_correction_is_kept_in_the_values_history(signed_in, sefton):
    indicator = local_indicator(sefton)
    value = month_value(indicator, datetime.date(2025, 4, 1), "81.5")
    url = reverse("indicator-value-edit", args=[value.pk])
    page = signed_in.get(url)
    assert "April 2025" in page.content.decode()
    response = signed_in.post(url, {**form_values(page), "value": "83", "note": "Late returns."})
    assert response.status_code == 302
    value.refresh_from_db()
    assert (value.value, value.note, value.version) == (Decimal("83"), "Late returns.", 2)

    shown = text_of(signed_in.get(reverse("indicator-values-history", args=[indicator.key])))
    assert "April 2025" in shown
    assert "Changed by Olu Officer" in shown
    assert "Value 81.5 83" in shown


def test_a_stale_correction_is_refused(signed_in, sefton):
    indicator = local_indicator(sefton)
    value = month_value(indicator, datetime.date(2025, 4, 1), "81.5")
    url = reverse("indicator-value-edit", args=[value.pk])
    seen = form_values(signed_in.get(url))
    value.value = Decimal("82")
    value.version += 1
    value.save()
    refused = signed_in.post(url, {**seen, "value": "83"})
    assert refused.status_code == 200
    assert "after you opened the page" in summary_text(refused)
    value.refresh_from_db()
    assert value.value == Decimal("82")


def test_a_value_entered_by_mistake_can_be_deleted(signed_in, sefton):
    indicator = local_indicator(sefton)
    value = month_value(indicator, datetime.date(2025, 4, 1), "81.5")
    url = reverse("indicator-value-delete", args=[value.pk])
    assert "April 2025" in signed_in.get(url).content.decode()
    assert signed_in.post(url, {"version": "1"}).status_code == 302
    assert not IndicatorValue.objects.exists()


def test_dfes_values_and_another_councils_are_not_changed_here(signed_in, sefton, officer):
    from .making import yearly_value

    dfe = yearly_value(agency_rate(), 2025, "24.6", authority=sefton)
    assert signed_in.get(reverse("indicator-value-edit", args=[dfe.pk])).status_code == 403
    knowsley = LocalAuthorityFactory(name="Knowsley")
    officer.authorities.set([sefton])
    theirs = month_value(local_indicator(knowsley), datetime.date(2025, 4, 1), "70")
    assert signed_in.get(reverse("indicator-value-edit", args=[theirs.pk])).status_code == 403
    assert (
        signed_in.get(reverse("indicator-value-create", args=[theirs.indicator.key])).status_code
        == 403
    )


# -- the page of an authority's own indicators --------------------------------------------------


def test_the_page_lists_each_indicator_with_its_values_and_controls_for_officers(
    client, signed_in, board_member, sefton
):
    indicator = local_indicator(sefton)
    for month, figure in ((4, "81.5"), (5, "86"), (6, "78")):
        month_value(indicator, datetime.date(2025, month, 1), figure)
    url = reverse("indicator-local") + f"?authority={sefton.pk}"
    shown = text_of(signed_in.get(url))
    assert "Sefton's own indicators" in shown
    assert "Target 85%: amber from 80% to 85%, red below 80%" in shown
    assert "June 2025 78.0% Red" in shown
    assert "May 2025 86.0% Green" in shown
    assert reverse("indicator-edit", args=[indicator.key]) in signed_in.get(url).content.decode()

    board = Client()
    board.force_login(board_member)
    page = board.get(url).content.decode()
    assert "June 2025" in page
    for control in ("/edit/", "/new/", "/upload/", "/delete/"):
        assert control not in page, control


def test_the_page_reads_a_fixed_number_of_queries(signed_in, sefton, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("indicator-local") + f"?authority={sefton.pk}"
    indicator = local_indicator(sefton)
    month_value(indicator, datetime.date(2025, 4, 1), "80")
    with CaptureQueriesContext(connection) as small:
        signed_in.get(url)
    for number in range(5):
        more = local_indicator(sefton, key=f"more-{number}", name=f"More {number}")
        more.areas.add(AreaOfConcernFactory(authority=sefton))
        for month in range(1, 11):
            month_value(more, datetime.date(2024, month, 1), month)
    with CaptureQueriesContext(connection) as large:
        signed_in.get(url)
    assert len(large) == len(small)
