"""Matching a document's wording to areas of concern, by similarity of wording.

Two matches are made:

- each area the document lists (a letter's "Areas covered by the visit", a report's "What needs
  to improve?") against the authority's existing areas of concern: word for word when the
  wording is the same, otherwise by shared words (weighted by how distinctive they are) and by
  difflib's sequence similarity; a wording that matches nothing well enough is proposed as a new
  area, and no existing area is proposed for two items;
- each finding against the document's own areas, by the distinctive words they share. Ofsted
  letters take the areas in turn, so a paragraph with no clear match stays with the area of the
  paragraph before it.

Children's services vocabulary has several names for one thing ('front door', 'MASH', 'multi-
agency safeguarding hub'); a small glossary maps them to one term before words are compared.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from .draft import Draft

# Terms that name the same thing, mapped to one token each. Longer phrases first.
GLOSSARY: dict[str, list[str]] = {
    "xfrontdoor": [
        "multi-agency safeguarding hub", "multi agency safeguarding hub", "front door",
        "mash", "contact and referral", "integrated front door", "first response team",
        # what a front door does: it takes contacts and referrals, screens them and applies
        # the thresholds for help
        "screening", "screened", "referrals", "referral", "referrers", "referrer", "contacts",
        "threshold decisions", "threshold decision", "thresholds", "threshold",
    ],
    "xouthours": [
        "outside of normal office hours", "outside normal office hours", "outside office hours",
        "outside of office hours", "out of office hours", "out of hours", "out-of-hours",
        "emergency duty team", "emergency duty service", "edt",
    ],
    "xallegation": [
        "local authority designated officer", "designated officer", "lado",
        "allegations against professionals", "allegations of abuse against professionals",
        "allegations made against professionals", "allegations against people who work with children",
    ],
    "xconference": [
        "initial child protection conferences", "initial child protection conference",
        "child protection conferences", "child protection conference", "icpcs", "icpc",
        "conference chairs", "child protection chairs",
    ],
    "xstrategy": ["strategy meetings", "strategy meeting", "strategy discussions",
                  "strategy discussion"],
    "xiro": ["independent reviewing officers", "independent reviewing officer", "iros", "iro"],
    "xplo": ["public law outline", "pre-proceedings", "plo"],
    "xeet": [
        "education, employment and training", "education, employment or training",
        "employment, education, or training", "employment, education and training",
        "not in education", "neet", "eet",
    ],
    "xexploitation": [
        "child sexual exploitation", "child criminal exploitation", "exploitation", "cse", "cce",
        "county lines",
    ],
    "xmissing": ["missing from home and care", "missing from home or care", "go missing",
                 "goes missing", "missing from home", "missing from care", "return home interviews"],
    "xcareleaver": ["care leavers", "care leaver", "care-experienced", "care experienced",
                    "personal advisers", "personal adviser", "leaving care", "care leaving"],
    "xaudit": ["quality assurance", "auditing", "audits", "audit"],
    "xdisabled": ["disabled children", "children with disabilities", "children with a disability"],
    "xfostering": ["private fostering"],
    "xhomeless": ["homeless 16 and 17-year-olds", "homeless 16- and 17-year-olds",
                  "homeless 16 to 17-year-olds", "homeless young people", "homeless"],
    "xearlyhelp": ["early help"],
    "xpermanence": ["permanence", "adoption", "special guardianship"],
    "xconsent": ["parental consent", "consent"],
    "xhealth": ["emotional and mental health", "mental health", "emotional health", "camhs"],
}  # fmt: skip
_GLOSSARY_PATTERNS = [
    (token, re.compile(r"\b" + r"[\s-]+".join(map(re.escape, phrase.split())) + r"\b"))
    for token, phrases in GLOSSARY.items()
    for phrase in sorted(phrases, key=len, reverse=True)
]

_COMMON_WORDS = """a about above across after again against all also although am an and any are as at be
    because been before being between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or other
    our ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours local authority
    authority's including include includes ensure ensuring well whether within where made make
    makes being many much one two three way ways there's which's"""
STOPWORDS = set(_COMMON_WORDS.split()) | {
    # Words that frame an area's wording ("the management of…", "the arrangements for…", "the
    # quality of…") rather than name its subject.
    "management", "arrangements", "arrangement", "quality", "timeliness", "provision",
    "approach", "effectiveness", "consistency",
}  # fmt: skip


_IRREGULAR = {"children": "child", "people": "person", "women": "woman", "men": "man"}


def _stem(word: str) -> str:
    """A light stem, enough to meet 'responses' with 'response' and 'planning' with 'plans'."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix, keep in (
        ("ies", "y"),
        ("ness", ""),
        ("ments", ""),
        ("ment", ""),
        ("ings", ""),
        ("ing", ""),
        ("ions", ""),
        ("ion", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                break  # access, status, analysis
            word = word[: -len(suffix)] + keep
            break
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "slz":
        word = word[:-1]  # plann -> plan
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]  # response -> respons, like responses
    return word


