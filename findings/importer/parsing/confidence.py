"""How sure the import is of each of its proposals, so that the review can mark the ones to check
first and the officer can accept the rest as they are.

A draft proposes, for each area the document covered, an existing area of concern (or a new one),
and for each finding the area it speaks to and its polarity. `rate_proposals` gives each proposal
a confidence from 0 to 1; one below SURE is marked for checking, with a short reason. The draft
carries them (DraftArea.confidence, unsure, reason; DraftFinding.area_… and polarity_…), so the
review page, the command and the API show the same marks.

- An area's match: how alike its wording is to the existing area's (word for word is sure). A
  new area is unsure when the authority has areas it might be under other words.
- A finding's area: the weakest of four signs (matching.AreaEvidence): how much wording it shares
  with the area (CLEAR_MATCH is plainly its subject), how far ahead of the next area it is (unless
  the paragraphs around it settle a close call), whether its opening sentence speaks to the area
  (Ofsted's paragraphs open with their subject), and whether its own wording and the letter's
  flow agree.
- A finding's polarity: how far the share of its positive sentences is from a boundary between
  strength, mixed and weakness, and whether enough sentences say either way.

The thresholds were set against Sefton's recorded sixth visit and the test letters' written
answers (tests/importer/test_confidence.py): every wrong proposal there is marked, and most right
ones are not.
"""

from dataclasses import dataclass

from .draft import Draft, DraftArea
from .matching import AREA_MATCH_THRESHOLD, AreaEvidence
from .polarity import STRENGTH_SHARE, WEAKNESS_SHARE, weigh

SURE = 0.6  # a proposal less sure than this is marked for checking

# An area matched by wording (DraftArea.score) this alike is as sure as SURE; word for word is 1.
AREA_SURE_SCORE = 0.4
# A finding's wording this alike to its area's (DraftFinding.area_score) is plainly about it.
CLEAR_MATCH = 0.16
# A runner-up area this close to the proposed one (as a share of its score) makes a close call,
# unless the letter's flow settles it: the chance of the proposed area given the paragraphs
# around it (matching.AreaEvidence.flow) is at least SETTLED_BY_FLOW.
CLOSE_RUNNER_UP = 0.6
SETTLED_BY_FLOW = 0.95
# A polarity whose share of positive sentences is this close to a boundary is a close call, as is
# a split verdict from fewer evaluative sentences than CLOSE_CALL_EVIDENCE.
CLOSE_CALL_MARGIN = 0.1
CLOSE_CALL_EVIDENCE = 3

# What a check is about.
MATCH = "match"  # an area's match to an existing area of concern
NEW_AREA = "new_area"  # an area proposed as a new area of concern
FINDING_AREA = "area"  # the area a finding speaks to
POLARITY = "polarity"  # whether a finding is a strength, a weakness or mixed


@dataclass(frozen=True)
class Check:
    """An item of the draft with proposals the import is unsure of."""

    kind: str  # "area" or "finding"
    index: int  # its place in draft.areas or draft.findings, from 0
    about: tuple[str, ...]  # MATCH, NEW_AREA, FINDING_AREA, POLARITY
    reasons: tuple[str, ...] = ()  # why, one for each of `about`

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def items(self) -> list[tuple[str, str]]:
        return list(zip(self.about, self.reasons, strict=False))


def area_match_confidence(area: DraftArea, has_existing_areas: bool) -> tuple[float, str]:
    """How sure the match of a document's area is, and why not."""
    if area.area_id is None:
        if not has_existing_areas:
            return 1.0, ""
        return 0.5 * (1 - min(area.score, AREA_MATCH_THRESHOLD) / AREA_MATCH_THRESHOLD), (
            "No existing area matched closely: it may be one of them in other words."
        )
    if area.score >= 1:
        return 1.0, ""
    return _why_unsure(
        min(1.0, SURE * area.score / AREA_SURE_SCORE),
        "Matched on little shared wording: check it is the same area.",
    )


