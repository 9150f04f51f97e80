"""Reading a joint targeted area inspection (JTAI) letter.

The letter is addressed to the area's safeguarding partners and signed by the chief inspectors
of the inspectorates that took part (Ofsted, the Care Quality Commission, HM Inspectorate of
Constabulary and Fire & Rescue Services, HM Inspectorate of Probation). Its title names the
theme and the area ("Joint targeted area inspection of the multi-agency response to children's
mental health in Bexley"); since 2023 the title names the area only ("Joint targeted area
inspection of Bedford") and the opening sentence gives the theme. The opening gives the dates
and the inspectorates. Letters until 2022 then summarise their findings, list "Key strengths"
and "Areas for improvement"; since 2023 they have "Headline findings", "What needs to
improve?", "Strengths" and "Main findings". Case studies tell one child's story: no findings.
"""

import re

from . import dates
from .draft import JTAI_LETTER, Draft, DraftArea, DraftFinding, EventFacts
from .letter import (
    REFERENCE_LENGTH,
    body_paragraphs,
    find_letter_date,
    first_sentence,
    list_items,
    sections_of,
    shortened,
    written,
)
from .names import NAME
from .polarity import classify
from .text import Paragraph, clean_lines, normalise, paragraphs

TITLE = re.compile(
    r"^joint\s+targeted\s+area\s+inspection\s+(?:\(JTAI\)\s+)?(?:of|in)\s+(?:the\s+)?"
    r"(?:multi-agency\s+response\s+to\s+(?P<theme>.+)\s+in\s+)?(?P<area>.+?)\.?$",
    re.I,
)
RESPONSE_TO = r"multi-agency\s+response\s+to\s+(?P<theme>.+?)\s+in\s+(?:the\s+)?"
# The inspectorates, as the letters name them, and as the event's source names them.
AGENCIES = [
    ("Ofsted", "Ofsted", re.compile(r"\bOfsted\b")),
    ("Care Quality Commission", "CQC", re.compile(r"Care\s+Quality\s+Commission|\bCQC\b")),
    (
        "HM Inspectorate of Constabulary and Fire & Rescue Services",
        "HMICFRS",
        re.compile(r"\bHMI\s*Constabulary|Inspectorate\s+of\s+Constabulary|\bHMICF?R?S?\b"),
    ),
    (
        "HM Inspectorate of Probation",
        "HMI Probation",
        re.compile(r"Inspectorate\s+of\s+Probation|\bHMI\s*Prob\b|\bHMI\s+Probation\b|\bHMIP\b"),
    ),
]
SHORT_NAMES = {name: short for name, short, _ in AGENCIES}
# The paragraphs that say what the inspection was, not what it found.
ABOUT_THE_INSPECTION = re.compile(
    r"^(?:This\s+letter|This\s+(?:JTAI|joint\s+targeted|inspection)|The\s+JTAI|Between\s|"
    r"It\s+was\s+carried\s+out|Alongside\s+this)",
    re.I,
)
# Cells of the signature block that are not a signatory's name: inspectorates and roles.
NOT_A_SIGNATORY = re.compile(
    r"\b(?:Ofsted|Care|Quality|Commission|Director|Chief|Inspector|Inspectorate|Deputy|"
    r"Assistant|National|HMI|HM|Probation|Constabulary|Services|Social|Regulation|Fire|Rescue|"
    r"Police|Hospitals|Medical|Primary|Interim|Majesty[’']s|Council|Partnership)\b"
)
HONORIFIC = re.compile(r"^(?:Dr|Mr|Mrs|Ms|Miss|Professor|Prof|Sir|Dame)\.?\s+")
# Letters after a name (degrees, honours): two capitals or more ("BSc", "FRCA", "CBE").
POSTNOMINAL = re.compile(r"^[A-Z][A-Za-z]*[A-Z][A-Za-z]*$")


