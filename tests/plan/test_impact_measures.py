"""An action's impact measures: what would show it worked, in words and, where one measures it,
linked to an indicator whose latest figure for the authority shows beside it. Officers of the
action's authority add, change and remove them; everyone else reads them."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from findings.plan.models import ImpactMeasure
from tests.indicators.making import agency_rate, local_indicator, month_value, yearly_value
from tests.support.factories import ImprovementActionFactory, LocalAuthorityFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    content = response.content.decode()
    main = content[content.index("<main") : content.index("</main>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


@pytest.fixture
def action(db):
    return ImprovementActionFactory(title="Recruit permanent social workers")


@pytest.fixture
def dfe(action):
    """DfE's agency-rate indicator, with two years' figures for the action's authority."""
    indicator = agency_rate()
    yearly_value(indicator, 2023, "24.1", authority=action.area.authority)
    yearly_value(indicator, 2024, "18.6", authority=action.area.authority)
    return indicator


def test_an_officer_adds_a_measure_linked_to_an_indicator(client, officer, action, dfe):
    client.force_login(officer)
    response = client.post(
        reverse("plan-measure-create", args=[action.pk]),
        {"description": "Fewer agency social workers", "indicator": str(dfe.pk)},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("plan-action", args=[action.pk]) + "#measures"
    measure = ImpactMeasure.objects.get()
    assert measure.action == action and measure.indicator == dfe
    page = client.get(reverse("plan-action", args=[action.pk]))
    assert "Measured by Agency social workers : 18.6% in 2024." in text(page)
    indicator_url = f"/indicators/agency-rate/?authority={action.area.authority_id}"
    assert f'href="{indicator_url}"' in page.content.decode()


def test_a_measure_without_an_indicator_is_words_alone(client, officer, action):
    client.force_login(officer)
    client.post(
        reverse("plan-measure-create", args=[action.pk]),
        {"description": "Managers say supervision is regular", "indicator": ""},
    )
    page = text(client.get(reverse("plan-action", args=[action.pk])))
    assert "Managers say supervision is regular" in page and "Measured by" not in page


def test_the_indicators_offered_are_dfes_and_the_authoritys_own(client, officer, action, dfe):
    own = local_indicator(action.area.authority)
    month_value(own, datetime.date(2025, 4, 1), 80)
    other = local_indicator(
        LocalAuthorityFactory(), key="elsewhere", name="Another council's measure"
    )
    client.force_login(officer)
    content = client.get(reverse("plan-measure-create", args=[action.pk])).content.decode()
    assert f'<option value="{dfe.pk}">Agency social workers</option>' in content
    assert f'<option value="{own.pk}">{own.name}</option>' in content
    assert f'value="{other.pk}"' not in content
    response = client.post(
        reverse("plan-measure-create", args=[action.pk]),
        {"description": "Not ours", "indicator": str(other.pk)},
    )
    assert "Select an indicator from the list" in text(response)
    assert not ImpactMeasure.objects.exists()


def test_a_description_is_needed(client, officer, action):
    client.force_login(officer)
    response = client.post(reverse("plan-measure-create", args=[action.pk]), {"description": ""})
    assert response.status_code == 200
    assert "Enter what would show the action worked" in text(response)


def test_an_officer_changes_and_removes_a_measure(client, officer, action, dfe):
    measure = ImpactMeasure.objects.create(action=action, description="Fewer agency staff")
    client.force_login(officer)
    response = client.post(
        reverse("plan-measure-edit", args=[measure.pk]),
        {
            "description": "Fewer agency social workers",
            "indicator": str(dfe.pk),
            "version": str(measure.version),
        },
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.description == "Fewer agency social workers" and measure.indicator == dfe
    page = client.get(reverse("plan-measure-delete", args=[measure.pk]))
    assert "Are you sure you want to remove this impact measure?" in text(page)
    response = client.post(
        reverse("plan-measure-delete", args=[measure.pk]), {"version": str(measure.version)}
    )
    assert response.status_code == 302
    assert not ImpactMeasure.objects.exists()


def test_only_officers_of_the_authority_change_measures(client, board_member, officer, action):
    measure = ImpactMeasure.objects.create(action=action, description="Fewer agency staff")
    urls = [
        reverse("plan-measure-create", args=[action.pk]),
        reverse("plan-measure-edit", args=[measure.pk]),
        reverse("plan-measure-delete", args=[measure.pk]),
    ]
    client.force_login(board_member)
    page = text(client.get(reverse("plan-action", args=[action.pk])))
    assert "Fewer agency staff" in page and "Add an impact measure" not in page
    for url in urls:
        assert client.get(url).status_code == 403
    officer.authorities.set([LocalAuthorityFactory(name="Elsewhere")])
    client.force_login(officer)
    page = text(client.get(reverse("plan-action", args=[action.pk])))
    assert "Add an impact measure" not in page
    for url in urls:
        response = client.post(url, {"description": "x", "version": "1"})
        assert response.status_code == 403
        assert action.area.authority.name in text(response)
    assert ImpactMeasure.objects.get().description == "Fewer agency staff"