def finding_area_confidence(evidence: AreaEvidence, ref: int | None) -> tuple[float, str]:
    """How sure a finding's proposed area is, and why not: its weakest sign."""
    if ref is None or not evidence.wording:
        return 1.0, ""
    score = evidence.wording[ref]
    best = max(evidence.wording, key=lambda r: (evidence.wording[r], -r))
    signs = []
    if best != ref and evidence.wording[best] > score:
        signs.append(
            (
                min(evidence.flow, 0.5),
                f"Its own wording points more to area {best}; the paragraphs around it, to "
                f"area {ref}.",
            )
        )
    else:
        runner_up = max(
            (r for r in evidence.wording if r != ref),
            key=lambda r: (evidence.wording[r], -r),
            default=None,
        )
        # A close call on wording is settled when the paragraphs around it agree, except in the
        # headline findings, which sum up several areas at once.
        settled = evidence.section != "headline" and evidence.flow >= SETTLED_BY_FLOW
        if runner_up is not None and score > 0 and not settled:
            share = evidence.wording[runner_up] / score
            signs.append(
                (
                    (1 - share) / (1 - CLOSE_RUNNER_UP) * SURE,
                    f"It speaks to area {runner_up} almost as much.",
                )
            )
        signs.append((evidence.flow, "The paragraphs around it speak to other areas."))
    signs.append((score / CLEAR_MATCH, "It has few words in common with any area."))
    if evidence.section != "headline" and evidence.opening <= 0.01:
        signs.append((0.5, f"Its opening sentence says nothing about area {ref}."))
    return _why_unsure(*min(signs, key=lambda sign: sign[0]))


def polarity_confidence(paragraph: str) -> tuple[float, str]:
    """How sure the polarity proposed for a paragraph is (polarity.classify), and why not."""
    share, evidence = weigh(paragraph)
    if share is None:
        return 0.2, "No wording says how well or badly."
    if evidence < CLOSE_CALL_EVIDENCE and 0 < share < 1:
        count = round(evidence)
        if count == 1:
            return 0.4, "Only 1 sentence says how well or badly, and it says both."
        return 0.4, f"Only {count} sentences say how well or badly, and they differ."
    to_strength, to_weakness = abs(share - STRENGTH_SHARE), abs(share - WEAKNESS_SHARE)
    confidence = SURE * min(to_strength, to_weakness) / CLOSE_CALL_MARGIN
    if to_strength <= to_weakness:
        return _why_unsure(confidence, "A close call between strength and mixed.")
    return _why_unsure(confidence, "A close call between mixed and weakness.")


def rate_proposals(draft: Draft, evidence: list[AreaEvidence], *, has_existing_areas: bool) -> None:
    """Give each of the draft's proposals its confidence, marking the unsure ones with why.
    `evidence` is what assign_findings returned for the draft's findings."""
    for area in draft.areas:
        area.confidence, area.unsure, area.reason = _rated(
            *area_match_confidence(area, has_existing_areas)
        )
    for index, finding in enumerate(draft.findings):
        found = evidence[index] if index < len(evidence) else AreaEvidence(wording={})
        finding.area_confidence, finding.area_unsure, finding.area_reason = _rated(
            *finding_area_confidence(found, finding.area_ref)
        )
        finding.polarity_confidence, finding.polarity_unsure, finding.polarity_reason = _rated(
            *polarity_confidence(finding.text)
        )


def _why_unsure(confidence: float, reason: str) -> tuple[float, str]:
    """The confidence, with the reason only if it is unsure."""
    return confidence, reason if round(confidence, 2) < SURE else ""


def _rated(confidence: float, reason: str) -> tuple[float, bool, str]:
    confidence = round(max(0.0, min(1.0, confidence)), 2)
    unsure = confidence < SURE
    return confidence, unsure, reason if unsure else ""


def proposal_count(draft: Draft) -> int:
    """How many proposals the draft makes: each area's match, and each finding's polarity and
    (when the document covered areas) its area."""
    return len(draft.areas) + len(draft.findings) * (2 if draft.areas else 1)


def proposals_to_check(draft: Draft) -> list[Check]:
    """The draft's items with proposals the import is unsure of (as rate_proposals marked them),
    areas first, in their order."""
    checks = []
    for index, area in enumerate(draft.areas):
        if area.unsure:
            about = NEW_AREA if area.area_id is None else MATCH
            checks.append(Check("area", index, (about,), (area.reason,)))
    for index, finding in enumerate(draft.findings):
        marks = [
            (what, reason)
            for what, unsure, reason in (
                (FINDING_AREA, finding.area_unsure, finding.area_reason),
                (POLARITY, finding.polarity_unsure, finding.polarity_reason),
            )
            if unsure
        ]
        if marks:
            about, reasons = zip(*marks, strict=True)
            checks.append(Check("finding", index, about, reasons))
    return checks
