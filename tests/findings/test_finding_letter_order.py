"""A new finding with a paragraph number takes its place in the letter's order when it is saved, so
findings entered area by area read in the letter's order without "Put in the letter's order"."""

import pytest
from django.urls import reverse

from findings.models import Finding
from findings.services import move_finding, save_finding
from tests.support.factories import AreaOfConcernFactory, InspectionEventFactory

pytestmark = pytest.mark.django_db

HEADLINE, FINDINGS = Finding.Section.HEADLINE, Finding.Section.FINDINGS


@pytest.fixture
def event():
    return InspectionEventFactory()


def add(event, paragraph, section=FINDINGS, *, area=None, order=0):
    return save_finding(
        Finding(
            event=event,
            area=area or AreaOfConcernFactory(authority=event.authority),
            text=f"{section} paragraph {paragraph}.",
            polarity=Finding.Polarity.WEAKNESS,
            section=section,
            paragraph=paragraph,
            order=order,
        )
    )


def letter(event) -> list[tuple[str, int | None]]:
    return list(event.findings.order_by("order", "id").values_list("section", "paragraph"))


def test_findings_entered_area_by_area_read_in_paragraph_order(event):
    for paragraph in (9, 2, 11, 5):
        add(event, paragraph)
    add(event, 1, HEADLINE)
    assert letter(event) == [(HEADLINE, 1)] + [(FINDINGS, n) for n in (2, 5, 9, 11)]
    orders = list(event.findings.order_by("order").values_list("order", flat=True))
    assert len(set(orders)) == len(orders)


def test_a_finding_without_a_paragraph_goes_last_and_stays_where_it_was_put(event):
    add(event, 4)
    add(event, None)
    add(event, 2)
    assert letter(event) == [(FINDINGS, 2), (FINDINGS, 4), (FINDINGS, None)]


def test_an_explicit_place_is_kept(event):
    add(event, 4)
    add(event, 2, order=7)
    assert letter(event) == [(FINDINGS, 4), (FINDINGS, 2)]


def test_the_saved_finding_and_those_moved_down_keep_true_versions(event):
    later = add(event, 8)
    earlier = add(event, 3)
    assert Finding.objects.get(pk=earlier.pk).version == earlier.version == 1
    moved = Finding.objects.get(pk=later.pk)
    assert moved.order > earlier.order and moved.version == 2  # its place changed


def test_an_order_set_by_hand_is_respected_around_a_new_finding(event):
    add(event, 5)
    nine = add(event, 9)
    move_finding(Finding.objects.get(pk=nine.pk), by=-1)  # an officer put 9 first
    add(event, 7)
    assert [p for _, p in letter(event)] == [9, 5, 7]


def test_the_event_page_lists_findings_by_paragraph_as_they_were_entered(client, officer, event):
    client.force_login(officer)
    for paragraph in (11, 2, 5):
        add(event, paragraph)
    content = client.get(reverse("event-findings", args=[event.pk])).content.decode()
    places = [content.index(f"findings paragraph {n}.") for n in (2, 5, 11)]
    assert places == sorted(places)
