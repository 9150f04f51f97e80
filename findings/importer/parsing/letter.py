"""Reading an Ofsted ILACS monitoring-visit or focused-visit letter.

The letters share one frame: Ofsted's letterhead and the letter's date; the recipient; a title
("Monitoring visit to Sefton children's services", "Focused visit to Dorset children's
services"); an opening paragraph giving the fieldwork dates (which monitoring visit it was) and
the inspectors; then their sections, and the signature.

A monitoring letter has "Areas covered by the visit" (a list), "Headline findings" and "Findings
and evaluation of progress". A focused-visit letter says what inspectors looked at (its theme),
then has "Overview" (2018 to 2020) or "Headline findings", any "Areas for priority action", "What
needs to improve in this area of social work practice?" (a list) and "Findings" or "Main
findings". Letters of the COVID-19 pandemic open with a paragraph about it and have no overview.
"""

import re

from . import dates
from .draft import FOCUSED_LETTER, MONITORING_LETTER, Draft, DraftArea, DraftFinding, EventFacts
from .names import authority_from_title, inspector_names, signatory
from .polarity import classify
from .text import TERMINAL, Paragraph, clean_lines, framework_reference, normalise, paragraphs

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
    r"^(?:I am copying this letter|Ofsted will take the findings|Yours? (?:sincerely|faithfully)|"
    r"If you have any (?:questions|queries)|This letter will be published)",
    re.I,
)
# Sections of findings, and of lists, that a closing paragraph ends.
BODY_SECTIONS = ("findings", "headline", "areas", "improve", "priority", "strengths", "weaknesses")
# What a focused visit looked at: "Inspectors looked at the local authority's arrangements for
# children in need and those subject to a child protection plan."
LOOKED_AT = re.compile(
    r"\blooked\s+at\s+(?P<what>the\s+local\s+authority[’']?s\s+(?P<topic>[^.]+?))\s*\.(?=\s|$)",
    re.I,
)
ARRANGEMENTS_FOR = re.compile(
    r"^(?:arrangements|services?)\s+(?:for|that\s+(?:considers|receives|deals\s+with|"
    r"responds\s+to))\s+",
    re.I,
)
REFERENCE_LENGTH = 300  # InspectionEvent.source_reference
# The paragraph after the areas covered that says how the visit was done: not an area.
METHOD = re.compile(
    r"^(?:This visit was carried out|A range of evidence|Inspectors (?:reviewed|considered|"
    r"looked at|spoke)|During the visit|The visit was carried out)",
    re.I,
)


