"""Matching a document's wording to areas of concern, by similarity of wording.

Two matches are made:

- each area the document lists (a letter's "Areas covered by the visit", a report's "What needs
  to improve?") against the authority's existing areas of concern: word for word when the
  wording is the same, otherwise by shared words (weighted by how distinctive they are) and by
  difflib's sequence similarity; a wording that matches nothing well enough is proposed as a new
  area, and no existing area is proposed for two items;
- each finding against the document's own areas, by the distinctive words they share (with
  the existing area's wording, and what the document says beside each area's name), weighed
  with the letter's flow: Ofsted letters take the areas in turn, so a paragraph with no clear
  match goes with the paragraphs around it (see assign_findings).

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
from .polarity import NEGATIVE, POSITIVE
from .text import sentences

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
# (token, the phrase's first word, its pattern): a pattern is tried only where its first word is.
_GLOSSARY_PATTERNS = [
    (
        token,
        phrase.split()[0],
        re.compile(r"\b" + r"[\s-]+".join(map(re.escape, phrase.split())) + r"\b"),
    )
    for token, phrases in GLOSSARY.items()
    for phrase in sorted(phrases, key=len, reverse=True)
]
_GLOSSARY_FIRST_WORDS = re.compile(
    r"\b(?:"
    + "|".join(
        sorted({re.escape(word) for _, word, _ in _GLOSSARY_PATTERNS}, key=len, reverse=True)
    )
    + r")\b"
)

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


@lru_cache(maxsize=8192)
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
    present = set(_GLOSSARY_FIRST_WORDS.findall(lowered))
    for token, first_word, pattern in _GLOSSARY_PATTERNS:
        if first_word in present:
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
    # Only a ratio of 0.75 or more counts: the matcher's quick upper bounds rule most pairs out.
    matcher = SequenceMatcher(None, _normalised(a), _normalised(b))
    sequence_score = 0.0
    if matcher.real_quick_ratio() >= 0.75 and matcher.quick_ratio() >= 0.75:
        sequence_score = matcher.ratio()
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


# Proposing the area each finding speaks to. A finding's wording is compared with each area's
# profile: the document's own wording of the area, the matched existing area's title, description
# and earlier wordings, and what the document itself says alongside the area's name (a sentence
# that names one area, such as "Enhanced quality assurance is providing a greater understanding
# of weaknesses in the front door response", ties its other words to that area). Only words that
# say what a finding is about count: not how well it is going ("timely", "inconsistent"), nor the
# words every area shares ("children", "needs", "the response to").
EXISTING_AREA_WEIGHT = 0.5  # the existing area's texts, beside the document's own wording (1)
DOCUMENT_CONTEXT_WEIGHT = 0.5  # the document's sentences that name the area
# Ofsted's paragraphs open with their subject, so the opening sentence counts this many times
# more (not in the headline findings, which sum up several areas at once).
OPENING_SENTENCE_WEIGHT = 2.0
# Letters take the areas in turn, so a paragraph more often speaks to the area of the paragraph
# before it than to any other: the chance that it does, in a model of the letter's flow whose
# wording evidence for an area is exp(similarity / WORDING_TEMPERATURE).
SAME_AREA_AS_BEFORE = 0.75
WORDING_TEMPERATURE = 0.03

_GENERIC_WORDS = {
    "child", "young", "person", "family", "famil", "need", "servic", "receiv", "meet",
    "work", "social", "support", "concern", "practic", "respons",
}  # fmt: skip
_EVALUATIVE_WORDS = {_stem(word) for word in POSITIVE | NEGATIVE}
_NOT_TOPIC = _GENERIC_WORDS | _EVALUATIVE_WORDS


def topic_words(text: str) -> tuple[str, ...]:
    """The words of `text` (as `tokens` gives them) that say what it is about."""
    return tuple(word for word in tokens(text) if word not in _NOT_TOPIC)


@dataclass
class AreaEvidence:
    """What a finding's proposed area rests on, for parsing/confidence.py to weigh."""

    wording: dict[int, float]  # its wording's similarity to each area, by ref (0 to 1)
    opening: float = 0.0  # its opening sentence's similarity to the proposed area
    flow: float = 0.0  # the chance of the proposed area given the wording and the letter's flow
    section: str = ""


