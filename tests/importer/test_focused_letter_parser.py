"""Reading focused-visit letters: the letter's frame shared with monitoring letters (date,
title, opening sentence, inspectors, signature), the headings that have changed over the years
("Overview" or "Headline findings"; "Findings" or "Main findings"), the list of what needs to
improve and any areas for priority action."""

import datetime

import pytest

from findings.importer.parsing.documents import parse_document
from findings.importer.parsing.draft import FOCUSED_LETTER, Draft
from tests.support.importing import DATA, read


@pytest.fixture(scope="module")
def haringey():
    return parse_document(read(DATA / "ofsted-focused-visit-letter-haringey-2025.txt"))


@pytest.fixture(scope="module")
def blackpool():
    return parse_document(read(DATA / "ofsted-focused-visit-letter-blackpool-2021.txt"))


def test_a_focused_visit_letter_becomes_a_focused_visit(haringey):
    event = haringey.event
    assert haringey.document == FOCUSED_LETTER
    assert event.kind == "focused"
    assert event.visit_number is None
    assert event.authority_name == "Haringey"
    assert (event.fieldwork_start, event.fieldwork_end) == (
        datetime.date(2025, 2, 11),
        datetime.date(2025, 2, 12),
    )
    assert event.published_on == datetime.date(2025, 3, 14)
    assert event.inspectors == ["Monique Lindsay", "Christine Kennet"]
    assert event.lead_inspector == "Monique Lindsay"
    assert haringey.problems == []


def test_the_visit_s_theme_is_what_inspectors_looked_at(haringey):
    assert haringey.event.theme == ("identifying and responding to children’s needs for permanence")
    assert haringey.event.source_reference == (
        "Ofsted focused visit letter, 14 March 2025: the local authority’s arrangements for "
        "identifying and responding to children’s needs for permanence"
    )


def test_what_needs_to_improve_in_this_area_of_practice_are_its_areas(haringey):
    assert [(a.ref, a.wording) for a in haringey.areas] == [
        (1, "The consistency of supervision and its impact on progressing plans for children.")
    ]


def test_headline_and_main_findings_are_each_a_finding_in_order(haringey):
    headline = [f for f in haringey.findings if f.section == "headline"]
    main = [f for f in haringey.findings if f.section == "findings"]
    assert [f.paragraph for f in headline] == [1, 2]
    assert headline[0].text.startswith("At the last inspection in February 2023")
    assert [f.paragraph for f in main] == list(range(1, 17))
    assert main[0].text.startswith("Most children in care are making good progress")
    # A paragraph and the page's number below it are not merged; the closing is no finding.
    assert main[6].text.endswith("who haven’t achieved permanence or who face instability.")
    assert main[-1].text.endswith("rightly focused on the experiences of the child.")
    assert haringey.event.headline_summary.startswith("At the last inspection in February 2023")


def test_a_covid_era_letter_names_every_inspector_and_has_findings_without_a_headline(
    blackpool,
):
    event = blackpool.event
    assert event.inspectors == [
        "Lorna Schlechte",
        "Brenda McLaughlin",
        "Nick Stacey",
        "Kathryn Grindrod",
        "Paul Williams",
    ]
    assert event.lead_inspector == "Lorna Schlechte"
    assert (event.fieldwork_start, event.published_on) == (
        datetime.date(2021, 2, 23),
        datetime.date(2021, 4, 9),
    )
    assert {f.section for f in blackpool.findings} == {"findings"}
    assert len(blackpool.findings) == 20  # one per bullet
    assert blackpool.findings[0].text.startswith("The impact of the COVID-19 pandemic")
    assert [a.wording[:40] for a in blackpool.areas] == [
        "The consistency and quality of work for ",
        "The development of pre-proceedings work,",
        "The quality assurance of casework, inclu",
    ]


PRIORITY = """4 June 2018

Dear Ms Smith

Focused visit to Northmoor children's services

This letter summarises the findings of a focused visit to Northmoor children's services on 9
and 10 May 2018. The inspectors were Jo Bloggs, Her Majesty's Inspector, and Sam Smith, Her
Majesty's Inspector.

Inspectors looked at the local authority's arrangements for the 'front door'.

Overview

Children wait too long for their needs to be assessed, and some are left at risk.

Areas for priority action

The local authority needs to take swift and decisive action in the following areas:

- The timeliness of assessments of children at risk of significant harm.

What needs to improve in this area of social work practice

- Management oversight of contacts and referrals.
- The quality of return home interviews.

Findings

- Contacts are not always screened quickly enough, and managers do not see them all.

Ofsted will take the findings from this focused visit into account when planning your next
inspection or visit.

Yours sincerely,

Jo Bloggs
Her Majesty's Inspector
"""


def test_areas_for_priority_action_come_first_among_the_areas():
    draft = parse_document(PRIORITY)
    assert [a.wording for a in draft.areas] == [
        "The timeliness of assessments of children at risk of significant harm.",
        "Management oversight of contacts and referrals.",
        "The quality of return home interviews.",
    ]
    assert draft.areas[0].priority_action and not draft.areas[1].priority_action
    assert [(f.section, f.text[:20]) for f in draft.findings] == [
        ("headline", "Children wait too lo"),
        ("findings", "Contacts are not alw"),
    ]
    assert draft.event.inspectors == ["Jo Bloggs", "Sam Smith"]
    assert draft.event.theme == "the 'front door'"


def test_the_draft_survives_a_round_trip_through_json(haringey):
    assert Draft.from_dict(haringey.to_dict()) == haringey
