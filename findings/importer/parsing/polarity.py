"""Whether a finding reads as a strength, a weakness or a mixed picture, from its wording.

Each sentence is scored by the evaluative words Ofsted uses ('effective', 'timely', 'robust';
'delays', 'weak', 'inconsistent'), with negation ('not consistently timely' counts against). A
paragraph whose sentences are nearly all positive is a strength, nearly all negative a weakness,
and anything between is mixed. It is a proposal for the officer to confirm, not a judgement.
"""

import re
from functools import lru_cache

from .text import sentences

STRENGTH, WEAKNESS, MIXED = "strength", "weakness", "mixed"

POSITIVE = {
    "effective", "effectively", "timely", "timelier", "robust", "robustly", "strong", "stronger",
    "strength", "strengths", "swift", "swiftly", "prompt", "promptly", "quickly", "improved",
    "improving", "improvement", "improvements", "good", "positive", "positively", "appropriate",
    "appropriately", "clear", "clearly", "comprehensive", "thorough", "detailed", "proportionate",
    "consistent", "consistently", "sufficient", "sufficiently", "better", "enhanced", "valued",
    "buoyant", "rejuvenated", "holistic", "safer", "tailored", "responsive", "richer", "embedded",
    "committed", "commitment", "well", "progress", "successful", "successfully", "secure",
    "stable", "strengthened", "child-focused", "child-centred", "purposeful", "skilled",
    "confident", "helpful", "established", "effectiveness", "impressive", "high-quality",
    "much-improved", "welcomed", "regular", "regularly", "now",
}  # fmt: skip
NEGATIVE = {
    "delay", "delays", "delayed", "weak", "weaker", "weakness", "weaknesses", "poor", "poorly",
    "inconsistent", "inconsistently", "insufficient", "insufficiently", "ineffective", "unclear",
    "unmet", "unassessed", "slow", "drift", "lack", "lacks", "lacking", "gap", "gaps", "fail",
    "fails", "failed", "failing", "failure", "failures", "overly", "prematurely", "unnecessary",
    "variable", "limited", "absent", "underdeveloped", "unable", "hindering", "reliant",
    "deteriorated", "deterioration", "worsened", "without", "overturned", "persisted", "withdraw",
    "inadequate", "concerning", "shortfalls", "untimely", "inappropriate",
    "inappropriately", "unsafe", "fragmented", "unstable", "precarious",
    "challenges", "difficult", "difficulties", "remain", "remains", "still", "slower",
}  # fmt: skip
NEGATORS = {"not", "no", "never", "nor", "neither", "cannot"}
# Phrases whose words would otherwise mislead ("too many", "at risk", "negative impact").
NEGATIVE_PHRASES = [
    r"\btoo (?:many|few|slow|long|soon|late)\b",
    r"\bnegative(?:ly)? impact",
    r"\bat (?:further )?risk of(?: significant)? harm\b",
    r"\bleft in situations\b",
    r"\bmore work to do\b",
]
POSITIVE_PHRASES = [
    r"\bsignificant(?:ly)? improve",
    r"\bwell received\b",
    r"\bmade progress\b",
]
_WINDOW = 4  # a negator this many words before an evaluative word reverses it


def _words(sentence: str) -> list[str]:
    return re.findall(r"[a-z]+(?:[-’'][a-z]+)*", sentence.lower())


def score_sentence(sentence: str) -> tuple[int, int]:
    """(positive, negative) evidence in one sentence."""
    words = _words(sentence)
    positive = negative = 0
    for index, word in enumerate(words):
        if word in NEGATORS:
            negative += 1
        elif word in POSITIVE:
            if not any(w in NEGATORS for w in words[max(0, index - _WINDOW) : index]):
                positive += 1
        elif word in NEGATIVE:
            negative += 1
    lowered = sentence.lower()
    negative += sum(len(re.findall(p, lowered)) for p in NEGATIVE_PHRASES)
    positive += sum(len(re.findall(p, lowered)) for p in POSITIVE_PHRASES)
    return positive, negative


# A paragraph whose share of positive sentences is at least this is a strength; at most the
# second, a weakness; between them, mixed. (How close a call it is: parsing/confidence.py.)
STRENGTH_SHARE, WEAKNESS_SHARE = 0.8, 0.2


def positive_share(paragraph: str) -> float | None:
    """The share of the paragraph's evaluative sentences that read as positive (a sentence with
    as much evidence either way counts half to each); None when no sentence says either."""
    share, _ = weigh(paragraph)
    return share


@lru_cache(maxsize=1024)
def weigh(paragraph: str) -> tuple[float | None, float]:
    """(the share of positive sentences or None, how many sentences say either way). Cached:
    the polarity and how sure it is are both weighed from it."""
    positive = negative = 0.0
    for sentence in sentences(paragraph):
        pos, neg = score_sentence(sentence)
        if pos > neg:
            positive += 1
        elif neg > pos:
            negative += 1
        elif pos:
            positive += 0.5
            negative += 0.5
    if positive + negative == 0:
        return None, 0.0
    return positive / (positive + negative), positive + negative


def classify(paragraph: str) -> str:
    """'strength', 'weakness' or 'mixed' for a paragraph of a letter."""
    share = positive_share(paragraph)
    if share is None:
        return MIXED
    if share >= STRENGTH_SHARE:
        return STRENGTH
    if share <= WEAKNESS_SHARE:
        return WEAKNESS
    return MIXED
