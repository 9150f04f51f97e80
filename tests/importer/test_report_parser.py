"""Reading ILACS inspection reports: Sefton's 2022 report as loaded, a 2023-layout report, and the
judgement table in each of its layouts."""

import datetime

import pytest

from findings.importer.parsing.documents import ImportProblem, parse_document
from findings.importer.parsing.draft import INSPECTION_REPORT, LAYOUT_2018, LAYOUT_2023, LAYOUT_2026
from tests.support.importing import (
    INSPECTION_2022,
    SEFTON,
    SEFTON_REPORT_2022,
    SOUTHDALE_REPORT_2023,
    read,
)


@pytest.fixture(scope="module")
def sefton_2022():
    return parse_document(read(SEFTON_REPORT_2022))


def test_the_2022_report_gives_the_loaded_inspection_s_facts(sefton_2022):
    event = sefton_2022.event
    assert sefton_2022.document == INSPECTION_REPORT
    assert event.kind == INSPECTION_2022["kind"] == "standard"
    assert event.authority_name == "Sefton"
    assert event.fieldwork_start == datetime.date(2022, 2, 21)
    assert event.fieldwork_end == datetime.date(2022, 3, 4)
    assert event.lead_inspector == INSPECTION_2022["lead_inspector"] == "Lisa Summers"
    assert event.inspectors == INSPECTION_2022["inspectors"]
    assert event.headline_summary == INSPECTION_2022["headline_summary"]


def test_the_2022_report_gives_the_four_judgements_all_inadequate_in_the_2018_layout(sefton_2022):
    assert sefton_2022.judgement_layout == LAYOUT_2018
    assert {(j.judgement, j.grade) for j in sefton_2022.judgements} == {
        (j["judgement"], j["grade"]) for j in INSPECTION_2022["judgements"]
    }
    assert len(sefton_2022.judgements) == 4


def test_the_2022_report_lists_the_14_areas_word_for_word(sefton_2022):
    assert [area.wording for area in sefton_2022.areas] == [
        area["description"] for area in sorted(SEFTON["areas"], key=lambda a: a["position"])
    ]


def test_reports_say_that_the_publication_date_must_be_entered(sefton_2022):
    assert sefton_2022.event.published_on is None
    assert any("publication date" in problem for problem in sefton_2022.problems)


@pytest.fixture(scope="module")
def southdale():
    return parse_document(read(SOUTHDALE_REPORT_2023))


def test_a_2023_report_judges_children_in_care_and_care_leavers_separately(southdale):
    assert southdale.judgement_layout == LAYOUT_2023
    assert [(j.judgement, j.grade) for j in southdale.judgements] == [
        ("impact_of_leaders", "requires_improvement"),
        ("help_and_protection", "good"),
        ("children_in_care", "requires_improvement"),
        ("care_leavers", "inadequate"),
        ("overall_effectiveness", "requires_improvement"),
    ]


def test_requires_improvement_is_read_with_or_without_to_be_good(southdale):
    wording = {j.judgement: j.wording for j in southdale.judgements}
    assert wording["impact_of_leaders"] == "Requires improvement to be good"  # across two lines
    assert wording["children_in_care"] == "Requires improvement"


def test_a_2023_report_gives_its_dates_lead_inspector_and_summary(southdale):
    event = southdale.event
    assert event.authority_name == "Southdale"
    assert (event.fieldwork_start, event.fieldwork_end) == (
        datetime.date(2023, 6, 26),
        datetime.date(2023, 7, 7),
    )
    assert event.lead_inspector == "Marcus Bell"
    assert event.headline_summary == (
        "Children and families in Southdale receive services that require improvement to be good."
    )


def test_an_item_broken_by_a_page_header_is_mended(southdale):
    assert [area.wording for area in southdale.areas] == [
        "The allocation of personal advisers to care leavers, and the quality and timeliness of "
        "pathway plans.",
        "The sufficiency of local homes for children in care, so that fewer children live a long "
        "way from Southdale.",
        "Leaders’ oversight of the quality of practice for care leavers, including the use of "
        "performance information and audits.",
        "The timeliness of health assessments for children in care, and access to emotional and "
        "mental health support.",
    ]


TABLE_2026 = """Inspection of Northmoor local authority children's services
Inspection dates: 13 to 24 April 2026
Lead inspector: Daniel Okafor, His Majesty's Inspector
Judgement Grade
The impact of leaders on social work practice with children and families Good
The experiences and progress of children who need help and protection Outstanding
The experiences and progress of children in care Good
The experiences and progress of care leavers Requires improvement to be good
Children in Northmoor are well supported. Leaders know their services well.
What needs to improve?
- The consistency of pathway planning for care leavers.
"""


def test_a_report_from_april_2026_has_no_overall_effectiveness():
    draft = parse_document(TABLE_2026)
    assert draft.judgement_layout == LAYOUT_2026
    assert [j.judgement for j in draft.judgements] == [
        "impact_of_leaders",
        "help_and_protection",
        "children_in_care",
        "care_leavers",
    ]
    assert draft.judgements[1].grade == "outstanding"
    assert draft.event.headline_summary == "Children in Northmoor are well supported."
    assert [a.wording for a in draft.areas] == [
        "The consistency of pathway planning for care leavers."
    ]


def test_a_report_whose_sections_cannot_be_found_says_so():
    text = (
        "Inspection of Northmoor local authority children's services\n"
        "Inspection dates: 13 to 24 April 2026\n"
    )
    with pytest.raises(ImportProblem) as caught:
        parse_document(text)
    assert "neither its judgements nor its 'What needs to improve?' list" in str(caught.value)