@lru_cache(maxsize=4096)
def tokens(text: str) -> tuple[str, ...]:
    """Distinctive words of `text`: lower case, glossary terms unified, stop words dropped,
    light stemming. Cached: matching compares each wording with every other."""
    lowered = text.lower().replace("’", "'").replace("‘", "'")
    found = []
    for token, pattern in _GLOSSARY_PATTERNS:
        lowered, count = pattern.subn(" ", lowered)
        found.extend([token] * count)
    for word in re.findall(r"[a-z][a-z']*", lowered):
        word = word.strip("'")
        if word.endswith("'s"):
            word = word[:-2]
        if len(word) > 2 and word not in STOPWORDS:
            found.append(_stem(word))
    return tuple(found)


def _normalised(text: str) -> str:
    text = text.lower().replace("’", "'").replace("‘", "'")
    return " ".join(re.findall(r"[a-z0-9']+", text))


@dataclass
class AreaCandidate:
    """An existing area of concern, as the matcher sees it."""

    id: int
    title: str
    description: str = ""
    wordings: list[str] = field(default_factory=list)  # other documents' wording of it

    @property
    def texts(self) -> list[str]:
        return [text for text in (self.description, self.title, *self.wordings) if text]


class _Weights:
    """Inverse document frequency over a set of texts: words found everywhere weigh little."""

    def __init__(self, documents: list[list[str]]):
        self.count = len(documents)
        self.frequency = Counter(word for document in documents for word in set(document))

    def idf(self, word: str) -> float:
        return math.log((1 + self.count) / (1 + self.frequency[word])) + 1.0

    def vector(self, words: list[str], scale: float = 1.0) -> Counter:
        vector: Counter = Counter()
        for word, n in Counter(words).items():
            vector[word] += scale * (1 + math.log(n)) * self.idf(word)
        return vector


def _cosine(a: Counter, b: Counter) -> float:
    shared = set(a) & set(b)
    if not shared:
        return 0.0
    dot = sum(a[word] * b[word] for word in shared)
    return dot / (
        math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    )


def wording_similarity(a: str, b: str, weights: _Weights | None = None) -> float:
    """How alike two wordings are, from 0 to 1; 1.0 only when they are the same words.

    Shared distinctive words decide; difflib's sequence similarity counts only when it is high
    (the same wording lightly edited), since any two sentences share many letters in order."""
    if _normalised(a) == _normalised(b):
        return 1.0
    ta, tb = tokens(a), tokens(b)
    weights = weights or _Weights([ta, tb])
    token_score = _cosine(weights.vector(ta), weights.vector(tb))
    sequence_score = SequenceMatcher(None, _normalised(a), _normalised(b)).ratio()
    if sequence_score < 0.75:
        sequence_score = 0.0
    return round(min(0.99, max(token_score, sequence_score)), 3)


