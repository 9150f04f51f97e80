"""Which of the import's proposals it is unsure of, marked on the review page for checking first:
measured against Sefton's recorded sixth visit and the answers written down for the other test
letters. Marks that catch most of the importer's mistakes while leaving most proposals unmarked
are what make a review quick."""

import pytest

from findings.importer.parsing.confidence import (
    area_match_is_unsure,
    finding_area_is_unsure,
    polarity_is_unsure,
    proposal_count,
    proposals_to_check,
)
from findings.importer.parsing.documents import parse_document
from findings.importer.parsing.draft import DraftArea, DraftFinding
from findings.importer.parsing.matching import AreaCandidate, assign_findings, match_areas
from tests.support.importing import (
    DATA,
    OWN_LETTERS,
    SEFTON,
    SIXTH_VISIT,
    SIXTH_VISIT_LETTER,
    read,
)

SEFTON_IDS = {area["key"]: area["position"] for area in SEFTON["areas"]}
SEFTON_2022_AREAS = [
    AreaCandidate(id=area["position"], title=area["title"], description=area["description"])
    for area in SEFTON["areas"]
]


def _prepared(text, candidates):
    draft = parse_document(text)
    match_areas(draft, candidates)
    assign_findings(draft, candidates)
    return draft


def test_the_marks_catch_most_of_the_sixth_visit_s_mistakes_and_leave_most_proposals_alone():
    draft = _prepared(read(SIXTH_VISIT_LETTER), SEFTON_2022_AREAS)
    wrong_area = wrong_polarity = caught = 0
    for finding, recorded in zip(draft.findings, SIXTH_VISIT["findings"], strict=True):
        if draft.area(finding.area_ref).area_id != SEFTON_IDS[recorded["area"]]:
            wrong_area += 1
            caught += finding_area_is_unsure(finding, draft)
        if finding.polarity != recorded["polarity"]:
            wrong_polarity += 1
            caught += polarity_is_unsure(finding)
    assert (wrong_area, wrong_polarity) == (5, 1)
    assert caught >= 5
    checks = proposals_to_check(draft, has_existing_areas=True)
    marked = sum(len(check.about) for check in checks)
    assert proposal_count(draft) == len(draft.areas) + 2 * len(draft.findings) == 46
    assert 0 < marked <= 0.4 * proposal_count(draft)
    # In the letter's order: areas first, then findings.
    assert [check.kind for check in checks] == sorted(
        (check.kind for check in checks), key=["area", "finding"].index
    )


@pytest.mark.parametrize("name", sorted(OWN_LETTERS))
def test_the_other_letters_mistakes_are_marked(name):
    spec = OWN_LETTERS[name]
    candidates = [
        AreaCandidate(id=n, title=a["title"], description=a["description"])
        for n, a in enumerate(spec["existing_areas"], start=1)
    ]
    draft = _prepared(read(DATA / name), candidates)
    for finding, (*_, polarity) in zip(draft.findings, spec["findings"], strict=True):
        if finding.polarity != polarity:
            assert polarity_is_unsure(finding), finding.text
    checks = proposals_to_check(draft, has_existing_areas=True)
    assert sum(len(check.about) for check in checks) <= 0.4 * proposal_count(draft)


def test_an_area_matched_word_for_word_is_sure_and_a_weak_match_is_not():
    assert not area_match_is_unsure(DraftArea(ref=1, wording="x", area_id=3, score=1.0), True)
    assert area_match_is_unsure(DraftArea(ref=1, wording="x", area_id=3, score=0.3), True)


def test_a_new_area_needs_checking_only_when_the_authority_has_areas_it_could_be():
    new = DraftArea(ref=1, wording="Something else entirely", area_id=None, score=0.1)
    assert area_match_is_unsure(new, True)
    assert not area_match_is_unsure(new, False)


def test_a_finding_with_no_evaluative_words_has_an_unsure_polarity():
    finding = DraftFinding(
        section="findings", paragraph=1, text="The visit met leaders.", polarity="mixed"
    )
    assert polarity_is_unsure(finding)
