"""Cleaning the text of an Ofsted letter or report, as pasted or as extracted from a PDF.

Text from PDFs carries page-break artefacts: Ofsted's address block, page numbers, running
headers and footers, hard line breaks inside paragraphs and sentences broken across pages. This
module removes the noise and rebuilds the paragraphs, keeping every word of the paragraphs as
written (quotation marks and apostrophes are not changed: findings are quoted word for word).
"""

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

# Headings the parsers look for, by a canonical key. Matched against a whole line, ignoring case,
# a trailing colon or question mark and a footnote's number ("What needs to improve?1").
HEADINGS = {
    "areas covered by the visit": "areas",
    "areas covered by this visit": "areas",
    "areas covered": "areas",
    "headline findings": "headline",
    "overview": "headline",  # focused visits, 2018 to 2020
    "findings and evaluation of progress": "findings",
    "evaluation of progress": "findings",
    "findings": "findings",
    "main findings": "findings",
    "what needs to improve": "improve",
    "what needs to improve in this local authority": "improve",
    "what needs to improve in this local authority's services": "improve",
    "what needs to improve in this area of social work practice": "improve",
    "areas for priority action": "priority",
    # Joint targeted area inspections.
    "strengths": "strengths",
    "key strengths": "strengths",
    "areas for improvement": "weaknesses",
    "next steps": "closing",
    # The single inspection framework's reports.
    "executive summary": "summary",
    "summary of findings": "summary",
    "recommendations": "recommendations",
    "what does the local authority need to improve": "recommendations",
    "the local safeguarding children board (lscb)": "lscb",
    "the local authority's strengths": "sif_section",
    "progress since the last inspection": "sif_section",
    "summary for children and young people": "sif_section",
    "information about this local authority area": "sif_section",
    "yours sincerely": "closing",
    "yours faithfully": "closing",
    "your sincerely": "closing",
}
# Headings that begin a box about one child's case, which is no finding: "Case study: highly
# effective practice", "Practice study: area(s) for improvement".
CASE_STUDY = re.compile(r"^(?:case|practice)\s+study\b", re.I)

_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
# List markers, including a symbol font's, which PDFs give as private-use characters.
# (A symbol that cannot begin a word may touch its item: "◼The consistency…".)
BULLET = re.compile(r"^\s*(?:(?:[-–—•∙·*]|o(?=\s))\s+|[◼■▪●◦○\ue000-\uf8ff]\s*(?=\S))")
NUMBERED = re.compile(r"^\s*(\d{1,3})\.\s+(?=\S)")
# A footnote's first line: its number, then a sentence or a web address (not a date).
FOOTNOTE = re.compile(
    r"^\d{1,2}\s+(?!(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)"
    r"(?=[A-Z‘“\"(]|www\.)",
    re.I,
)
TERMINAL = re.compile(r"[.?!:;][’'”\")\]]*$")
# Words after which a sentence cannot end: a paragraph ending with one continues on the next page.
_CONTINUES = {
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "is", "are", "of",
    "on", "or", "that", "the", "their", "to", "was", "were", "which", "who", "with", "within",
    "this", "these", "those", "not", "be", "been", "being", "has", "have", "had",
}  # fmt: skip

