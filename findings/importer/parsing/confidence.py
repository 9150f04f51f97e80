"""How sure the import is of each of its proposals, so that the review can mark the ones to check
first and the officer can accept the rest as they are.

A draft proposes, for each area the document covered, an existing area of concern (or a new one),
and for each finding the area it speaks to and its polarity. A proposal is unsure when the evidence
behind it is thin: an area matched by wording below AREA_SURE_SCORE, a new area when the authority
has areas it might be, a finding whose best area scores below FINDING_AREA_SURE_SCORE, or a
polarity that is a close call (polarity.is_close_call). The thresholds were set against Sefton's
recorded sixth visit and the test letters' written answers (tests/importer/test_confidence.py):
the marks catch most of the proposals an officer would change, and leave most others unmarked.
"""

from dataclasses import dataclass

from .draft import Draft, DraftArea, DraftFinding
from .polarity import is_close_call

# An area matched by wording (DraftArea.score) below this is marked for checking; a word-for-word
# match scores 1.
AREA_SURE_SCORE = 0.4
# A finding's area (DraftFinding.area_score) scoring below this is marked for checking.
FINDING_AREA_SURE_SCORE = 0.125

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

    @property
    def number(self) -> int:
        return self.index + 1


def area_match_is_unsure(area: DraftArea, has_existing_areas: bool) -> bool:
    """A weak match by wording; or a new area, when the authority has areas it might be."""
    if area.area_id is None:
        return has_existing_areas
    return area.score < AREA_SURE_SCORE


def finding_area_is_unsure(finding: DraftFinding, draft: Draft) -> bool:
    """The finding's area was proposed on little shared wording (when there are areas at all)."""
    return bool(draft.areas) and finding.area_score < FINDING_AREA_SURE_SCORE


def polarity_is_unsure(finding: DraftFinding) -> bool:
    return is_close_call(finding.text)


def proposal_count(draft: Draft) -> int:
    """How many proposals the draft makes: each area's match, and each finding's polarity and
    (when the document covered areas) its area."""
    return len(draft.areas) + len(draft.findings) * (2 if draft.areas else 1)


def proposals_to_check(draft: Draft, *, has_existing_areas: bool) -> list[Check]:
    """The draft's items with proposals the import is unsure of, areas first, in their order."""
    checks = []
    for index, area in enumerate(draft.areas):
        if area_match_is_unsure(area, has_existing_areas):
            checks.append(Check("area", index, (NEW_AREA if area.area_id is None else MATCH,)))
    for index, finding in enumerate(draft.findings):
        about = tuple(
            what
            for what, unsure in (
                (FINDING_AREA, finding_area_is_unsure(finding, draft)),
                (POLARITY, polarity_is_unsure(finding)),
            )
            if unsure
        )
        if about:
            checks.append(Check("finding", index, about))
    return checks
