"""Which kind of Ofsted document a text is, from its title.

Each kind the tracker imports has a title of its own, which comes before anything the document
goes on to mention (a focused-visit letter says it followed "the inspection of local authority
children's services (ILACS) framework"; a report may recall "a focused visit to … children's
services"): the earliest title in the document decides. A document with none of these titles is
refused with what it looks like, when that can be told.
"""

import re

from .draft import FOCUSED_LETTER, INSPECTION_REPORT, JTAI_LETTER, MONITORING_LETTER
from .errors import ImportProblem
from .text import clean_paragraphs, normalise

EARLIER_FRAMEWORK = "earlier_framework"
_SERVICES = r"children[’']?s\s+(?:social\s+care\s+)?services"
TITLES = [
    (
        MONITORING_LETTER,
        re.compile(rf"\bmonitoring\s+visit\s+(?:to|of)\s+\S[^.]{{0,80}}?{_SERVICES}", re.I),
    ),
    (
        FOCUSED_LETTER,
        re.compile(
            rf"\b(?:focused\s+(?:assurance\s+)?|assurance\s+)visit\s+to\s+\S[^.]{{0,80}}?{_SERVICES}",
            re.I,
        ),
    ),
    (
        JTAI_LETTER,
        re.compile(r"\bjoint\s+targeted\s+area\s+inspection\s+(?:\(JTAI\)\s+)?(?:of|in)\s", re.I),
    ),
    # The single inspection framework's (2013 to 2017), before ILACS's.
    (
        INSPECTION_REPORT,
        re.compile(
            r"\binspection\s+of\s+services\s+for\s+children\s+in\s+need\s+of\s+help\s+and\s+"
            r"protection",
            re.I,
        ),
    ),
    (
        INSPECTION_REPORT,
        re.compile(rf"\binspection\s+of\s+(?:[^.]{{0,80}}?\s)?{_SERVICES}", re.I),
    ),
    # Frameworks before November 2013, which the tracker does not import.
    (
        EARLIER_FRAMEWORK,
        re.compile(
            r"\binspection\s+of\s+(?:safeguarding\s+and\s+looked\s+after\s+children|local\s+"
            r"authority\s+arrangements\s+for\s+the\s+protection\s+of\s+children|(?:services\s+"
            r"for\s+)?looked\s+after\s+children)",
            re.I,
        ),
    ),
]
# A title further in than this is something the document mentions, not its title (a letter's
# title follows Ofsted's address and the recipients', which for a joint inspection are many).
TITLE_WITHIN = 5000

IMPORTS = (
    "the tracker imports Ofsted's documents about a local authority's children's services: "
    "monitoring visit and focused visit letters, joint targeted area inspection letters and "
    "inspection reports"
)
# What else a document may be, most telling first: (what it looks like, signs of it).
OTHER_KINDS = [
    (
        "an area SEND inspection report",
        re.compile(
            r"\b(?:area|local\s+area)\s+SEND\b|\bSEND\s+inspection\b|local\s+area\s+partnership",
            re.I,
        ),
    ),
    (
        "a children’s home inspection report",
        re.compile(
            r"\bchildren[’']?s\s+home\b|\bSC\d{6}\b|social\s+care\s+common\s+inspection", re.I
        ),
    ),
    (
        "an inspection report on a fostering or adoption agency",
        re.compile(r"\b(?:fostering|adoption(?:\s+support)?)\s+agency\b", re.I),
    ),
    (
        "a further education and skills report",
        re.compile(
            r"further\s+education\s+and\s+skills|apprenticeship\s+provision|learning\s+provider|"
            r"\bFE\s+college\b",
            re.I,
        ),
    ),
    (
        "an early years inspection report",
        re.compile(
            r"\bchildminder\b|early\s+years\s+register|childcare\s+register|\bnursery\b", re.I
        ),
    ),
    (
        "a school inspection report",
        re.compile(
            r"\bschool\s+report\b|quality\s+of\s+education|what\s+is\s+it\s+like\s+to\s+attend|"
            r"\bheadteacher\b|\bpupils\b",
            re.I,
        ),
    ),
]


def identify(text: str) -> str:
    """The document's kind (a DOCUMENT_KINDS key). Raises ImportProblem, saying what the text
    looks like, for anything the tracker does not import."""
    flat = re.sub(r"\s+", " ", normalise(text or ""))
    head = flat[:TITLE_WITHIN]
    titles = [
        (match.start(), order, document)
        for order, (document, pattern) in enumerate(TITLES)
        if (match := pattern.search(head))
    ]
    if titles:
        document = min(titles)[2]
        if document != EARLIER_FRAMEWORK:
            return document
        raise ImportProblem(
            "This looks like a report of an inspection of local authority children's services "
            f"before the single inspection framework (before November 2013): {IMPORTS} since "
            "then."
        )
    # Without a title: a letter's frame and headings still tell a monitoring or focused visit.
    for document, words in ((MONITORING_LETTER, "monitoring"), (FOCUSED_LETTER, "focused")):
        if re.search(rf"\b{words}\s+visit\b", flat, re.I) and _has_letter_headings(text):
            return document
    for looks_like, signs in OTHER_KINDS:
        if signs.search(flat):
            raise ImportProblem(
                f"This looks like {looks_like}, not one the tracker reads: {IMPORTS}."
            )
    if re.search(r"\bofsted\b", flat, re.I):
        raise ImportProblem(
            f"This looks like an Ofsted document of a kind the tracker does not import: {IMPORTS}."
        )
    raise ImportProblem(
        "This does not look like an Ofsted monitoring visit letter, focused visit letter, joint "
        "targeted area inspection letter or inspection report: could not find a title such as "
        "'Monitoring visit to … children's services', 'Focused visit to … children's services', "
        "'Joint targeted area inspection of …' or 'Inspection of … local authority children's "
        "services'."
    )


def _has_letter_headings(text: str) -> bool:
    keys = {p.key for p in clean_paragraphs(text) if p.kind == "heading"}
    return bool(keys & {"areas", "findings", "headline"})
