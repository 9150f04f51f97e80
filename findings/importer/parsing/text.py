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

# Headings the parsers look for, by a canonical key. Matched against a whole line, ignoring case
# and a trailing colon or question mark.
HEADINGS = {
    "areas covered by the visit": "areas",
    "areas covered by this visit": "areas",
    "areas covered": "areas",
    "headline findings": "headline",
    "findings and evaluation of progress": "findings",
    "evaluation of progress": "findings",
    "what needs to improve": "improve",
    "what needs to improve in this local authority": "improve",
    "what needs to improve in this local authority's services": "improve",
    "yours sincerely": "closing",
    "yours faithfully": "closing",
}

_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
BULLET = re.compile(r"^\s*(?:[-–—•◼■▪●◦○∙·*]|o(?=\s))\s+")
NUMBERED = re.compile(r"^\s*(\d{1,3})\.\s+(?=\S)")
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
    """The canonical key of a known heading, or ''."""
    bare = re.sub(r"[\s:?.]+$", "", line.strip()).lower().replace("’", "'")
    bare = re.sub(r"\s+", " ", bare)
    return HEADINGS.get(bare, "")


def _repeat_key(line: str) -> str:
    return re.sub(r"\d+", "#", line.lower())


def _is_noise(line: str) -> bool:
    return len(line) < 200 and any(pattern.search(line) for pattern in _NOISE_LINES)


def clean_lines(text: str) -> list[str]:
    """The document's lines without letterhead, page numbers or running headers and footers.
    Blank lines are kept (as ''), since they often separate paragraphs."""
    lines = normalise(text).split("\n")
    repeats = Counter(_repeat_key(line) for line in lines if line)
    cleaned = []
    for index, line in enumerate(lines):
        if line and (_is_noise(line) or _is_running_header(lines, index, cleaned, repeats)):
            # Keep the gap: a removed header usually sits between two pages' paragraphs.
            cleaned.append("")
        else:
            cleaned.append(line)
    return cleaned


def _is_running_header(lines: list[str], index: int, cleaned: list[str], repeats: Counter) -> bool:
    """A short line printed on several pages (a header or footer), not a heading or a sentence.
    One without a page number or date must also sit at a page's edge, next to a gap."""
    line = lines[index]
    if not (
        repeats[_repeat_key(line)] >= 2
        and 12 <= len(line) <= 150
        and not TERMINAL.search(line)
        and not heading_key(line)
        and not BULLET.match(line)
        and not _TABLE_CELL.match(line)
    ):
        return False
    if re.search(r"\d", line):
        return True
    before = cleaned[index - 1] if index else ""
    after = lines[index + 1] if index + 1 < len(lines) else ""
    return not before or not after or _is_noise(after)


def paragraphs(lines: list[str]) -> list[Paragraph]:
    """Rebuild paragraphs from cleaned lines: a blank line, a heading, a bullet or a numbered
    paragraph starts a new one; hard-wrapped lines are joined; a paragraph broken across a page
    is mended."""
    result: list[Paragraph] = []
    for block in _blocks(lines):
        result.extend(_split_block(block))
    return _mend_page_breaks(result)


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


def _split_block(block: list[str]) -> list[Paragraph]:
    width = max(len(line) for line in block)
    # Lines of a PDF's width were wrapped; much longer lines are whole paragraphs.
    wrapped = len(block) >= 2 and 50 <= width <= 160
    result: list[Paragraph] = []
    current: Paragraph | None = None
    previous_line = ""
    for line in block:
        key = heading_key(line)
        starts_new = (
            current is None
            or key
            or current.kind == "heading"
            or BULLET.match(line)
            or NUMBERED.match(line)
            or not wrapped
            or _ends_paragraph(previous_line, line, width)
        )
        if key:
            current = Paragraph(text=line, kind="heading", key=key)
            result.append(current)
        elif starts_new:
            current = _start(line)
            result.append(current)
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


def _ends_paragraph(previous: str, line: str, width: int) -> bool:
    """In hard-wrapped text, a short line that ends a sentence, followed by a capital, ends its
    paragraph (a full-width line was wrapped; a short one was ended)."""
    return (
        bool(TERMINAL.search(previous))
        and len(previous) < 0.8 * width
        and bool(re.match(r"[A-Z0-9‘“'\"(]", line))
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
            and not TERMINAL.search(previous.text)
            and (item.text[:1].islower() or _continues(previous.text))
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
