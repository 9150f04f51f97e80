"""Reading an Ofsted inspection report of local authority children's services: ILACS (from 2018)
or the single inspection framework (SIF, 2013 to 2017) before it.

ILACS reports have used three judgement layouts: 2018–2022 (children in care and care leavers
judged together), 2023 to March 2026 (judged separately) — both with overall effectiveness — and
from April 2026 without overall effectiveness. Their first page gives the inspection dates, the
lead inspector and the judgement table; a summary follows, then "What needs to improve?" (whose
items may cite the national framework: "(outcome 3, national framework)") and the numbered
paragraphs of findings under each judgement.

SIF reports print the publication date and the whole inspection team (on their last pages),
give the overall judgement as a sentence ("Children's services in Wolverhampton are good") above
a table of judgements with names of their own, summarise in an "Executive summary" (or "Summary
of findings"), list "Recommendations" (or "What does the local authority need to improve?") and
then number their findings. The review of the local safeguarding children board, printed with
them, is not the authority's and is left out.

The judgement table comes in three shapes: as pasted (a grade after its judgement, on the same
line or the next), or as laid out on the page, with the grade in a column to the right of the
judgement's first line ("Requires improvement" there and "to be good" below it).
"""

import re
from dataclasses import dataclass

from . import dates
from .draft import (
    INSPECTION_REPORT,
    LAYOUT_2018,
    LAYOUT_2023,
    LAYOUT_2026,
    LAYOUT_SIF,
    Draft,
    DraftArea,
    DraftFinding,
    DraftJudgement,
    EventFacts,
)
from .letter import first_sentence, is_subheading, written
from .names import NAME, ROLE, authority_from_title
from .polarity import classify
from .text import (
    TERMINAL,
    Paragraph,
    clean_lines,
    framework_reference,
    heading_key,
    normalise,
    paragraphs,
)

_GRADE = r"outstanding|good|requires?\s+improvement(?:\s+to\s+be\s+good)?|inadequate"
GRADE = re.compile(rf"(?P<grade>{_GRADE})\b", re.I)
GRADES = {
    "outstanding": "outstanding",
    "good": "good",
    "requires improvement": "requires_improvement",
    "requires improvement to be good": "requires_improvement",
    "require improvement": "requires_improvement",
    "require improvement to be good": "requires_improvement",
    "inadequate": "inadequate",
}
# A grade in a column to the right of its judgement, after a gap: "… social work      Good".
COLUMN_GRADE = re.compile(rf"^(?P<left>.*?)\s{{2,}}(?P<grade>{_GRADE}|to\s+be\s+good)\s*$", re.I)
WHOLE_GRADE = re.compile(rf"^(?P<grade>{_GRADE}|to\s+be\s+good)$", re.I)
TRAILING_GRADE = re.compile(rf"^(?P<left>.*\S)\s+(?P<grade>{_GRADE})$", re.I)
# How a judgement's row begins (after any number: "2.1 Adoption performance").
ROW_NUMBER = re.compile(r"^\d(?:\.\d)?\.?\s+")
ROW_START = re.compile(
    r"^(?:the\s+impact\s+of\s+leaders|the\s+experiences\s+and\s+progress|overall\s+effectiveness|"
    r"children\s+who\s+need\s+help|children\s+looked\s+after|adoption\s+performance|"
    r"experiences\s+and\s+progress|leadership,?\s+management)",
    re.I,
)
TABLE_WITHIN = 120  # lines: the table is on the first page
HEADER = ("judgement grade", "judgement", "grade")
SIF_TITLE = re.compile(
    r"inspection\s+of\s+services\s+for\s+children\s+in\s+need\s+of\s+help\s+and\s+protection|"
    r"children\s+looked\s+after\s+and\s+achieving\s+permanence",
    re.I,
)
SIF_OVERALL = re.compile(
    r"(?:the\s+overall\s+judgement\s+is\s+that\s+children[’']?s\s+services|children[’']?s\s+"
    rf"services\s+in\s+[^.]{{1,80}}?)\s+(?:are\s+|is\s+)?(?P<grade>{_GRADE})\b",
    re.I,
)
INSPECTION_DATES = re.compile(r"^\s*inspection\s+dates?\s*:?\s*(?P<dates>.+)$", re.I | re.M)
PUBLISHED = re.compile(r"^\s*report\s+published\s*:?\s*(?P<date>.+)$", re.I | re.M)
LEAD_INSPECTOR = re.compile(r"^\s*lead\s+inspector\s*:?\s*(?P<name>[^,\n]+)", re.I | re.M)
# A SIF report's inspection team: "Deputy lead inspector: …", "Team inspectors: A, B and C".
TEAM = re.compile(r"^(?:deputy\s+lead\s+inspector|team\s+inspectors?)\s*:\s*(?P<names>.*)$", re.I)
LABEL = re.compile(r"^[A-Z][\w ]{2,40}:\s")
# A judgement's heading run into the end of the paragraph before it (text pasted without blank
# lines): "… in a timely way. The experiences and progress of care leavers: good".
SECTION_HEADING = re.compile(
    rf"\s+(?:the\s+experiences\s+and\s+progress\s+of|the\s+impact\s+of\s+leaders)[^.]*?:?\s*"
    rf"(?:{_GRADE})\s*$",
    re.I,
)
LSCB = re.compile(r"^(?:the\s+)?local\s+safeguarding\s+children\s+board\b", re.I)


