"""Reading an Ofsted ILACS inspection report: dates, lead inspector, judgements and the areas
for improvement ("What needs to improve?").

Reports have used three judgement layouts: 2018–2022 (children in care and care leavers judged
together), 2023 to March 2026 (judged separately) — both with overall effectiveness — and from
April 2026 without overall effectiveness. A grade may share its judgement's line or sit on a line
of its own, and older reports write "Requires improvement" without "to be good".
"""

import re

from . import dates
from .draft import (
    INSPECTION_REPORT,
    LAYOUT_2018,
    LAYOUT_2023,
    LAYOUT_2026,
    Draft,
    DraftArea,
    DraftJudgement,
    EventFacts,
)
from .names import authority_from_title
from .text import clean_lines, normalise, paragraphs


def _phrase(words: str) -> str:
    return r"\s+".join(re.escape(word) for word in words.split())


GRADE = re.compile(
    r"(?P<grade>outstanding|good|requires\s+improvement(?:\s+to\s+be\s+good)?|inadequate)\b", re.I
)
# The judgements, most specific first ("children in care and care leavers" before "children in
# care"), each with the value Judgement.Name uses.
JUDGEMENTS = [
    ("impact_of_leaders", _phrase("The impact of leaders on social work practice with children and families")),
    ("help_and_protection", _phrase("The experiences and progress of children who need help and protection")),
    ("children_in_care_and_care_leavers", _phrase("The experiences and progress of children in care and care leavers")),
    ("children_in_care", _phrase("The experiences and progress of children in care") + r"(?!\s+and\s+care\s+leavers)"),
    ("care_leavers", _phrase("The experiences and progress of care leavers")),
    ("overall_effectiveness", _phrase("Overall effectiveness")),
]  # fmt: skip
_BETWEEN = r"[\s:,\-–—]*"  # what may separate a judgement from its grade: a line break, a colon
JUDGEMENT_ROW = [
    (name, re.compile(rf"\b{phrase}{_BETWEEN}{GRADE.pattern}", re.I)) for name, phrase in JUDGEMENTS
]
GRADES = {
    "outstanding": "outstanding",
    "good": "good",
    "requires improvement": "requires_improvement",
    "requires improvement to be good": "requires_improvement",
    "inadequate": "inadequate",
}
INSPECTION_DATES = re.compile(r"^\s*inspection\s+dates?\s*:?\s*(?P<dates>.+)$", re.I | re.M)
LEAD_INSPECTOR = re.compile(r"^\s*lead\s+inspector\s*:?\s*(?P<name>[^,\n]+)", re.I | re.M)


def looks_like_report(text: str) -> bool:
    raw = normalise(text)
    signs = [
        bool(re.search(r"\binspection\s+of\b.+children[’']?s\s+services", raw, re.I | re.S)),
        bool(INSPECTION_DATES.search(raw)),
        any(pattern.search(raw) for _, pattern in JUDGEMENT_ROW),
        bool(re.search(r"what\s+needs\s+to\s+improve", raw, re.I)),
    ]
    return sum(signs) >= 2