def parse_letter(text: str, document: str = MONITORING_LETTER) -> Draft:
    """A monitoring-visit letter's draft, or a focused-visit letter's (`document` FOCUSED_LETTER)."""
    focused = document == FOCUSED_LETTER
    noun = "focused visit" if focused else "monitoring visit"
    raw = normalise(text)
    items = paragraphs(clean_lines(text))
    sections = sections_of(items)
    front = sections.get("front", [])
    problems: list[str] = []

    letter_date = find_letter_date(raw, front)
    if letter_date is None:
        problems.append("Could not find the letter's date (a line such as '25 July 2024').")
    default_year = letter_date.year if letter_date else None

    opening = _opening(front, noun)
    fieldwork = dates.parse_date_range(opening, default_year=default_year) if opening else None
    if fieldwork is None:
        problems.append(
            "Could not find the fieldwork dates (such as 'on 25 and 26 June 2024' in the "
            "opening paragraph)."
        )

    visit_number = None
    if not focused:
        visit_number = _visit_number(opening) or _visit_number(" ".join(p.text for p in front))
        if visit_number is None:
            problems.append(
                "Could not find which monitoring visit this was (such as 'the sixth monitoring "
                "visit')."
            )

    authority = authority_from_title(raw)
    if not authority:
        title = "Focused visit to Dorset" if focused else "Monitoring visit to Sefton"
        problems.append(
            f"Could not find the local authority's name (such as '{title} children's services')."
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
    inspectors = [lead, *(name for name in inspectors if name != lead)] if lead else inspectors

    if focused:
        priority = list_items(sections.get("priority", []))
        improve = list_items(sections.get("improve", []))
        listed = [(wording, True) for wording in priority] + [(w, False) for w in improve]
        areas = [
            DraftArea(
                ref=number,
                wording=framework_reference(wording)[0],
                framework_reference=framework_reference(wording)[1],
                priority_action=is_priority,
            )
            for number, (wording, is_priority) in enumerate(listed, start=1)
        ]
        if not areas:
            problems.append(
                "Could not find the list under 'What needs to improve in this area of social "
                "work practice?'."
            )
    else:
        areas = [
            DraftArea(ref=number, wording=wording)
            for number, wording in enumerate(_areas(sections.get("areas", [])), start=1)
        ]
        if not areas:
            problems.append("Could not find the areas covered by the visit (the list under "
                            "'Areas covered by the visit').")  # fmt: skip

    findings = []
    for section, key in (("headline", "headline"), ("findings", "findings")):
        findings += [
            DraftFinding(section=section, paragraph=n, text=t, polarity=classify(t))
            for n, t in enumerate(body_paragraphs(sections.get(key, [])), start=1)
        ]
    if "findings" not in sections:
        problems.append(
            "Could not find the 'Main findings' section of the letter."
            if focused
            else "Could not find the 'Findings and evaluation of progress' section of the letter."
        )
    if "headline" not in sections and not focused:
        problems.append("Could not find the 'Headline findings' section of the letter.")

    looked_at = LOOKED_AT.search(" ".join(p.text for p in front)) if focused else None
    theme = ARRANGEMENTS_FOR.sub("", looked_at["topic"]) if looked_at else ""
    label = f"Ofsted {noun} letter"
    reference = f"{label}, {written(letter_date)}" if letter_date else label
    if looked_at:
        reference = shortened(f"{reference}: {looked_at['what']}", REFERENCE_LENGTH)

    headline = [f for f in findings if f.section == "headline"]
    event = EventFacts(
        kind="focused" if focused else "monitoring",
        authority_name=authority,
        visit_number=visit_number,
        fieldwork_start=fieldwork.start if fieldwork else None,
        fieldwork_end=fieldwork.end if fieldwork else None,
        published_on=letter_date,
        lead_inspector=lead,
        inspectors=inspectors,
        headline_summary=first_sentence(headline[0].text) if headline else "",
        source_reference=reference,
        theme=theme,
    )
    return Draft(document=document, event=event, areas=areas, findings=findings, problems=problems)


def sections_of(items: list[Paragraph]) -> dict[str, list[Paragraph]]:
    """The letter's paragraphs by section: 'front' before the first heading, then one list per
    heading key. A closing paragraph ('I am copying this letter…') starts the 'closing' section;
    a case study ('case_study') ends at the next heading or numbered paragraph."""
    sections: dict[str, list[Paragraph]] = {"front": []}
    current = previous = "front"
    for item in items:
        if item.kind == "heading":
            current, previous = item.key, current
            sections.setdefault(current, [])
            continue
        if current == "case_study" and item.kind == "numbered":
            # A case study is a box among numbered findings, which go on after it.
            current = previous
        if current in BODY_SECTIONS and CLOSING.match(item.text):
            current = "closing"
            sections.setdefault(current, [])
        sections[current].append(item)
    return sections


def find_letter_date(raw: str, front: list[Paragraph]):
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


def _opening(front: list[Paragraph], noun: str = "monitoring visit") -> str:
    """The paragraph that says when the visit was and who made it."""
    for item in front:
        lowered = item.text.lower()
        if noun in lowered and dates.DATE.search(item.text) and len(item.text) > 80:
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


def list_items(items: list[Paragraph]) -> list[str]:
    """The items of a list (what needs to improve, areas for priority action): its bullets or
    numbered items; without markers, its short paragraphs but an introduction ending ':'."""
    marked = [item.text for item in items if item.kind in ("bullet", "numbered")]
    if marked:
        return marked
    return [
        item.text
        for item in items
        if item.kind == "text" and len(item.text) <= 400 and not item.text.rstrip().endswith(":")
    ]


def body_paragraphs(items: list[Paragraph]) -> list[str]:
    """A section's paragraphs, each a finding, without the sub-headings between them."""
    return [
        item.text
        for item in items
        if item.kind != "heading" and item.text.strip() and not is_subheading(item)
    ]


def is_subheading(item: Paragraph) -> bool:
    """A short line of text that ends no sentence: a sub-heading ("Multi-agency strengths")."""
    return item.kind == "text" and len(item.text) < 100 and not TERMINAL.search(item.text)


def first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.?!])(?:\s+(?=[A-Z‘“'\"(])|$)", text.strip())
    return match.group(1) if match else text.strip()


def written(day) -> str:
    return f"{day.day} {day:%B %Y}"


def shortened(text: str, length: int) -> str:
    """The text, cut at a word to fit `length` characters (with an ellipsis) if it is longer."""
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
