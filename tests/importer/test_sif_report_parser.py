"""Reading reports of the single inspection framework (2013 to 2017), which came before ILACS:
their judgements have names of their own (stored under those names), the overall judgement is a
sentence ("Children's services in Wolverhampton are good"), the publication date and the whole
inspection team are printed, and "Recommendations" is their list of what needs to improve. The
review of the local safeguarding children board, printed alongside, is not the authority's."""

import datetime

import pytest

from findings.importer.parsing.documents import parse_document
from findings.importer.parsing.draft import INSPECTION_REPORT, LAYOUT_SIF, Draft
from tests.support.importing import DATA, read


@pytest.fixture(scope="module")
def wolverhampton():
    return parse_document(read(DATA / "ofsted-sif-report-wolverhampton-2017.txt"))


def test_a_sif_report_is_a_standard_inspection_with_its_dates_and_publication(wolverhampton):
    event = wolverhampton.event
    assert wolverhampton.document == INSPECTION_REPORT
    assert event.kind == "standard"
    assert event.authority_name == "City of Wolverhampton"
    assert (event.fieldwork_start, event.fieldwork_end) == (
        datetime.date(2017, 1, 16),
        datetime.date(2017, 2, 9),
    )
    assert event.published_on == datetime.date(2017, 3, 31)
    assert not any("publication date" in problem for problem in wolverhampton.problems)
    assert event.source_reference == (
        "Ofsted inspection report (single inspection framework), published 31 March 2017"
    )


def test_its_judgements_keep_the_single_inspection_framework_s_names(wolverhampton):
    assert wolverhampton.judgement_layout == LAYOUT_SIF
    assert [(j.judgement, j.grade) for j in wolverhampton.judgements] == [
        ("overall_effectiveness", "good"),
        ("sif_help_and_protection", "requires_improvement"),
        ("sif_looked_after_and_permanence", "good"),
        ("sif_adoption_performance", "good"),
        ("sif_care_leavers", "good"),
        ("sif_leadership_management_governance", "good"),
    ]


def test_the_inspection_team_is_read_lead_first(wolverhampton):
    assert wolverhampton.event.lead_inspector == "Nigel Parkes"
    assert wolverhampton.event.inspectors == [
        "Nigel Parkes",
        "Anne Waterman",
        "Nicola Bennett",
        "Pauline Higham",
        "Louise Hocking",
        "Neil Penswick",
        "Emmy Tomsett",
        "Tracey Zimmerman",
    ]


def test_the_recommendations_are_its_areas(wolverhampton):
    assert len(wolverhampton.areas) == 11
    assert wolverhampton.areas[0].wording == (
        "Ensure that management oversight at the frontline is appropriately challenging and "
        "consistent, and that frontline managers are able to use the new case file audit tool "
        "effectively."
    )
    assert wolverhampton.areas[-1].wording == (
        "Ensure that once children are placed with adoptive families there is no unnecessary "
        "delay in applying for an adoption order."
    )


def test_the_executive_summary_is_its_headline_and_the_authority_s_paragraphs_its_findings(
    wolverhampton,
):
    headline = [f for f in wolverhampton.findings if f.section == "headline"]
    report = [f for f in wolverhampton.findings if f.section == "report"]
    assert len(headline) == 10
    assert headline[0].text.startswith("Senior managers, leaders, and elected members are")
    assert headline[-1].text.startswith("The local authority has recognised the need to")
    # Paragraphs 12 to 110 are the authority's; the board's review (111 on) is not.
    assert [f.paragraph for f in report] == list(range(12, 111))
    assert report[0].text.startswith("Family support workers, referred to as")
    assert wolverhampton.event.headline_summary == (
        "Senior managers, leaders, and elected members are systematically driving improvements "
        "in services for children and families."
    )


TELFORD_TABLE = """Telford and Wrekin Council
Inspection of services for children in need of help and
protection, children looked after and care leavers
and
Review of the effectiveness of the Local Safeguarding Children
Board
Inspection date: 13 June 2016 to 7 July 2016
Report published: 26 August 2016
Children's services in Telford and Wrekin require improvement
to be good
1. Children who need help and protection Requires improvement
2. Children looked after and achieving Requires improvement
permanence
2.1 Adoption performance Good
2.2 Experiences and progress of care leavers Good
3. Leadership, management and governance Requires improvement
"""


def test_a_table_pasted_as_plain_text_is_read_too():
    draft = parse_document(TELFORD_TABLE)
    assert draft.event.authority_name == "Telford and Wrekin Council"
    assert {j.judgement: j.grade for j in draft.judgements} == {
        "overall_effectiveness": "requires_improvement",
        "sif_help_and_protection": "requires_improvement",
        "sif_looked_after_and_permanence": "requires_improvement",
        "sif_adoption_performance": "good",
        "sif_care_leavers": "good",
        "sif_leadership_management_governance": "requires_improvement",
    }


def test_the_draft_survives_a_round_trip_through_json(wolverhampton):
    assert Draft.from_dict(wolverhampton.to_dict()) == wolverhampton
