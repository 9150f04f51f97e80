"""Matching areas and findings by wording, and reading polarity: measured against Sefton's
recorded sixth visit and the answers written down for the other test letters.

The floors below are what the matcher achieved when these tests were written; a change that
lowers them makes the importer worse at its job and fails here.
"""

import pytest

from findings.importer.parsing.documents import parse_document
from findings.importer.parsing.matching import (
    AreaCandidate,
    assign_findings,
    match_areas,
    wording_similarity,
)
from findings.importer.parsing.polarity import MIXED, STRENGTH, WEAKNESS, classify
from findings.importer.parsing.proposals import propose_new_areas, propose_theme, propose_title
from tests.support.importing import (
    DATA,
    OWN_LETTERS,
    SEFTON,
    SEFTON_REPORT_2022,
    SIXTH_VISIT,
    SIXTH_VISIT_LETTER,
    read,
    score,
)

SEFTON_IDS = {area["key"]: area["position"] for area in SEFTON["areas"]}
SEFTON_2022_AREAS = [
    AreaCandidate(id=area["position"], title=area["title"], description=area["description"])
    for area in SEFTON["areas"]
]


def _sixth_visit_draft():
    draft = parse_document(read(SIXTH_VISIT_LETTER))
    match_areas(draft, SEFTON_2022_AREAS)
    assign_findings(draft, SEFTON_2022_AREAS)
    return draft


def test_the_sixth_visit_s_areas_match_the_2022_areas_the_board_recorded():
    draft = _sixth_visit_draft()
    assert [area.area_id for area in draft.areas] == [
        SEFTON_IDS[review["area"]] for review in SIXTH_VISIT["reviews"]
    ]
    # "The local authority's arrangements for the 'front door'" has no word in common with
    # "…parental consent … in the multi-agency safeguarding hub (MASH)" but the same subject.
    assert draft.areas[0].area_title == "Parental consent before information-sharing in the MASH"


def test_the_sixth_visit_s_findings_mostly_go_to_the_recorded_area_and_polarity():
    draft = _sixth_visit_draft()
    expected = [
        (f["section"], f["paragraph"], SEFTON_IDS[f["area"]], f["polarity"])
        for f in SIXTH_VISIT["findings"]
    ]
    result = score(draft, expected, lambda d, f: d.area(f.area_ref).area_id)
    assert result.paragraphs == result.expected == 21
    assert result.right_area >= 19, result
    assert result.right_polarity >= 20, result
    assert result.right_both >= 18, result


@pytest.mark.parametrize("name", sorted(OWN_LETTERS))
def test_other_letters_match_their_areas_and_findings(name):
    spec = OWN_LETTERS[name]
    candidates = [
        AreaCandidate(id=n, title=a["title"], description=a["description"])
        for n, a in enumerate(spec["existing_areas"], start=1)
    ]
    draft = parse_document(read(DATA / name))
    match_areas(draft, candidates)
    assign_findings(draft, candidates)
    assert [area.area_id for area in draft.areas] == spec["areas_covered"]
    expected = [tuple(row) for row in spec["findings"]]
    result = score(draft, expected, lambda d, f: f.area_ref)
    assert result.paragraphs == result.expected
    # At most one paragraph in each letter goes to another area or polarity than written down.
    assert result.right_area >= result.expected - 1, result
    assert result.right_polarity >= result.expected - 1, result


def test_the_2022_report_s_areas_match_the_loaded_areas_word_for_word():
    draft = parse_document(read(SEFTON_REPORT_2022))
    match_areas(draft, SEFTON_2022_AREAS)
    assert [(area.area_id, area.score) for area in draft.areas] == [
        (position, 1.0) for position in range(1, 15)
    ]


def test_an_area_matching_nothing_is_proposed_as_a_new_area_with_a_title_and_theme():
    draft = parse_document(read(DATA / "eastbridge-second-monitoring-visit-letter.txt"))
    spec = OWN_LETTERS["eastbridge-second-monitoring-visit-letter.txt"]
    candidates = [
        AreaCandidate(id=n, title=a["title"], description=a["description"])
        for n, a in enumerate(spec["existing_areas"], start=1)
    ]
    match_areas(draft, candidates)
    propose_new_areas(draft)
    new = draft.areas[3]
    assert new.area_id is None
    assert new.score < 0.25
    assert (
        new.new_title == "Local authority’s corporate parenting arrangements for children in care"
    )
    assert new.new_theme == "children_in_care"


def test_no_existing_area_is_proposed_for_two_items():
    draft = parse_document(read(SIXTH_VISIT_LETTER))
    one_area = [AreaCandidate(id=1, title="Front door", description="The front door and MASH.")]
    match_areas(draft, one_area)
    assert [area.area_id for area in draft.areas] == [1, None, None, None]


def test_wording_similarity_is_one_only_for_the_same_words():
    assert wording_similarity("The response to allegations.", "the response to allegations") == 1
    assert wording_similarity("The response to allegations.", "The response to allegations!!") == 1
    near = wording_similarity(
        "The response to allegations against professionals.",
        "The response to allegations made against professionals.",
    )
    assert 0.75 < near < 1


def test_proposed_titles_are_short_and_drop_the_article():
    assert propose_title("The response to allegations against professionals.") == (
        "Response to allegations against professionals"
    )
    long = propose_title(
        "The quality of assessments, plans and planning, including transition planning and timely "
        "escalation into the public law outline (PLO), which is reviewed and enhanced."
    )
    assert long == "Quality of assessments, plans and planning"


def test_proposed_themes_follow_the_wording():
    assert propose_theme("Care leavers' access to personal advisers.") == "care_leavers"
    assert propose_theme("Children who go missing from home or care.") == "vulnerable_children"
    assert propose_theme("The effectiveness of the MASH.") == "front_door"


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        (
            "Children who need early help receive an effective and timely response. Screening "
            "is robust and informed by detailed conversations with referrers.",
            STRENGTH,
        ),
        (
            "When children need to be protected, the response is not consistently timely. Some "
            "strategy discussions are held late. Leaders were not aware of these delays.",
            WEAKNESS,
        ),
        (
            "Most strategy meetings are effective forums to share information. The quality of "
            "safety planning remains inconsistent.",
            MIXED,
        ),
    ],
)
def test_polarity_follows_the_evaluative_words_with_negation(text, polarity):
    assert classify(text) == polarity
