"""Reading joint targeted area inspection (JTAI) letters: a multi-agency letter signed by several
chief inspectors, with the inspection's theme in its title and the inspectorates that took part
in its opening."""

import datetime

import pytest

from findings.importer.parsing.documents import parse_document
from findings.importer.parsing.draft import JTAI_LETTER, Draft
from tests.support.importing import DATA, read

OFSTED, CQC = "Ofsted", "Care Quality Commission"
HMICFRS = "HM Inspectorate of Constabulary and Fire & Rescue Services"
PROBATION = "HM Inspectorate of Probation"


@pytest.fixture(scope="module")
def bexley():
    return parse_document(read(DATA / "ofsted-jtai-letter-bexley-2020.txt"))


def test_a_jtai_letter_becomes_a_joint_targeted_area_inspection(bexley):
    event = bexley.event
    assert bexley.document == JTAI_LETTER
    assert event.kind == "jtai"
    assert event.authority_name == "Bexley"
    assert (event.fieldwork_start, event.fieldwork_end) == (
        datetime.date(2020, 1, 20),
        datetime.date(2020, 1, 24),
    )
    assert event.published_on == datetime.date(2020, 3, 6)
    assert bexley.judgements == []


def test_its_theme_and_agencies_are_kept_and_written_into_its_source(bexley):
    event = bexley.event
    assert event.theme == "children’s mental health"
    assert event.agencies == [OFSTED, CQC, HMICFRS, PROBATION]
    assert event.source_reference == (
        "Ofsted joint targeted area inspection letter, 6 March 2020: the multi-agency response "
        "to children’s mental health (Ofsted, CQC, HMICFRS, HMI Probation)"
    )


def test_the_chief_inspectors_who_sign_it_are_named_but_no_lead_inspector(bexley):
    assert bexley.event.lead_inspector == ""
    assert bexley.event.inspectors == [
        "Yvette Stanley",
        "Ursula Gallagher",
        "Wendy Williams",
        "Helen Davies",
    ]
    assert any("lead inspector" in problem for problem in bexley.problems)


def test_the_opening_summary_is_its_headline_and_strengths_and_areas_for_improvement_its_findings(
    bexley,
):
    headline = [f.text for f in bexley.findings if f.section == "headline"]
    findings = [f.text for f in bexley.findings if f.section == "findings"]
    assert len(headline) == 7
    assert headline[0].startswith("The safeguarding partnership in Bexley is highly effective.")
    assert headline[-1].startswith("For some children who have been subject to longer-term")
    assert len(findings) == 38 + 18
    assert findings[0].startswith("Senior leadership across the partnership is stable")
    assert findings[38].startswith("Response to concerns about children who go missing")
    # Case studies tell one child's story: they are not findings. Nor is the letter's ending.
    everything = " ".join(headline + findings)
    assert "as inspectors saw for one young person" not in everything
    assert "For one child, there was a lack of coordinated" not in everything
    assert "written statement" not in everything
    assert bexley.event.headline_summary == (
        "The safeguarding partnership in Bexley is highly effective."
    )


def test_the_multi_agency_hyphen_is_mended(bexley):
    assert "multi -agency" not in " ".join(f.text for f in bexley.findings)


LETTER_2023 = """31 March 2023

Jo Bloggs, Director of Children's Services, Northmoor Borough Council
Sam Smith, Chief Constable, Northmoor Police

Dear Northmoor Local Safeguarding Partnership

Joint targeted area inspection of Northmoor

This letter summarises the findings of the joint targeted area inspection (JTAI) of the
multi-agency response to identification of initial need and risk in Northmoor.

This inspection took place from 6 to 10 February 2023. It was carried out by inspectors from
Ofsted, the Care Quality Commission (CQC) and His Majesty's Inspectorate of Constabulary and
Fire & Rescue Services (HMICFRS).

Headline findings

Children and their families benefit from a comprehensive range of early help services.

What needs to improve?

- The quality and timeliness of information-sharing between all professionals need to improve.
- Management oversight of children subject to long-term neglect needs to improve.

Strengths

- The majority of early help support is provided to children at the right time.

Main findings

1. The partnership's early help offer is broad and well understood by partner agencies.

Next steps

We have determined that Northmoor Borough Council is the principal authority.

Yours sincerely

Yvette Stanley
National Director Regulation and Social Care, Ofsted
"""


def test_a_letter_of_the_2023_template_gives_its_theme_from_the_opening_and_its_list():
    draft = parse_document(LETTER_2023)
    event = draft.event
    assert (event.authority_name, event.theme) == (
        "Northmoor",
        "identification of initial need and risk",
    )
    assert event.agencies == [OFSTED, CQC, HMICFRS]
    assert (event.fieldwork_start, event.fieldwork_end) == (
        datetime.date(2023, 2, 6),
        datetime.date(2023, 2, 10),
    )
    assert [a.wording[:30] for a in draft.areas] == [
        "The quality and timeliness of ",
        "Management oversight of childr",
    ]
    assert [(f.section, f.paragraph) for f in draft.findings] == [
        ("headline", 1),
        ("findings", 1),
        ("findings", 2),
    ]
    assert event.inspectors == ["Yvette Stanley"]


def test_the_draft_survives_a_round_trip_through_json(bexley):
    assert Draft.from_dict(bexley.to_dict()) == bexley