def parse_jtai(text: str) -> Draft:
    raw = normalise(text)
    items = paragraphs(clean_lines(text))
    sections = sections_of(items)
    front = sections.get("front", [])
    problems: list[str] = []

    letter_date = find_letter_date(raw, front)
    if letter_date is None:
        problems.append("Could not find the letter's date (a line such as '31 March 2023').")

    title_at = next((i for i, item in enumerate(front) if TITLE.match(item.text)), None)
    title = TITLE.match(front[title_at].text) if title_at is not None else None
    area = _area_name(title["area"]) if title else ""
    if not area:
        problems.append(
            "Could not find the area's name (such as 'Joint targeted area inspection of the "
            "multi-agency response to children's mental health in Bexley')."
        )
    after_title = front[title_at + 1 :] if title_at is not None else front
    opening = " ".join(item.text for item in after_title[:3])

    theme = title["theme"] if title and title["theme"] else ""
    in_area = re.search(RESPONSE_TO + re.escape(area), opening, re.I) if area else None
    if not theme and in_area:
        theme = in_area["theme"]
    if not theme:
        problems.append(
            "Could not find the inspection's theme (such as 'the multi-agency response to "
            "children's mental health')."
        )

    default_year = letter_date.year if letter_date else None
    fieldwork = next(
        (
            found
            for item in after_title[:4]
            if dates.DATE.search(item.text)
            and (found := dates.parse_date_range(item.text, default_year=default_year))
        ),
        None,
    )
    if fieldwork is None:
        problems.append(
            "Could not find the inspection's dates (such as 'Between 20 and 24 January 2020')."
        )

    agencies = _agencies(opening)
    signed_by = signatories(text)
    problems.append(
        "Joint targeted area inspection letters name no lead inspector: the inspectors given "
        "are the chief inspectors who signed the letter."
    )

    areas = [
        DraftArea(ref=number, wording=wording)
        for number, wording in enumerate(list_items(sections.get("improve", [])), start=1)
    ]
    headline = (
        body_paragraphs(sections["headline"]) if "headline" in sections else _summary(after_title)
    )
    found = body_paragraphs(
        [item for key in ("strengths", "findings", "weaknesses") for item in sections.get(key, [])]
    )
    findings = [
        DraftFinding(section=section, paragraph=number, text=text, polarity=classify(text))
        for section, texts in (("headline", headline), ("findings", found))
        for number, text in enumerate(texts, start=1)
    ]

    label = "Ofsted joint targeted area inspection letter"
    reference = f"{label}, {written(letter_date)}" if letter_date else label
    if theme:
        inspectorates = ", ".join(SHORT_NAMES[name] for name in agencies)
        reference += f": the multi-agency response to {theme}"
        reference += f" ({inspectorates})" if inspectorates else ""
    event = EventFacts(
        kind="jtai",
        authority_name=area,
        fieldwork_start=fieldwork.start if fieldwork else None,
        fieldwork_end=fieldwork.end if fieldwork else None,
        published_on=letter_date,
        lead_inspector="",
        inspectors=signed_by,
        headline_summary=first_sentence(headline[0]) if headline else "",
        source_reference=shortened(reference, REFERENCE_LENGTH),
        theme=theme,
        agencies=agencies,
    )
    return Draft(
        document=JTAI_LETTER, event=event, areas=areas, findings=findings, problems=problems
    )


def _area_name(text: str) -> str:
    # A title run together with the opening sentence ends where that sentence begins.
    name = re.split(r"\s+(?:Between|This|From|On|During)\s|\.", text, maxsplit=1)[0]
    return name.strip(" ,")


def _agencies(opening: str) -> list[str]:
    """The inspectorates the opening names, in its order."""
    found = [
        (match.start(), name) for name, _, pattern in AGENCIES if (match := pattern.search(opening))
    ]
    return [name for _, name in sorted(found)]


def _summary(after_title: list[Paragraph]) -> list[str]:
    """A letter without "Headline findings" summarises them before its first heading, after the
    paragraphs about the inspection itself."""
    texts = body_paragraphs(after_title)
    last_about = max(
        (i for i, text in enumerate(texts) if ABOUT_THE_INSPECTION.match(text)), default=-1
    )
    return texts[last_about + 1 :]


def signatories(text: str) -> list[str]:
    """The names signing the letter, as its signature block sets them out (in columns, one
    inspectorate's signatory to a cell), after 'Yours sincerely'."""
    lines = normalise_keeping_gaps(text).split("\n")
    start = max(
        (i for i, line in enumerate(lines) if re.match(r"\s*yours?\s+sincerely", line, re.I)),
        default=None,
    )
    if start is None:
        return []
    names: list[str] = []
    for line in lines[start + 1 :]:
        for cell in re.split(r"\s{2,}", line.strip()):
            name = _signatory_name(cell)
            if name and name not in names:
                names.append(name)
    return names


def _signatory_name(cell: str) -> str:
    cell = HONORIFIC.sub("", cell.split(",")[0].strip())
    words = cell.split()
    while len(words) > 2 and POSTNOMINAL.match(words[-1]):
        words.pop()
    name = " ".join(words)
    if not NAME.match(name) or NOT_A_SIGNATORY.search(name):
        return ""
    return name


def normalise_keeping_gaps(text: str) -> str:
    """The text with page breaks as line breaks, keeping the spaces inside lines (the gaps
    between a signature block's columns)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\t", "  ")