def parse_report(text: str) -> Draft:
    raw = normalise(text)
    lines = clean_lines(text)
    body = "\n".join(lines)
    problems: list[str] = []

    authority = authority_from_title(raw)
    if not authority:
        problems.append(
            "Could not find the local authority's name (such as 'Inspection of Sefton local "
            "authority children's services')."
        )

    fieldwork = None
    if match := INSPECTION_DATES.search(raw):
        fieldwork = dates.parse_date_range(match["dates"])
    if fieldwork is None:
        problems.append(
            "Could not find the inspection dates (a line such as 'Inspection dates: 21 February "
            "to 4 March 2022')."
        )

    lead = ""
    if match := LEAD_INSPECTOR.search(raw):
        lead = re.sub(r"\s+", " ", match["name"]).strip()
    if not lead:
        problems.append(
            "Could not find the lead inspector (a line such as 'Lead inspector: Lisa Summers')."
        )

    judgements, table_end = _judgements(body)
    layout = _layout(judgements)
    if not judgements:
        problems.append(
            "Could not find the judgements (the table of judgements and grades on the first page)."
        )

    areas = [
        DraftArea(ref=number, wording=wording)
        for number, wording in enumerate(_improvements(lines), start=1)
    ]
    if not areas:
        problems.append("Could not find the list under 'What needs to improve?'.")

    event = EventFacts(
        kind="short" if re.search(r"\bshort\s+inspection\b", raw, re.I) else "standard",
        authority_name=authority,
        fieldwork_start=fieldwork.start if fieldwork else None,
        fieldwork_end=fieldwork.end if fieldwork else None,
        published_on=None,
        lead_inspector=lead,
        inspectors=[lead] if lead else [],
        headline_summary=_summary(body, table_end),
        source_reference="Ofsted ILACS inspection report",
    )
    problems.append(
        "Inspection reports do not print their publication date: enter it if you know it."
    )
    return Draft(
        document=INSPECTION_REPORT,
        event=event,
        areas=areas,
        judgements=judgements,
        judgement_layout=layout,
        problems=problems,
    )


def _judgements(body: str) -> tuple[list[DraftJudgement], int]:
    """The judgement table: each judgement's first appearance followed by a grade. Returns the
    judgements in the table's order and where the table ends in `body`."""
    found = []
    for name, pattern in JUDGEMENT_ROW:
        if match := pattern.search(body):
            wording = re.sub(r"\s+", " ", match["grade"]).strip()
            found.append((match.start(), match.end(), name, wording))
    if any(name == "children_in_care_and_care_leavers" for *_, name, _ in found):
        found = [row for row in found if row[2] not in ("children_in_care", "care_leavers")]
    found.sort()
    judgements = [
        DraftJudgement(judgement=name, grade=GRADES[wording.lower()], wording=wording)
        for _, _, name, wording in found
    ]
    # The table is the cluster at the start; its end is where its last row ends.
    end = max((row[1] for row in found), default=0)
    first_rows = [row for row in found if row[0] < (found[0][1] + 1500)] if found else []
    if first_rows:
        end = max(row[1] for row in first_rows)
    return judgements, end


def _layout(judgements: list[DraftJudgement]) -> str:
    names = {j.judgement for j in judgements}
    if "children_in_care_and_care_leavers" in names:
        return LAYOUT_2018
    if names & {"children_in_care", "care_leavers"}:
        return LAYOUT_2023 if "overall_effectiveness" in names else LAYOUT_2026
    return ""


def _summary(body: str, table_end: int) -> str:
    """The first sentence after the judgement table: the report's verdict in a line."""
    if not table_end:
        return ""
    rest = re.sub(r"\s+", " ", body[table_end:]).strip()
    match = re.match(r"(.+?[.?!])(?=\s+[A-Z‘“'\"(]|$)", rest)
    return match.group(1).strip() if match else ""


def _improvements(lines: list[str]) -> list[str]:
    """The items under 'What needs to improve?', word for word."""
    items = paragraphs(lines)
    start = next(
        (i for i, item in enumerate(items) if item.kind == "heading" and item.key == "improve"),
        None,
    )
    if start is None:
        return []
    following = items[start + 1 :]
    if following and following[0].kind in ("bullet", "numbered"):
        found = []
        for item in following:
            if item.kind not in ("bullet", "numbered"):
                break
            found.append(item.text)
        return found
    # A list pasted without its markers: each short paragraph up to the next section is an item.
    found = []
    for item in following:
        if item.kind == "heading" or _is_section_heading(item.text) or len(item.text) > 400:
            break
        found.append(item.text)
    return found


def _is_section_heading(text: str) -> bool:
    return any(re.match(rf"{phrase}", text, re.I) for _, phrase in JUDGEMENTS)