@dataclass
class Row:
    label: str
    grade: str = ""


def parse_report(text: str) -> Draft:
    raw = normalise(text)
    lines = clean_lines(text)
    problems: list[str] = []
    sif = bool(SIF_TITLE.search(re.sub(r"\s+", " ", raw[:3000])))

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
    published = None
    if match := PUBLISHED.search(raw):
        published = dates.parse_date(match["date"])

    lead = ""
    if match := LEAD_INSPECTOR.search(raw):
        lead = _person(match["name"])
    if not lead:
        problems.append(
            "Could not find the lead inspector (a line such as 'Lead inspector: Lisa Summers')."
        )
    inspectors = [lead] if lead else []
    inspectors += [name for name in _team(lines) if name not in inspectors]

    rows, table_end = read_table(text)
    judgements = _judgements(rows, sif=sif, raw=raw)
    layout = _layout(judgements)
    if not judgements:
        problems.append(
            "Could not find the judgements (the table of judgements and grades on the first page)."
        )

    items = paragraphs(lines)
    listed, list_end = _recommendations(items) if sif else _improvements(items)
    areas = [
        DraftArea(ref=number, wording=wording, framework_reference=reference)
        for number, (wording, reference) in enumerate(map(framework_reference, listed), start=1)
    ]
    if not areas:
        problems.append(
            "Could not find the list under 'Recommendations'."
            if sif
            else "Could not find the list under 'What needs to improve?'."
        )

    headline = _executive_summary(items) if sif else _summary(lines, table_end)
    report = _numbered_findings(items[list_end:]) if list_end is not None else []
    findings = [
        DraftFinding(section="headline", paragraph=number, text=text, polarity=classify(text))
        for number, text in enumerate(headline, start=1)
    ] + [
        DraftFinding(section="report", paragraph=number, text=text, polarity=classify(text))
        for number, text in report
    ]

    if sif:
        reference = "Ofsted inspection report (single inspection framework)"
        reference += f", published {written(published)}" if published else ""
    else:
        reference = "Ofsted ILACS inspection report"
    event = EventFacts(
        kind="short" if re.search(r"\bshort\s+inspection\b", raw[:600], re.I) else "standard",
        authority_name=authority,
        fieldwork_start=fieldwork.start if fieldwork else None,
        fieldwork_end=fieldwork.end if fieldwork else None,
        published_on=published,
        lead_inspector=lead,
        inspectors=inspectors,
        headline_summary=first_sentence(headline[0]) if headline else "",
        source_reference=reference,
    )
    if published is None:
        problems.append(
            "Inspection reports do not print their publication date: enter it if you know it."
        )
    return Draft(
        document=INSPECTION_REPORT,
        event=event,
        areas=areas,
        findings=findings,
        judgements=judgements,
        judgement_layout=layout,
        problems=problems,
    )


# The judgement table.


def read_table(text: str) -> tuple[list[Row], int]:
    """The judgement table's rows, each a judgement's words and its grade as printed, and the
    index of the line after the table (in the document's lines, as clean_lines gives them)."""
    lines = _lines_keeping_gaps(text)[: TABLE_WITHIN * 3]
    in_columns = any(
        (match := COLUMN_GRADE.match(line)) and ROW_START.match(_label(match["left"]))
        for line in lines
    )
    return _rows_in_columns(lines) if in_columns else _rows_as_pasted(lines)


def _rows_in_columns(lines: list[str]) -> tuple[list[Row], int]:
    """A table laid out as on the page: a grade beside its judgement's first line ("Requires
    improvement", with "to be good" beside the second), the judgement's words running on below."""
    rows: list[Row] = []
    end = 0
    for index, line in enumerate(lines):
        words = _label(line)
        if not words or words.lower() in HEADER:
            continue
        column = COLUMN_GRADE.match(line)
        if rows and not column and _is_prose(words):
            break
        if rows and not column and words.lower() == "to be good":  # the grade's second line
            column = COLUMN_GRADE.match(f"  {words}")
        if column:
            left, grade = _label(column["left"]), _words(column["grade"])
            if grade.lower() == "to be good" and rows:
                rows[-1].grade += " to be good"
                rows[-1].label += f" {left}" if left else ""
            elif ROW_START.match(left):
                rows.append(Row(left, grade))
            else:
                continue
            end = index + 1
        elif rows and index - end < 3:  # the rest of the judgement's words
            rows[-1].label += " " + words
            end = index + 1
    return rows, end


