"""How sure the import is of each proposal, and which it marks for checking: every wrong proposal
on Sefton's sixth letter must be among the marked ones, with most proposals right and left alone.
The rules are shown on small made-up letters below, each mark with its short reason."""

import json

import pytest

from findings.importer.parsing.confidence import (
    SURE,
    Check,
    polarity_confidence,
    proposal_count,
    proposals_to_check,
    rate_proposals,
)
from findings.importer.parsing.documents import parse_document
from findings.importer.parsing.draft import Draft, DraftArea, DraftFinding, EventFacts
from findings.importer.parsing.matching import AreaCandidate, assign_findings, match_areas
from findings.importer.services import prepare
from tests.support.importing import (
    DATA,
    OWN_LETTERS,
    SEFTON,
    SIXTH_VISIT,
    SIXTH_VISIT_LETTER,
    read,
)

# Sefton's sixth letter, against the tracker as it stood before that visit.


@pytest.fixture
def sefton_before_the_sixth_visit(tmp_path, db):
    from findings.seed import load_journey

    data = dict(SEFTON, events=[e for e in SEFTON["events"] if e["key"] != SIXTH_VISIT["key"]])
    path = tmp_path / "sefton-before-the-sixth-visit.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return load_journey(path).authority


def test_on_sefton_s_sixth_letter_nearly_every_proposal_is_right_and_every_wrong_one_is_marked(
    sefton_before_the_sixth_visit,
):
    from findings.models import AreaOfConcern

    draft = prepare(read(SIXTH_VISIT_LETTER)).draft
    area_of = {
        a.pk: a.title for a in AreaOfConcern.objects.filter(authority=sefton_before_the_sixth_visit)
    }
    recorded_title = {area["key"]: area["title"] for area in SEFTON["areas"]}
    wrong_area, wrong_polarity, marked_area, marked_polarity = set(), set(), set(), set()
    for number, (finding, recorded) in enumerate(
        zip(draft.findings, SIXTH_VISIT["findings"], strict=True), start=1
    ):
        if area_of[draft.area(finding.area_ref).area_id] != recorded_title[recorded["area"]]:
            wrong_area.add(number)
        if finding.polarity != recorded["polarity"]:
            wrong_polarity.add(number)
        if finding.area_unsure:
            marked_area.add(number)
        if finding.polarity_unsure:
            marked_polarity.add(number)
    assert len(draft.findings) == 21
    assert 21 - len(wrong_area) >= 19, wrong_area
    assert 21 - len(wrong_polarity) >= 20, wrong_polarity
    assert wrong_area <= marked_area, (wrong_area, marked_area)
    assert wrong_polarity <= marked_polarity, (wrong_polarity, marked_polarity)
    # Marks help only if most proposals are left alone.
    marks = sum(len(check.about) for check in proposals_to_check(draft))
    assert marks <= 0.45 * proposal_count(draft), marks


def test_every_proposal_carries_a_confidence_and_every_mark_a_reason(
    sefton_before_the_sixth_visit,
):
    draft = prepare(read(SIXTH_VISIT_LETTER)).draft
    for item, fields in [(a, ("",)) for a in draft.areas] + [
        (f, ("area_", "polarity_")) for f in draft.findings
    ]:
        for prefix in fields:
            confidence = getattr(item, f"{prefix}confidence")
            unsure = getattr(item, f"{prefix}unsure")
            reason = getattr(item, f"{prefix}reason")
            assert 0 <= confidence <= 1
            assert unsure == (confidence < SURE)
            assert bool(reason) == unsure, (item, prefix)
    # The draft carries them, so the page, the command and the API show the same marks.
    again = Draft.from_dict(json.loads(json.dumps(draft.to_dict())))
    assert proposals_to_check(again) == proposals_to_check(draft)


@pytest.mark.parametrize("name", sorted(OWN_LETTERS))
def test_the_other_letters_wrong_proposals_are_marked_too(name):
    spec = OWN_LETTERS[name]
    candidates = [
        AreaCandidate(id=n, title=a["title"], description=a["description"])
        for n, a in enumerate(spec["existing_areas"], start=1)
    ]
    draft = parse_document(read(DATA / name))
    match_areas(draft, candidates)
    rate_proposals(draft, assign_findings(draft, candidates), has_existing_areas=True)
    for finding, (_, _, area_ref, polarity) in zip(draft.findings, spec["findings"], strict=True):
        if finding.area_ref != area_ref:
            assert finding.area_unsure, finding.text
        if finding.polarity != polarity:
            assert finding.polarity_unsure, finding.text
    marks = sum(len(check.about) for check in proposals_to_check(draft))
    assert marks <= 0.4 * proposal_count(draft)


# The rules, on made-up letters: three areas, and paragraphs that speak to them more or less
# plainly.

AREAS = [
    "The response to children who go missing from home or care.",
    "The support that care leavers receive from their personal advisers.",
    "Decision-making at the front door.",
]


def _letter(*paragraphs: str) -> Draft:
    draft = Draft(
        document="monitoring_letter",
        event=EventFacts(kind="monitoring"),
        areas=[DraftArea(ref=n, wording=w) for n, w in enumerate(AREAS, start=1)],
        findings=[
            DraftFinding(section="findings", paragraph=n, text=t, polarity="mixed")
            for n, t in enumerate(paragraphs, start=1)
        ],
    )
    rate_proposals(draft, assign_findings(draft), has_existing_areas=False)
    return draft


