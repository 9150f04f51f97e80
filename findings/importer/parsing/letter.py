"""Reading an Ofsted ILACS monitoring-visit letter.

The letters share one structure: Ofsted's letterhead and the letter's date; the recipient; a
title ("Monitoring visit to Sefton children's services"); an opening paragraph giving the
fieldwork dates, which monitoring visit it was and the inspectors; "Areas covered by the visit"
(a list); "Headline findings"; "Findings and evaluation of progress"; and the signature.
"""

import re

from . import dates
from .draft import MONITORING_LETTER, Draft, DraftArea, DraftFinding, EventFacts
from .names import authority_from_title, inspector_names, signatory
from .polarity import classify
from .text import Paragraph, clean_lines, normalise, paragraphs

ORDINAL_WORDS = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth",
]  # fmt: skip
VISIT_NUMBER = re.compile(
    r"\b(?P<ordinal>" + "|".join(ORDINAL_WORDS) + r"|\d{1,2}(?:st|nd|rd|th))\s+monitoring\s+visit",
    re.I,
)
DATE_LINE = re.compile(
    r"^(?:date[:\s]+)?(?:\w+day,?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\.?,?\s+\d{4}\.?$"
)
# Paragraphs that close a letter rather than report a finding.
CLOSING = re.compile(
    r"^(?:I am copying this letter|Ofsted will take the findings|Yours (?:sincerely|faithfully)|"
    r"If you have any (?:questions|queries)|This letter will be published)",
    re.I,
)
# The paragraph after the areas covered that says how the visit was done: not an area.
METHOD = re.compile(
    r"^(?:This visit was carried out|A range of evidence|Inspectors (?:reviewed|considered|"
    r"looked at|spoke)|During the visit|The visit was carried out)",
    re.I,
)


def looks_like_letter(text: str) -> bool:
    keys = {p.key for p in paragraphs(clean_lines(text)) if p.kind == "heading"}
    return bool(re.search(r"monitoring\s+visit", text, re.I)) and bool(
        keys & {"areas", "findings", "headline"}
    )


def parse_letter(text: str) -> Draft:
    raw = normalise(text)
    items = paragraphs(clean_lines(text))
    sections = _sections(items)
    front = sections.get("front", [])
    problems: list[str] = []

    letter_date = _letter_date(raw, front)
    if letter_date is None:
        problems.append("Could not find the letter's date (a line such as '25 July 2024').")
    default_year = letter_date.year if letter_date else None

    opening = _opening(front)
    fieldwork = dates.parse_date_range(opening, default_year=default_year) if opening else None
    if fieldwork is None:
        problems.append(
            "Could not find the fieldwork dates (such as 'on 25 and 26 June 2024' in the "
            "opening paragraph)."
        )

    visit_number = _visit_number(opening) or _visit_number(" ".join(p.text for p in front))
    if visit_number is None:
        problems.append(
            "Could not find which monitoring visit this was (such as 'the sixth monitoring visit')."
        )

    authority = authority_from_title(raw)
    if not authority:
        problems.append(
            "Could not find the local authority's name (such as 'Monitoring visit to Sefton "
            "children's services')."
        )

    inspectors = inspector_names(opening)
    signed_by = signatory(sections.get("closing", []))
    if not inspectors:
        inspectors = [signed_by] if signed_by else []
    if not inspectors:
        problems.append(
            "Could not find the inspectors' names (such as 'His Majesty's Inspectors for this "
            "visit were …')."
        )
    lead = signed_by if signed_by in inspectors else (inspectors[0] if inspectors else "")

    areas = [
        DraftArea(ref=number, wording=wording)
        for number, wording in enumerate(_areas(sections.get("areas", [])), start=1)
    ]
    if not areas:
        problems.append("Could not find the areas covered by the visit (the list under 'Areas "
                        "covered by the visit').")  # fmt: skip

    findings = []
    for section, key in (("headline", "headline"), ("findings", "findings")):
        body = _body(sections.get(key, []))
        findings += [
            DraftFinding(section=section, paragraph=n, text=t, polarity=classify(t))
            for n, t in enumerate(body, start=1)
        ]
    if "findings" not in sections:
        problems.append(
            "Could not find the 'Findings and evaluation of progress' section of the letter."
        )
    if "headline" not in sections:
        problems.append("Could not find the 'Headline findings' section of the letter.")

    headline = [f for f in findings if f.section == "headline"]
    event = EventFacts(
        kind="monitoring",
        authority_name=authority,
        visit_number=visit_number,
        fieldwork_start=fieldwork.start if fieldwork else None,
        fieldwork_end=fieldwork.end if fieldwork else None,
        published_on=letter_date,
        lead_inspector=lead,
        inspectors=inspectors,
        headline_summary=_first_sentence(headline[0].text) if headline else "",
        source_reference=(
            f"Ofsted monitoring visit letter, {_written(letter_date)}"
            if letter_date
            else "Ofsted monitoring visit letter"
        ),
    )
    return Draft(
        document=MONITORING_LETTER, event=event, areas=areas, findings=findings, problems=problems
    )