def _rows_as_pasted(lines: list[str]) -> tuple[list[Row], int]:
    """A table as pasted, or as a PDF's text in reading order: each judgement's words, then its
    grade, on the same line or the next ("Requires improvement" then "to be good")."""
    rows: list[Row] = []
    label: list[str] = []  # the words of a judgement not yet given its grade
    end = 0
    for index, line in enumerate(lines):
        words = _label(line)
        if not words or words.lower() in HEADER:
            continue
        row = _row_ending_in_a_grade(label, words)
        if rows and not row and _is_prose(words):
            break
        if whole := WHOLE_GRADE.match(words):
            grade = _words(whole["grade"])
            if grade.lower() == "to be good" and rows:
                rows[-1].grade += " to be good"
            elif label:
                rows.append(Row(" ".join(label), grade))
            label = []
            end = index + 1
        elif row:
            rows.append(row)
            label = []
            end = index + 1
        else:
            label = [words] if ROW_START.match(words) else [*label, words]
            if len(" ".join(label)) > 200:
                label = []
    return rows, end


def _row_ending_in_a_grade(label: list[str], line: str) -> Row | None:
    """A row whose last line ends with its grade: 'Overall effectiveness Inadequate'."""
    if not (match := TRAILING_GRADE.match(line)):
        return None
    left = match["left"]
    words = left if ROW_START.match(left) else " ".join([*label, left])
    return Row(words, _words(match["grade"])) if ROW_START.match(words) else None


def _lines_keeping_gaps(text: str) -> list[str]:
    """The document's lines, one for one with normalise()'s, keeping the gaps inside them."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n\n")
    text = re.sub(r"[\t\u00a0\u2000-\u200a\u202f\u3000]", " ", text)
    return [line.rstrip() for line in text.split("\n")]


def _label(text: str) -> str:
    return ROW_NUMBER.sub("", _words(text))


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _is_prose(text: str) -> bool:
    """A line of the summary below the table, not a judgement's words."""
    return len(text) > 75 or (len(text) > 40 and bool(TERMINAL.search(text)))


def _judgement_of(label: str, *, sif: bool) -> str:
    words = label.lower().replace("’", "'")
    if "overall effectiveness" in words:
        return "overall_effectiveness"
    if sif:
        for phrase, name in (
            ("adoption", "sif_adoption_performance"),
            ("care leavers", "sif_care_leavers"),
            ("looked after", "sif_looked_after_and_permanence"),
            ("leadership", "sif_leadership_management_governance"),
            ("help and protection", "sif_help_and_protection"),
        ):
            if phrase in words:
                return name
        return ""
    if "impact of leaders" in words:
        return "impact_of_leaders"
    if "help and protection" in words:
        return "help_and_protection"
    if "care leavers" in words:
        together = re.search(r"in\s+care\s+and\s+care\s+leavers", words)
        return "children_in_care_and_care_leavers" if together else "care_leavers"
    if "in care" in words:
        return "children_in_care"
    return ""


def _judgements(rows: list[Row], *, sif: bool, raw: str) -> list[DraftJudgement]:
    found: dict[str, DraftJudgement] = {}
    if sif and (overall := SIF_OVERALL.search(re.sub(r"\s+", " ", raw[:3000]))):
        found["overall_effectiveness"] = _judgement("overall_effectiveness", overall["grade"])
    for row in rows:
        name = _judgement_of(row.label, sif=sif)
        if name and name not in found and row.grade.lower() in GRADES:
            found[name] = _judgement(name, row.grade)
    return list(found.values())


def _judgement(name: str, grade: str) -> DraftJudgement:
    wording = _words(grade)
    wording = wording[:1].upper() + wording[1:]
    return DraftJudgement(judgement=name, grade=GRADES[wording.lower()], wording=wording)


def _layout(judgements: list[DraftJudgement]) -> str:
    names = {j.judgement for j in judgements}
    if any(name.startswith("sif_") for name in names):
        return LAYOUT_SIF
    if "children_in_care_and_care_leavers" in names:
        return LAYOUT_2018
    if names & {"children_in_care", "care_leavers"}:
        return LAYOUT_2023 if "overall_effectiveness" in names else LAYOUT_2026
    return ""