MISSING = (
    "Children who go missing from home are now offered return home interviews promptly. "
    "Information from return home interviews is used well to reduce risks."
)
LEAVERS = (
    "Care leavers are supported well by their personal advisers, who keep in touch regularly. "
    "Personal advisers help care leavers to find suitable homes."
)
FRONT_DOOR = (
    "Referrals to the front door are screened quickly and threshold decisions are clear. "
    "Contacts from the police are passed to the front door without delay."
)


def test_a_paragraph_that_plainly_speaks_to_one_area_is_sure():
    draft = _letter(MISSING, LEAVERS, FRONT_DOOR)
    assert [f.area_ref for f in draft.findings] == [1, 2, 3]
    for finding in draft.findings:
        assert not finding.area_unsure
        assert finding.area_confidence >= 0.9


def test_a_paragraph_that_speaks_to_two_areas_alike_is_a_close_call():
    both = (
        "Care leavers who go missing from home are now helped by their personal advisers and "
        "offered return home interviews."
    )
    finding = _letter(LEAVERS, both, FRONT_DOOR).findings[1]
    assert finding.area_unsure
    other = 1 if finding.area_ref == 2 else 2
    assert finding.area_reason == f"It speaks to area {other} almost as much."


def test_a_paragraph_sharing_no_wording_with_any_area_is_marked():
    vague = "Leaders have an accurate understanding of the strengths and weaknesses that remain."
    finding = _letter(MISSING, LEAVERS, vague).findings[2]
    assert finding.area_unsure
    assert finding.area_confidence < 0.2
    assert "few words" in finding.area_reason


def test_a_paragraph_between_two_on_one_area_goes_with_them_but_is_marked():
    aside = "Managers review these cases weekly and the records are now up to date."
    draft = _letter(LEAVERS, MISSING, aside, MISSING.replace("now ", ""), FRONT_DOOR)
    finding = draft.findings[2]
    assert finding.area_ref == 1  # the paragraphs on either side speak to area 1
    assert finding.area_unsure


def test_an_area_mentioned_only_in_passing_is_marked():
    passing = (
        "Assessments are mostly thorough and consider the views of children and their families. "
        "Managers check their quality, and workers are well trained. "
        "Some assessments begin with a referral to the front door."
    )
    finding = _letter(MISSING, LEAVERS, passing).findings[2]
    assert finding.area_ref == 3
    assert finding.area_unsure
    assert finding.area_reason == "Its opening sentence says nothing about area 3."


def test_without_areas_no_finding_has_an_area_to_check():
    draft = Draft(
        document="inspection_report",
        event=EventFacts(kind="standard"),
        findings=[DraftFinding(section="report", paragraph=1, text=MISSING, polarity="mixed")],
    )
    rate_proposals(draft, assign_findings(draft), has_existing_areas=True)
    assert draft.findings[0].area_ref is None
    assert not draft.findings[0].area_unsure
    assert proposal_count(draft) == 1


@pytest.mark.parametrize(
    ("text", "sure", "reason"),
    [
        ("Visits are timely. Plans are clear and effective. Risks are reduced swiftly.", True, ""),
        (
            "Visits are late. Plans are weak and unclear. Risks persisted and drift remains.",
            True,
            "",
        ),
        (
            "Visits are timely. Plans are clear. Risks are reduced swiftly. Records are detailed. "
            "Too many reviews are delayed.",
            False,
            "A close call between strength and mixed.",
        ),
        ("The visit met leaders and managers.", False, "No wording says how well or badly."),
        (
            "Plans are clear. Too many reviews are delayed.",
            False,
            "Only 2 sentences say how well or badly, and they differ.",
        ),
    ],
)
def test_polarity_is_sure_when_its_sentences_agree_and_marked_when_a_close_call(text, sure, reason):
    confidence, why = polarity_confidence(text)
    assert (confidence >= SURE) == sure, confidence
    assert why == reason


def test_a_word_for_word_match_is_sure_and_a_weak_match_is_marked():
    draft = Draft(
        document="monitoring_letter",
        event=EventFacts(kind="monitoring"),
        areas=[
            DraftArea(ref=1, wording="x", area_id=3, score=1.0),
            DraftArea(ref=2, wording="y", area_id=4, score=0.3),
            DraftArea(ref=3, wording="Something else entirely", area_id=None, score=0.1),
        ],
    )
    rate_proposals(draft, [], has_existing_areas=True)
    sure, weak, new = draft.areas
    assert (sure.confidence, sure.unsure, sure.reason) == (1.0, False, "")
    assert (
        weak.unsure
        and weak.reason == "Matched on little shared wording: check it is the same area."
    )
    assert new.unsure and new.reason.startswith("No existing area matched closely")
    assert proposals_to_check(draft) == [
        Check("area", 1, ("match",), (weak.reason,)),
        Check("area", 2, ("new_area",), (new.reason,)),
    ]
    # A new area is sure to be new when the authority has no areas yet.
    rate_proposals(draft, [], has_existing_areas=False)
    assert not new.unsure