# Lines that are Ofsted's letterhead or contact details, wherever they fall.
_NOISE_LINES = [
    re.compile(p, re.I)
    for p in (
        r"^(?:page\s+)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?$",  # page numbers
        r"^[-–—]\s*\d{1,3}\s*[-–—]$",
        r"^official(?:[-–\s]+sensitive)?$",  # protective marking
        r"^ofsted$",
        r"^(?:t|tel|telephone|textphone|e|email|w|web|f|fax)\b[:.]?\s*(?:[\d\s]{8,}|\S+@\S+|www\.\S+|https?://\S+)$",
        r"^\S+@\S+\.\S+$",  # an email address alone
        r"^(?:https?://|www\.)\S+$",  # a web address alone
        r"^(?:piccadilly gate|store street|manchester|agora|6 cumberland place|nottingham|"
        r"clive house|70 petty france|london|royal exchange buildings|st ann['’]s square|"
        r"bristol|freshford house|redcliffe way)$",
        r"^©\s*crown copyright",
    )
] + [re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$")]  # ends with a UK postcode: an address
# A judgement table's cells, which repeat from row to row and must not be taken for a header.
_TABLE_CELL = re.compile(
    r"^(?:the experiences and progress of|the impact of leaders|overall effectiveness|"
    r"outstanding|good|requires improvement|inadequate|judgement|grade)\b",
    re.I,
)


@dataclass
class Paragraph:
    text: str
    kind: str = "text"  # "text", "heading", "bullet" or "numbered"
    key: str = ""  # a heading's canonical key (see HEADINGS)
    number: int | None = None  # a numbered paragraph's number


def normalise(text: str) -> str:
    """Unify line breaks and invisible characters; keep the visible characters as they are."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n\n")
    text = text.translate(_INVISIBLE)
    for ligature, letters in _LIGATURES.items():
        text = text.replace(ligature, letters)
    text = unicodedata.normalize("NFC", text)
    lines = []
    for line in text.split("\n"):
        line = re.sub(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+", " ", line).strip()
        lines.append(line)
    return "\n".join(lines)


def heading_key(line: str) -> str:
    """The canonical key of a known heading, or ''. A heading starts with a capital: 'findings.'
    ending a sentence's wrapped line is not one."""
    if not line.strip()[:1].isupper():
        return ""
    bare = re.sub(r"[\s:?.]+$", "", line.strip()).lower().replace("’", "'")
    bare = re.sub(r"\s+", " ", bare)
    if CASE_STUDY.match(bare) and len(bare) < 80:
        return "case_study"
    # A footnote's number after the heading: "What needs to improve?1".
    return HEADINGS.get(bare) or HEADINGS.get(re.sub(r"(?<=\D)[?:]?\d{1,2}$", "", bare), "")


def _repeat_key(line: str) -> str:
    return re.sub(r"\d+", "#", line.lower())


def _is_noise(line: str) -> bool:
    return len(line) < 200 and any(pattern.search(line) for pattern in _NOISE_LINES)


def clean_lines(text: str) -> list[str]:
    """The document's lines without letterhead, page numbers, running headers and footers or
    footnotes. Blank lines are kept (as ''), since they often separate paragraphs."""
    pages = [normalise(page).split("\n") for page in text.split("\f")]
    repeats = Counter(_repeat_key(line) for page in pages for line in page if line)
    lines: list[str] = []
    edges: set[int] | None = set() if len(pages) > 1 else None  # lines at a page's top or foot
    for number, page in enumerate(pages):
        # normalise() writes a page break as two blank lines.
        lines += ["", ""] if number else []
        filled = [len(lines) + i for i, line in enumerate(page) if line]
        if edges is not None:
            edges.update(filled[:3] + filled[-3:])
        lines += _without_footnotes(page, repeats)
    cleaned = []
    for index, line in enumerate(lines):
        if line and (_is_noise(line) or _is_running_header(lines, index, cleaned, repeats, edges)):
            # Keep the gap: a removed header usually sits between two pages' paragraphs.
            cleaned.append("")
        else:
            cleaned.append(line)
    return cleaned


def _without_footnotes(page: list[str], repeats: Counter) -> list[str]:
    """A page's lines with its footnotes blanked: the blocks of text at the foot of the page,
    above its footer and set apart by a blank line, that start with a note's number ("1 The areas
    for improvement have been cross-referenced…"). Text without page breaks is one page."""
    page = list(page)
    end = len(page)
    for _ in range(3):  # a page may have a few notes
        while end and (
            not page[end - 1]
            or _is_noise(page[end - 1])
            or (repeats[_repeat_key(page[end - 1])] >= 2 and len(page[end - 1]) <= 150)
        ):
            end -= 1
        start = end
        while start and page[start - 1]:
            start -= 1
        block = page[start:end]
        if not (start and 1 <= len(block) <= 6 and FOOTNOTE.match(block[0])):
            break
        page[start:end] = [""] * len(block)
        end = start
    return page


def _is_running_header(
    lines: list[str], index: int, cleaned: list[str], repeats: Counter, edges: set[int] | None
) -> bool:
    """A short line printed on several pages (a header or footer), not a heading or a sentence.
    One without a page number or date must also sit at a page's top or foot (`edges`, when the
    text has page breaks), next to a gap."""
    line = lines[index]
    if not (
        repeats[_repeat_key(line)] >= 2
        and 12 <= len(line) <= 150
        and not TERMINAL.search(line)
        and not heading_key(line)
        and not BULLET.match(line)
        and not NUMBERED.match(line)  # a report may repeat a paragraph's opening words
        and not _TABLE_CELL.match(line)
    ):
        return False
    if re.search(r"\d", line):
        return True
    if edges is not None and index not in edges:
        return False
    before = cleaned[index - 1] if index else ""
    after = lines[index + 1] if index + 1 < len(lines) else ""
    return not before or not after or _is_noise(after)


def paragraphs(lines: list[str]) -> list[Paragraph]:
    """Rebuild paragraphs from cleaned lines: a blank line, a heading, a bullet or a numbered
    paragraph starts a new one; hard-wrapped lines are joined; a paragraph broken across a page
    is mended."""
    result: list[Paragraph] = []
    for block in _blocks(lines):
        numbered = [p for p in result if p.kind == "numbered"]
        result.extend(_split_block(block, numbered, result[-1] if result else None))
    mended = _mend_page_breaks(result)
    for item in mended:
        item.text = _close_gaps(item.text)
    return mended


# A reference to the national framework for children's social care after a list item's wording:
# "(enabler 2, national framework)", "(outcome 3, national framework).", "(Outcome 3)".
FRAMEWORK_REFERENCE = re.compile(
    r"\s*\((?P<reference>(?:outcome|enabler|principle)s?\b[^()]*)\)\s*(?P<stop>\.?)\s*$", re.I
)


def framework_reference(item: str) -> tuple[str, str]:
    """A list item's wording and the national framework reference printed after it, if any:
    'The response to children who go missing (outcome 3, national framework).' is ('The
    response to children who go missing.', 'outcome 3, national framework')."""
    match = FRAMEWORK_REFERENCE.search(item)
    if not match:
        return item, ""
    wording = item[: match.start()].rstrip()
    if match["stop"] and not TERMINAL.search(wording):
        wording += match["stop"]
    return wording, re.sub(r"\s+", " ", match["reference"]).strip()


# Gaps a PDF's layout leaves where no space was written: before an apostrophe's "s" or a
# punctuation mark ("children ’s", "delay ."), and beside a hyphen ("multi -agency",
# "decision- making"; but "16- and 17-year-olds", "short- or long-term" keep theirs).
_GAPS = [
    (re.compile(r"(?<=\w) +(?=[’'](?:s|ll|re|ve|d|t)\b)"), ""),
    (re.compile(r"(?<=[\w’')\]]) +(?=[.,;:?!](?:\s|$|[’”)]))"), ""),
    (re.compile(r"(?<=[.?!,]) +(?=[’”](?:\s|$))"), ""),
    (re.compile(r"(?<=[A-Za-z]) +-(?=[A-Za-z0-9])"), "-"),
    (re.compile(r"(?<=[a-z])- +(?!(?:and|or|to|nor)\b)(?=[a-z])"), "-"),
]


def _close_gaps(text: str) -> str:
    for pattern, replacement in _GAPS:
        text = pattern.sub(replacement, text)
    return text


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks, current = [], []
    for line in lines:
        if not line:
            if current:
                blocks.append(current)
            current = []
        else:
            current.append(line)
    if current:
        blocks.append(current)
    return blocks


def _split_block(
    block: list[str], numbered: list[Paragraph] = (), before: Paragraph | None = None
) -> list[Paragraph]:
    """A block's paragraphs. `numbered` are the numbered paragraphs before it, and `before`
    the paragraph just before it."""
    width = max(len(line) for line in block)
    # Lines of a PDF's width were wrapped; much longer lines are whole paragraphs.
    wrapped = len(block) >= 2 and 50 <= width <= 160
    result: list[Paragraph] = []
    current: Paragraph | None = None
    last = numbered[-1].number if numbered else 0
    previous_line = before.text if before is not None else ""
    for line in block:
        key = heading_key(line)
        number = NUMBERED.match(line)
        # "… needs until age / 25. Young people's …": a number that a line wrapped, within a
        # sentence, not the next paragraph's.
        if (
            number
            and int(number.group(1)) not in (1, last + 1)
            and previous_line
            and not TERMINAL.search(previous_line)
            and (current is not None or (before.kind != "heading" and len(before.text) >= 100))
        ):
            number = None
        starts_new = (
            current is None
            or key
            or current.kind == "heading"
            or BULLET.match(line)
            or number
            or not wrapped
            or _ends_paragraph(previous_line, line, width, item=current.kind)
        )
        if key:
            current = Paragraph(text=line, kind="heading", key=key)
            result.append(current)
        elif starts_new:
            current = _start(line) if number or not NUMBERED.match(line) else Paragraph(text=line)
            result.append(current)
            last = current.number if current.kind == "numbered" else last
        else:
            current.text = _join(current.text, line)
        previous_line = line
    return result


def _start(line: str) -> Paragraph:
    if match := BULLET.match(line):
        return Paragraph(text=line[match.end() :], kind="bullet")
    if match := NUMBERED.match(line):
        return Paragraph(text=line[match.end() :], kind="numbered", number=int(match.group(1)))
    return Paragraph(text=line)


def _ends_paragraph(previous: str, line: str, width: int, *, item: str = "text") -> bool:
    """In hard-wrapped text, a short line that ends a sentence, followed by a capital, ends its
    paragraph (a full-width line was wrapped; a short one was ended). A list item's lines run
    on unless one is much shorter, or a report's section heading follows it."""
    if not (TERMINAL.search(previous) or previous.endswith(")")):
        return False
    if SECTION_START.match(line):
        return True
    if item == "bullet":
        return len(previous) < 0.6 * width and bool(CAPITAL.match(line))
    return (
        bool(TERMINAL.search(previous))
        and len(previous) < 0.8 * width
        and bool(CAPITAL.match(line))
    )


CAPITAL = re.compile(r"[A-Z0-9‘“'\"(]")
# The heading of one of a report's judgements: "The experiences and progress of children who
# need help and protection: good".
SECTION_START = re.compile(
    r"^(?:the\s+experiences\s+and\s+progress\s+of|the\s+impact\s+of\s+leaders)\b", re.I
)


def _join(text: str, line: str) -> str:
    # A word hyphenated at the end of a line ("child-" / "focused") keeps its hyphen, no space.
    if re.search(r"[A-Za-z]-$", text):
        return text + line
    return f"{text} {line}"


def _continues(text: str) -> bool:
    if TERMINAL.search(text):
        return False
    last = re.sub(r"[^\w'’-]", "", text.rsplit(" ", 1)[-1]).lower()
    return text.endswith((",", "-", "–", "—")) or last in _CONTINUES


def _mend_page_breaks(items: list[Paragraph]) -> list[Paragraph]:
    """Join a paragraph that a page break cut in two: the first part does not end a sentence
    and the second part starts in lower case, or the first part ends on a word like 'the'."""
    mended: list[Paragraph] = []
    for item in items:
        previous = mended[-1] if mended else None
        if (
            previous is not None
            and previous.kind in ("text", "bullet", "numbered")
            and item.kind == "text"
            and not _ends_sentence(previous.text)
            and (
                item.text[:1].islower()
                or item.text[:1].isdigit()
                or _continues(previous.text)
                # A numbered paragraph or list item runs on over the page, not into a heading.
                or (previous.kind != "text" and len(item.text) >= 100)
            )
        ):
            previous.text = _join(previous.text, item.text)
        else:
            mended.append(item)
    return _mend_list_items(mended)


def _ends_sentence(text: str) -> bool:
    """Whether the text ends a sentence, or a sentence and its note: '… (Recommendation)'."""
    return bool(TERMINAL.search(text) or re.search(r"[.?!][’”]?\s*\([^()]{1,60}\)$", text))


def _mend_list_items(items: list[Paragraph]) -> list[Paragraph]:
    """Join to its item a list item's sentences that a page break set apart: a paragraph
    between two items of a list, which in Ofsted's letters and reports is never one of its own."""
    mended: list[Paragraph] = []
    for index, item in enumerate(items):
        previous = mended[-1] if mended else None
        following = items[index + 1] if index + 1 < len(items) else None
        if (
            previous is not None
            and following is not None
            and previous.kind == following.kind == "bullet"
            and item.kind == "text"
            and TERMINAL.search(item.text)
        ):
            previous.text = _join(previous.text, item.text)
        else:
            mended.append(item)
    return mended


def clean_paragraphs(text: str) -> list[Paragraph]:
    return paragraphs(clean_lines(text))


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences (on '.', '?' or '!' followed by a capital)."""
    parts = re.split(r"(?<=[.?!])[’'”\")]*\s+(?=[A-Z‘“'\"(])", text.strip())
    return [part.strip() for part in parts if part.strip()]