# Below this, a document's area is proposed as a new area rather than matched to an existing one.
AREA_MATCH_THRESHOLD = 0.25


def match_areas(draft: Draft, candidates: list[AreaCandidate]) -> None:
    """Propose an existing area for each of the draft's areas, or a new area (area_id None)."""
    weights = _Weights(
        [tokens(text) for candidate in candidates for text in candidate.texts]
        + [tokens(area.wording) for area in draft.areas]
    )
    scored = []
    for area in draft.areas:
        for candidate in candidates:
            score = max(wording_similarity(area.wording, text, weights) for text in candidate.texts)
            scored.append((score, area.ref, candidate))
    taken_areas: set[int] = set()
    taken_refs: set[int] = set()
    for area in draft.areas:
        area.area_id, area.area_title, area.score = None, "", 0.0
    # Best pairs first, so each existing area goes to the wording it suits best.
    for score, ref, candidate in sorted(scored, key=lambda item: (-item[0], item[1])):
        if score < AREA_MATCH_THRESHOLD or ref in taken_refs or candidate.id in taken_areas:
            continue
        area = draft.area(ref)
        area.area_id, area.area_title, area.score = candidate.id, candidate.title, score
        taken_refs.add(ref)
        taken_areas.add(candidate.id)
    for area in draft.areas:
        if area.area_id is None:
            area.score = max((s for s, ref, _ in scored if ref == area.ref), default=0.0)


# How much each source of words counts in an area's profile when findings are matched to it.
LETTER_WORDING_WEIGHT = 1.0  # the document's own wording of the area
EXISTING_AREA_WEIGHT = 0.5  # the matched area's title, description and earlier wordings
# A finding whose best area scores below this (or barely above the runner-up) follows the
# finding before it, since letters take the areas in turn.
FINDING_MATCH_THRESHOLD = 0.05
FINDING_MARGIN = 0.02


def assign_findings(draft: Draft, candidates: list[AreaCandidate] | None = None) -> None:
    """Propose, for each finding, the document area it speaks to (area_ref): the area whose
    wording (the document's own, and the matched existing area's) shares the most distinctive
    words with it."""
    if not draft.areas:
        for finding in draft.findings:
            finding.area_ref, finding.area_score = None, 0.0
        return
    by_id = {candidate.id: candidate for candidate in candidates or []}
    finding_words = [tokens(finding.text) for finding in draft.findings]
    area_words = {}
    for area in draft.areas:
        existing = by_id.get(area.area_id)
        existing_words = [w for text in (existing.texts if existing else []) for w in tokens(text)]
        area_words[area.ref] = (tokens(area.wording), existing_words)
    weights = _Weights(
        [words for pair in area_words.values() for words in pair if words] + finding_words
    )
    profiles = {
        ref: weights.vector(own, LETTER_WORDING_WEIGHT)
        + weights.vector(other, EXISTING_AREA_WEIGHT)
        for ref, (own, other) in area_words.items()
    }
    previous: int | None = None
    section = None
    for finding, words in zip(draft.findings, finding_words, strict=True):
        if finding.section != section:
            previous, section = None, finding.section
        ranked = _rank(weights.vector(words), profiles)
        best_score, best_ref = ranked[0]
        runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
        unclear = best_score < FINDING_MATCH_THRESHOLD or best_score - runner_up < FINDING_MARGIN
        if unclear and previous is not None:
            finding.area_ref = previous
            finding.area_score = round(next(s for s, r in ranked if r == previous), 3)
        else:
            finding.area_ref, finding.area_score = best_ref, round(best_score, 3)
        previous = finding.area_ref


def _rank(vector: Counter, profiles: dict[int, Counter]) -> list[tuple[float, int]]:
    return sorted(
        ((_cosine(vector, profile), ref) for ref, profile in profiles.items()),
        key=lambda item: (-item[0], item[1]),
    )