# People.


def _person(text: str) -> str:
    name = re.sub(r"\(.*?\)", " ", ROLE.sub(" ", text))
    return re.sub(r"\s+", " ", name).strip(" ,;:")


def _team(lines: list[str]) -> list[str]:
    """A SIF report's deputy lead and team inspectors, in its order."""
    names: list[str] = []
    for index, line in enumerate(lines):
        if not (match := TEAM.match(line)):
            continue
        text = match["names"]
        for following in lines[index + 1 : index + 4]:
            if not following or LABEL.match(following):
                break
            text += " " + following
        for part in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", text):
            name = _person(part)
            if NAME.match(name) and name not in names:
                names.append(name)
    return names


# Lists of what needs to improve.


def _improvements(items: list[Paragraph]) -> tuple[list[str], int | None]:
    """The items under 'What needs to improve?', word for word, and where the list ends."""
    start = next(
        (i for i, item in enumerate(items) if item.kind == "heading" and item.key == "improve"),
        None,
    )
    if start is None:
        return [], None
    found, end = [], start + 1
    first = items[start + 1].kind if start + 1 < len(items) else ""
    marked = first in ("bullet", "numbered")
    for index in range(start + 1, len(items)):
        item = items[index]
        if marked and item.kind != first:
            break
        # A list pasted without its markers: each short paragraph up to the next section.
        if not marked and (
            item.kind == "heading" or _is_section_heading(item.text) or len(item.text) > 400
        ):
            break
        found.append(item.text)
        end = index + 1
    return found, end


def _is_section_heading(text: str) -> bool:
    return bool(
        re.match(
            r"(?:the\s+experiences\s+and\s+progress\s+of|the\s+impact\s+of\s+leaders)", text, re.I
        )
    )


def _recommendations(items: list[Paragraph]) -> tuple[list[str], int | None]:
    """A SIF report's recommendations: the items numbered from 1 after its first
    'Recommendations' (or 'What does the local authority need to improve?'), through the
    sub-headings between them ('Priority and immediate action', 'Areas for improvement')."""
    for start, item in enumerate(items):
        if item.kind != "heading" or item.key != "recommendations":
            continue
        found: list[str] = []
        end = start + 1
        points = False  # the last item introduced points: "Improve … plans by:"
        for index in range(start + 1, len(items)):
            following = items[index]
            if following.kind == "numbered" and following.number == len(found) + 1:
                found.append(following.text)
                end = index + 1
                points = following.text.rstrip().endswith(":")
            elif following.kind == "bullet" and points:
                found[-1] += " " + following.text
                end = index + 1
            elif is_subheading(following) or _is_sub_list_heading(following):
                points = False
            else:
                break
        if found:
            return found, end
    return [], None


def _is_sub_list_heading(item: Paragraph) -> bool:
    return item.kind == "heading" and item.key in ("weaknesses", "priority")


# Findings.


def _summary(lines: list[str], table_end: int) -> list[str]:
    """An ILACS report's summary: its paragraphs between the judgement table and 'What needs to
    improve?'."""
    if not table_end:
        return []
    stop = next(
        (i for i in range(table_end, len(lines)) if heading_key(lines[i]) == "improve"),
        len(lines),
    )
    return [
        item.text
        for item in paragraphs(lines[table_end:stop])
        if item.kind == "text" and TERMINAL.search(item.text) and len(item.text) >= 60
    ]


def _executive_summary(items: list[Paragraph]) -> list[str]:
    """A SIF report's 'Executive summary' or 'Summary of findings': its paragraphs, through the
    sub-headings between them, up to its contents or its next section."""
    start = next(
        (i for i, item in enumerate(items) if item.kind == "heading" and item.key == "summary"),
        None,
    )
    if start is None:
        return []
    found = []
    for item in items[start + 1 :]:
        if item.kind == "heading" or item.text.lower().startswith("contents"):
            break
        if item.kind == "numbered":
            break
        # Not its sub-headings, nor "Children's services in Bristol require improvement because:".
        if TERMINAL.search(item.text) and not item.text.endswith(":"):
            found.append(item.text)
    return found


def _numbered_findings(items: list[Paragraph]) -> list[tuple[int, str]]:
    """The numbered paragraphs after the list of what needs to improve, each with its number,
    up to the review of the local safeguarding children board (in a SIF report)."""
    found = []
    for item in items:
        if item.kind == "heading" and item.key == "lscb":
            break
        if item.kind == "text" and len(item.text) < 100 and LSCB.match(item.text):
            break
        if item.kind == "numbered":
            found.append((item.number, SECTION_HEADING.sub("", item.text)))
    return found
