"""Check your answers, before publishing a visit: it shows everything the event page will show,
the headline summary among it, each with a way to change it."""

import re

import pytest
from django.urls import reverse

from tests.support.factories import InspectionEventFactory
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db

SUMMARY = "Leaders have not taken sufficient action to tackle some of the weaknesses found."


def summary_list(response) -> dict[str, str]:
    """Each row of the page's GOV.UK summary lists: its key and its value, as text."""
    rows = re.findall(
        r'<dt class="govuk-summary-list__key">(.*?)</dt>\s*'
        r'<dd class="govuk-summary-list__value">(.*?)</dd>',
        response.content.decode(),
        re.S,
    )
    return {text(key): text(value) for key, value in rows}


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def check_page(client, officer, **event):
    draft = InspectionEventFactory(status=InspectionEvent.Status.DRAFT, **event)
    client.force_login(officer)
    response = client.get(reverse("event-publish", args=[draft.pk]))
    assert response.status_code == 200
    return draft, response


def test_the_headline_summary_is_shown_with_a_link_to_change_it(client, officer):
    draft, response = check_page(client, officer, headline_summary=SUMMARY)
    assert summary_list(response)["Summary"] == SUMMARY
    change = reverse("event-edit", args=[draft.pk]) + "#id_headline_summary"
    assert f'href="{change}"' in response.content.decode()


def test_a_missing_headline_summary_is_said_to_be_missing(client, officer):
    _, response = check_page(client, officer, headline_summary="")
    assert summary_list(response)["Summary"] == "Not given"


def test_the_event_page_does_not_list_the_summary_twice(client, officer):
    event = InspectionEventFactory(headline_summary=SUMMARY)
    client.force_login(officer)
    content = client.get(event.get_absolute_url()).content.decode()
    assert content.count(SUMMARY) == 1