def _sections(items: list[Paragraph]) -> dict[str, list[Paragraph]]:
    """The letter's paragraphs by section: 'front' before the first heading, then one list per
    heading key. A closing paragraph ('I am copying this letter…') starts the 'closing' section."""
    sections: dict[str, list[Paragraph]] = {"front": []}
    current = "front"
    for item in items:
        if item.kind == "heading":
            current = item.key
            sections.setdefault(current, [])
            continue
        if current in ("findings", "headline", "areas") and CLOSING.match(item.text):
            current = "closing"
            sections.setdefault(current, [])
        sections[current].append(item)
    return sections


def _letter_date(raw: str, front: list[Paragraph]):
    for line in raw.split("\n"):
        line = line.strip()
        if line.lower().startswith(("dear ", "this letter")):
            break
        if DATE_LINE.match(line):
            found = dates.parse_date(line)
            if found:
                return found
    # Otherwise the first date in a short paragraph before the opening one.
    for item in front:
        if item.text.lower().startswith(("dear ", "this letter")):
            break
        if len(item.text) < 200 and (found := dates.parse_date(item.text)):
            return found
    return None


def _opening(front: list[Paragraph]) -> str:
    """The paragraph that says when the visit was and who made it."""
    for item in front:
        lowered = item.text.lower()
        if "monitoring visit" in lowered and dates.DATE.search(item.text) and len(item.text) > 80:
            return item.text
    for item in front:
        if item.text.lower().startswith("this letter"):
            return item.text
    return ""


def _visit_number(text: str) -> int | None:
    match = VISIT_NUMBER.search(text or "")
    if not match:
        return None
    ordinal = match["ordinal"].lower()
    if ordinal in ORDINAL_WORDS:
        return ORDINAL_WORDS.index(ordinal) + 1
    return int(re.match(r"\d+", ordinal).group())


def _areas(items: list[Paragraph]) -> list[str]:
    bullets = [item.text for item in items if item.kind in ("bullet", "numbered")]
    if bullets:
        return bullets
    # Without list markers: the short paragraphs after the introduction ('… following areas …:')
    # and before the paragraph about how the visit was done.
    found, started = [], False
    for item in items:
        if METHOD.match(item.text) and started:
            break
        if not started:
            started = item.text.rstrip().endswith(":")
            continue
        if len(item.text) <= 300:
            found.append(item.text)
    return found


def _body(items: list[Paragraph]) -> list[str]:
    return [item.text for item in items if item.kind != "heading" and item.text.strip()]


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.?!])(?:\s+(?=[A-Z‘“'\"(])|$)", text.strip())
    return match.group(1) if match else text.strip()


def _written(day) -> str:
    return f"{day.day} {day:%B %Y}"