def assign_findings(
    draft: Draft, candidates: list[AreaCandidate] | None = None
) -> list[AreaEvidence]:
    """Propose, for each finding, the document area it speaks to (area_ref, and area_score: how
    alike their wording is), and return what each proposal rests on."""
    if not draft.areas:
        for finding in draft.findings:
            finding.area_ref, finding.area_score = None, 0.0
        return [AreaEvidence(wording={}, section=f.section) for f in draft.findings]
    by_id = {candidate.id: candidate for candidate in candidates or []}
    own = {area.ref: topic_words(area.wording) for area in draft.areas}
    existing = {
        area.ref: [w for text in _texts(by_id.get(area.area_id)) for w in topic_words(text)]
        for area in draft.areas
    }
    finding_sentences = [[topic_words(s) for s in sentences(f.text)] for f in draft.findings]
    finding_words = [topic_words(finding.text) for finding in draft.findings]
    weights = _Weights(
        [words for words in (*own.values(), *existing.values()) if words] + finding_words
    )
    base = {
        ref: _unit(
            _unit(weights.vector(own[ref]))
            + _scaled(_unit(weights.vector(existing[ref])), EXISTING_AREA_WEIGHT)
        )
        for ref in own
    }
    context, context_of = _document_context(finding_sentences, own, weights)

    refs = sorted(base)
    scores, profiles = [], []
    for index, (finding, words) in enumerate(zip(draft.findings, finding_words, strict=True)):
        vector = weights.vector(words)
        opening = finding_sentences[index][0] if finding_sentences[index] else ()
        if finding.section != "headline":
            vector += weights.vector(opening, OPENING_SENTENCE_WEIGHT)
        # The document's context for each area, but for what this finding itself says.
        mine = context_of.get(index, {})
        profile = {}
        for ref in refs:
            others = _unit(_minus(context[ref], mine.get(ref)))
            profile[ref] = base[ref] + _scaled(others, DOCUMENT_CONTEXT_WEIGHT)
        profiles.append(profile)
        scores.append({ref: _cosine(vector, profile[ref]) for ref in refs})

    flows = _flow(scores, [finding.section for finding in draft.findings], refs)
    evidence = []
    for index, (finding, score, flow) in enumerate(zip(draft.findings, scores, flows, strict=True)):
        ref = max(refs, key=lambda r: (flow[r], score[r], -r))
        opening = finding_sentences[index][0] if finding_sentences[index] else ()
        finding.area_ref, finding.area_score = ref, round(score[ref], 3)
        evidence.append(
            AreaEvidence(
                wording={r: round(s, 4) for r, s in score.items()},
                opening=round(_cosine(weights.vector(opening), profiles[index][ref]), 4),
                flow=round(flow[ref], 4),
                section=finding.section,
            )
        )
    return evidence


def _texts(candidate: AreaCandidate | None) -> list[str]:
    return candidate.texts if candidate else []


def _document_context(finding_sentences, own, weights):
    """The words of each sentence that names exactly one area (by a word of the document's own
    wording of it), for that area: in all (by ref), and by the finding they come from."""
    context: dict[int, Counter] = {ref: Counter() for ref in own}
    context_of: dict[int, dict[int, Counter]] = {}
    names = {ref: set(words) for ref, words in own.items()}
    for index, sentence_words in enumerate(finding_sentences):
        for words in sentence_words:
            present = set(words)
            named = [ref for ref, name in names.items() if name & present]
            if len(named) != 1:
                continue
            rest = [word for word in words if word not in names[named[0]]]
            if rest:
                vector = weights.vector(rest)
                context[named[0]].update(vector)
                context_of.setdefault(index, {}).setdefault(named[0], Counter()).update(vector)
    return context, context_of


def _flow(scores: list[dict[int, float]], sections: list[str], refs: list[int]):
    """For each finding, the chance of each area given every finding's wording and that a
    paragraph tends to speak to the area of the one before (forward-backward over a Markov chain
    of areas, each section on its own)."""
    n = len(refs)
    stay = SAME_AREA_AS_BEFORE if n > 1 else 1.0
    move = (1 - stay) / (n - 1) if n > 1 else 0.0
    likelihood = [
        {ref: math.exp((s[ref] - max(s.values())) / WORDING_TEMPERATURE) for ref in refs}
        for s in scores
    ]
    flows: list[dict[int, float]] = []
    start = 0
    for end in range(1, len(scores) + 1):
        if end < len(scores) and sections[end] == sections[start]:
            continue
        forward, backward = [], []
        previous = None
        for like in likelihood[start:end]:
            prior = (
                dict.fromkeys(refs, 1 / n)
                if previous is None
                else {ref: stay * previous[ref] + move * (1 - previous[ref]) for ref in refs}
            )
            previous = _normalised_dict({ref: prior[ref] * like[ref] for ref in refs})
            forward.append(previous)
        after = dict.fromkeys(refs, 1.0)
        for like in reversed(likelihood[start:end]):
            backward.append(after)
            weighted = {ref: after[ref] * like[ref] for ref in refs}
            total = sum(weighted.values())
            after = _normalised_dict(
                {ref: stay * weighted[ref] + move * (total - weighted[ref]) for ref in refs}
            )
        backward.reverse()
        for ahead, behind in zip(forward, backward, strict=True):
            flows.append(_normalised_dict({ref: ahead[ref] * behind[ref] for ref in refs}))
        start = end
    return flows


def _normalised_dict(values: dict[int, float]) -> dict[int, float]:
    total = sum(values.values())
    return {key: value / total for key, value in values.items()}


def _unit(vector: Counter) -> Counter:
    length = math.sqrt(sum(v * v for v in vector.values()))
    return Counter({k: v / length for k, v in vector.items()}) if length else Counter()


def _scaled(vector: Counter, factor: float) -> Counter:
    return Counter({k: v * factor for k, v in vector.items()})


def _minus(vector: Counter, other: Counter | None) -> Counter:
    if not other:
        return vector
    return Counter(
        {k: v - other.get(k, 0.0) for k, v in vector.items() if v - other.get(k, 0.0) > 1e-9}
    )
