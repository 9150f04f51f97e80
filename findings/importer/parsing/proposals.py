"""What the import proposes for a draft (`propose`): the existing area each of the document's
areas is, or a title and a theme for a new one; the area each finding speaks to; and how sure it
is of each proposal (parsing/confidence.py)."""

import re

from .confidence import rate_proposals
from .draft import Draft
from .matching import AreaCandidate, assign_findings, match_areas, tokens

TITLE_LENGTH = 80  # titles are short names for the dashboard; the wording is kept in full

# Theme values (findings.models.Theme) and words that point to each, in order of precedence.
THEME_WORDS: list[tuple[str, set[str]]] = [
    ("care_leavers", {"xcareleaver", "leaver"}),
    ("front_door", {"xfrontdoor"}),
    ("vulnerable_children", {"xexploitation", "xmissing", "xdisabled", "xfostering", "xhomeless",
                             "vulnerabl"}),
    ("health", {"xhealth", "health", "dentistry", "dental", "wellbe"}),
    ("quality_assurance", {"xaudit", "performance", "xiro"}),
    ("workforce", {"caseload", "workforce", "supervis", "recruit", "retent", "agency", "oversight",
                   "staff"}),
    ("children_in_care", {"placement", "place", "xpermanence", "foster", "care", "looked"}),
    ("help_protection", {"protect", "xstrategy", "xconference", "xallegation", "xearlyhelp",
                         "safeguard", "help"}),
    ("practice", {"assess", "plan", "visit", "xplo", "story", "direct", "practic"}),
    ("leadership", {"leader", "corporate", "partner", "governanc", "council", "system",
                    "resourc", "strategic"}),
]  # fmt: skip
DEFAULT_THEME = "practice"


def propose_title(wording: str) -> str:
    """A short title from the document's wording: 'The response to allegations against
    professionals.' becomes 'Response to allegations against professionals'."""
    title = re.sub(r"\s+", " ", wording).strip().rstrip(".;:")
    title = re.sub(r"^(?:the|a|an)\s+", "", title, flags=re.I)
    title = title[:1].upper() + title[1:]
    if len(title) <= TITLE_LENGTH:
        return title
    # Cut at the first clause boundary that leaves a meaningful title, or else at a word.
    for boundary in (",", " including ", " so that ", " which ", " that ", " to "):
        cut = title.find(boundary, 25)
        if 0 < cut <= TITLE_LENGTH:
            return title[:cut].rstrip(" ,")
    return title[:TITLE_LENGTH].rsplit(" ", 1)[0].rstrip(" ,")


def propose_theme(wording: str) -> str:
    words = set(tokens(wording))
    best, best_hits = DEFAULT_THEME, 0
    for theme, cues in THEME_WORDS:
        hits = len(words & cues)
        if hits > best_hits:
            best, best_hits = theme, hits
    return best


def propose_new_areas(draft: Draft) -> None:
    """Fill in a proposed title and theme for each area that matched no existing one."""
    for area in draft.areas:
        if area.area_id is None:
            area.new_title = area.new_title or propose_title(area.wording)
            area.new_theme = area.new_theme or propose_theme(area.wording)


def propose(draft: Draft, candidates: list[AreaCandidate]) -> None:
    """Fill in the draft's proposals against the authority's areas of concern (`candidates`)."""
    match_areas(draft, candidates)
    propose_new_areas(draft)
    evidence = assign_findings(draft, candidates)
    rate_proposals(draft, evidence, has_existing_areas=bool(candidates))
