"""Reading ILACS inspection reports: Sefton's 2022 report as loaded, a 2023-layout report, the
judgement table in each of its layouts, and reports as Ofsted published them: the list of what
needs to improve (footnote markers and national framework references apart), the summary and
each numbered paragraph."""

import datetime

import pytest

from findings.importer.parsing.documents import ImportProblem, parse_document
from findings.importer.parsing.draft import INSPECTION_REPORT, LAYOUT_2018, LAYOUT_2023, LAYOUT_2026
from tests.support.importing import (
    DATA,
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


# Reports as Ofsted published them, read from their PDFs (tests/data/README.md).


@pytest.fixture(scope="module")
def bristol_2018():
    return parse_document(read(DATA / "ofsted-ilacs-report-bristol-2018.txt"))


@pytest.fixture(scope="module")
def bedford_2025():
    return parse_document(read(DATA / "ofsted-ilacs-report-bedford-2025.txt"))


def test_an_early_ilacs_report_names_its_authority_above_its_title(bristol_2018):
    event = bristol_2018.event
    assert event.authority_name == "Bristol City of"  # as printed: the national list knows it
    assert (event.fieldwork_start, event.fieldwork_end) == (
        datetime.date(2018, 9, 10),
        datetime.date(2018, 9, 21),
    )
    assert event.lead_inspector == "Joy Howick"
    assert event.source_reference == "Ofsted ILACS inspection report"


def test_grades_printed_in_a_column_beside_their_judgements_are_read(bristol_2018):
    # "Requires improvement" on the judgement's first line, "to be good" on its second.
    assert bristol_2018.judgement_layout == LAYOUT_2018
    assert [(j.judgement, j.grade, j.wording) for j in bristol_2018.judgements] == [
        ("impact_of_leaders", "good", "Good"),
        ("help_and_protection", "requires_improvement", "Requires improvement to be good"),
        (
            "children_in_care_and_care_leavers",
            "requires_improvement",
            "Requires improvement to be good",
        ),
        ("overall_effectiveness", "requires_improvement", "Requires improvement to be good"),
    ]


def test_items_marked_with_a_symbol_font_s_bullets_are_listed(bristol_2018):
    assert [a.wording for a in bristol_2018.areas] == [
        "The quality of strategy discussions, reviews and child in need meetings, including "
        "records of decision-making.",
        "The quality of analysis in assessments and plans so that they are explicit about the "
        "desired outcomes and the timescales for completion.",
        "The quality of case recording, including recording of management decision-making.",
        "The effectiveness of arrangements to secure a sufficiency of placements.",
        "The educational progress and achievement of children in care.",
        "The take-up of return home interviews for children who go missing from home.",
    ]


def test_a_report_s_summary_is_its_headline_and_each_numbered_paragraph_a_finding(
    bristol_2018, bedford_2025
):
    for draft, paragraphs in ((bristol_2018, 53), (bedford_2025, 57)):
        headline = [f for f in draft.findings if f.section == "headline"]
        report = [f for f in draft.findings if f.section == "report"]
        assert [f.paragraph for f in headline] == [1, 2]
        assert [f.paragraph for f in report] == list(range(1, paragraphs + 1))
    assert bristol_2018.findings[0].text.startswith("Since the single inspection framework (SIF)")
    # The summary's second paragraph, mended across the page break.
    assert "most of whom receive a good level of support." in bristol_2018.findings[1].text
    assert bristol_2018.findings[1].text.endswith("some pockets of weaker practice remain.")


def test_a_2025_report_with_a_misprinted_judgement_is_read_in_the_2023_layout(bedford_2025):
    # Its table prints "The experiences and progress of children care leavers".
    assert bedford_2025.judgement_layout == LAYOUT_2023
    assert {j.judgement: j.grade for j in bedford_2025.judgements} == {
        "impact_of_leaders": "requires_improvement",
        "help_and_protection": "requires_improvement",
        "children_in_care": "requires_improvement",
        "care_leavers": "requires_improvement",
        "overall_effectiveness": "requires_improvement",
    }
    assert bedford_2025.event.authority_name == "Bedford"


def test_national_framework_references_are_kept_apart_from_the_wording(bedford_2025):
    assert [(a.wording, a.framework_reference) for a in bedford_2025.areas] == [
        (
            "Management oversight and supervision that sufficiently guides social workers and "
            "alternatively qualified staff in their work with children and families.",
            "enabler 2, national framework",
        ),
        (
            "The consistency of response to homeless 16- and 17-year-olds and children who are "
            "privately fostered.",
            "outcome 3, national framework",
        ),
        (
            "The sufficiency and quality of suitable homes to meet children’s needs.",
            "outcome 4, national framework",
        ),
        ("Engagement with children’s wider family networks.", "outcome 2, national framework"),
        (
            "The consistency in the understanding and response to children at risk of prolonged "
            "neglect.",
            "outcome 3, national framework",
        ),
        ("The impact of the Corporate Parenting Board.", "enabler 2, national framework"),
        (
            "The effectiveness of performance management, data and quality assurance activities.",
            "enabler 2, national framework",
        ),
    ]


FOOTNOTED = """Inspection of Northmoor local authority children's services
Inspection dates: 19 to 23 May 2025
Lead inspector: Daniel Okafor, His Majesty's Inspector
Judgement Grade
Overall effectiveness Good
Children in Northmoor are well supported.

What needs to improve?1

- Management oversight of children living in the most complex circumstances. (Outcome 3)
- The response to children in care who go missing (outcome 3, national
  framework).
- Supervision of frontline practitioners (enabler: the workforce is equipped and effective,
  national framework).

The experiences and progress of children who need help and protection: good

1. Children and families access a variety of exceptional early support services, and
   managers provide clear oversight for decision-



1 The areas for improvement have been cross-referenced with the outcomes, enablers or
principles in the Children's Social Care: National Framework.

Inspection of Northmoor local authority children's services 2
19 to 23 May 2025\f   making when progressing contacts.

2. Social workers are promptly allocated.

Inspection of Northmoor local authority children's services 3
19 to 23 May 2025
"""


def test_a_footnote_marker_and_the_footnote_itself_are_left_out():
    draft = parse_document(FOOTNOTED)
    assert [(a.wording, a.framework_reference) for a in draft.areas] == [
        ("Management oversight of children living in the most complex circumstances.", "Outcome 3"),
        ("The response to children in care who go missing.", "outcome 3, national framework"),
        (
            "Supervision of frontline practitioners.",
            "enabler: the workforce is equipped and effective, national framework",
        ),
    ]
    report = [f.text for f in draft.findings if f.section == "report"]
    assert report == [
        "Children and families access a variety of exceptional early support services, and "
        "managers provide clear oversight for decision-making when progressing contacts.",
        "Social workers are promptly allocated.",
    ]


def test_the_2022_report_s_paragraphs_hold_the_findings_recorded_from_them(sefton_2022):
    paragraphs = {f.paragraph: f.text for f in sefton_2022.findings if f.section == "report"}
    for recorded in INSPECTION_2022["findings"]:
        assert recorded["text"] in paragraphs[recorded["paragraph"]], recorded
