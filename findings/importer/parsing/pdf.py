"""Text from a PDF letter or report. Refuses what is not a PDF, is too big, holds far more page
content than any letter or report (a small file can inflate to hundreds of MB of compressed
drawing instructions, which would take minutes to read) or takes too long to read.

pypdf checks the file first: that it opens, is not password-protected, and what its pages'
content inflates to (the content streams and the forms they draw), each stream within a limit as
it is inflated. PDFium (pypdfium2) then reads the text: forty times faster than pypdf's layout
mode on Ofsted's reports, without its split words ("enquir ies"); docs/pdf-text-library.md has
the measurements. Its characters are laid out as lines by their position (`_layout`): a table's
grade beside its judgement, a blank line where paragraphs are set apart, a footnote's number
against its heading.
"""

import io
import logging
import re
import statistics
import threading
import time

import pypdfium2
import pypdfium2.raw as pdfium_c
from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError
from pypdf.generic import ArrayObject, DictionaryObject

from .errors import ImportProblem

logger = logging.getLogger(__name__)

MAX_PDF_BYTES = 10 * 1024 * 1024  # Ofsted's letters are well under 1 MB, reports a few MB
# Reports of the single inspection framework (2013-2017) run to about 45 pages, ILACS reports to
# 15, letters to 5.
MAX_PAGES = 60
PDF_MAGIC = b"%PDF-"
# Page content once decompressed. Ofsted's own PDFs hold at most about 50 KB on a page and 900 KB
# in a whole report; these allow twenty and ten times as much.
MAX_PAGE_CONTENT = 1024 * 1024
MAX_CONTENT = 8 * 1024 * 1024
# No single stream may inflate beyond this while the content is measured (pypdf's own limit is
# 75 MB).
MAX_STREAM_OUTPUT = 4 * 1024 * 1024
STREAM_LIMITS = {
    "zlib_maximum_output_length": MAX_STREAM_OUTPUT,
    "lzw_maximum_output_length": MAX_STREAM_OUTPUT,
    "run_length_maximum_output_length": MAX_STREAM_OUTPUT,
    "brotli_maximum_output_length": MAX_STREAM_OUTPUT,
    "array_based_stream_maximum_output_length": MAX_STREAM_OUTPUT,
}
# Forms drawn inside forms, this deep at most (Ofsted's PDFs have none).
MAX_FORM_DEPTH = 4
# Reading stops after this long; Ofsted's longest reports take well under a second.
MAX_READ_SECONDS = 20.0

# PDFium is not thread-safe, and the embedded default reads documents in the web server's threads.
_PDFIUM = threading.Lock()


def is_pdf(data: bytes) -> bool:
    """Whether the bytes start like a PDF (the %PDF- marker, within the first kilobyte as the
    specification allows), whatever the file's name says."""
    return PDF_MAGIC in data[:1024]


def check_pdf(data: bytes, name: str = "The file") -> None:
    if not data:
        raise ImportProblem(f"{name} is empty: there is no text to import.")
    if len(data) > MAX_PDF_BYTES:
        raise ImportProblem(
            f"{name} is {len(data) / 1024 / 1024:.1f} MB: the largest PDF that can be imported is "
            f"{MAX_PDF_BYTES // 1024 // 1024} MB."
        )
    if not is_pdf(data):
        raise ImportProblem(f"{name} is not a PDF: upload the letter or report as a PDF file.")


def check_upload(upload, name: str = "The file") -> None:
    """An uploaded file, checked before it is read whole: its size, then that it is a PDF."""
    if upload.size > MAX_PDF_BYTES:
        raise ImportProblem(f"{name} must be smaller than {MAX_PDF_BYTES // 1024 // 1024} MB.")
    head = upload.read(1024)
    upload.seek(0)
    check_pdf(head, name)


def pdf_text(data: bytes, name: str = "The file") -> str:
    """The text of every page, pages separated by form feeds. Raises ImportProblem saying what
    is wrong: not a PDF, too big, unreadable, password-protected, too slow to read or without a
    text layer."""
    check_pdf(data, name)
    deadline = time.monotonic() + MAX_READ_SECONDS
    try:
        with apply_configuration(**STREAM_LIMITS):
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise ImportProblem(
                    f"{name} is password-protected: remove the password and try again."
                )
            if len(reader.pages) > MAX_PAGES:
                raise ImportProblem(
                    f"{name} has {len(reader.pages)} pages: a letter or report has far fewer "
                    f"(at most {MAX_PAGES} can be imported)."
                )
            _check_content(reader, name)
        pages = _read_pages(data, name, deadline)
    except ImportProblem:
        raise
    except LimitReachedError:
        raise ImportProblem(_too_much_content(name)) from None
    except Exception as exc:  # a malformed file can fail anywhere inside pypdf or PDFium
        logger.warning("unreadable PDF %s: %r", name, exc)
        raise ImportProblem(
            f"{name} could not be read as a PDF (it may be damaged): {exc}".rstrip(": ")
        ) from None
    text = "\f".join(pages)
    if not text.strip():
        raise ImportProblem(
            f"{name} has no text layer: it is probably a scanned image, so no text could be "
            "found in it. Paste the letter's text instead, or upload the PDF published by Ofsted."
        )
    return text


# Checking what the pages inflate to, before any text is read.


def _check_content(reader: PdfReader, name: str) -> None:
    """Refuse a document whose pages inflate to far more content than a letter or report has:
    each page's content streams, and each form they draw as many times as they draw it."""
    total = 0
    for page in reader.pages:
        size = _content_size(page, limit=MAX_PAGE_CONTENT)
        total += size
        if size > MAX_PAGE_CONTENT or total > MAX_CONTENT:
            raise ImportProblem(_too_much_content(name))


def _content_size(page, limit: int) -> int:
    contents = page.get("/Contents")
    if contents is None:
        return 0
    contents = contents.get_object()
    streams = contents if isinstance(contents, ArrayObject) else [contents]
    data = b"".join(stream.get_object().get_data() for stream in streams)
    return len(data) + _forms_size(data, page.get("/Resources"), limit, depth=1)


def _forms_size(data: bytes, resources, limit: int, depth: int) -> int:
    """What the forms drawn by `data` (with `resources`) add, each as often as it is drawn."""
    xobjects = _dictionary(_dictionary(resources).get("/XObject"))
    if not xobjects or b"Do" not in data:
        return 0
    drawn: dict[str, int] = {}
    for match in re.finditer(rb"/([^\s/\[\]()<>{}%]+)\s*Do\b", data):
        key = "/" + match.group(1).decode("latin-1")
        drawn[key] = drawn.get(key, 0) + 1
    size = 0
    for key, times in drawn.items():
        form = xobjects.get(key)
        form = form.get_object() if form is not None else None
        if form is None or form.get("/Subtype") != "/Form":
            continue  # an image, or nothing: not drawing instructions
        if depth > MAX_FORM_DEPTH:
            return limit + 1
        form_data = form.get_data()
        one = len(form_data) + _forms_size(form_data, form.get("/Resources"), limit, depth + 1)
        size += one * times
        if size > limit:
            break
    return size


def _dictionary(value) -> DictionaryObject:
    value = value.get_object() if value is not None else None
    return value if isinstance(value, DictionaryObject) else DictionaryObject()


def _too_much_content(name: str) -> str:
    return (
        f"{name} holds far more page content than a letter or report (it inflates to many "
        "megabytes of drawing instructions), so it was not read. Upload the PDF published by "
        "Ofsted, or paste the letter's text instead."
    )


def _too_slow(name: str) -> str:
    return (
        f"{name} took too long to read (more than {MAX_READ_SECONDS:.0f} seconds), so it was "
        "stopped: it may be damaged or not a real letter or report. Upload the PDF published by "
        "Ofsted, or paste the letter's text instead."
    )


# Reading the text with PDFium.


def _read_pages(data: bytes, name: str, deadline: float) -> list[str]:
    pages = []
    with _PDFIUM:
        document = pypdfium2.PdfDocument(data)
        try:
            for index in range(len(document)):
                if time.monotonic() > deadline:
                    raise ImportProblem(_too_slow(name))
                page = document[index]
                try:
                    textpage = page.get_textpage()
                    try:
                        pages.append(_layout(_words(textpage)))
                    finally:
                        textpage.close()
                finally:
                    page.close()
        finally:
            document.close()
    if time.monotonic() > deadline:
        raise ImportProblem(_too_slow(name))
    return pages


# PDFium marks a hyphen that ends a line as one of these.
_LINE_END_HYPHENS = {"\ufffe": "-", "\x02": "-"}
# Two characters this far apart (as a share of the line's height) are two words even where no
# space was written: "10.Many" is paragraph 10, "Many children…". Letters of one word touch.
_WORD_GAP = 0.07
# A gap this wide (as a share of the line's height) between two words on a line is a gap between
# columns, written as several spaces: a table's grade beside its judgement.
_COLUMN_GAP = 1.2


class _Word:
    __slots__ = ("text", "left", "bottom", "right", "top", "spaced", "order")

    def __init__(self, text, left, bottom, right, top, spaced, order):
        self.text, self.left, self.bottom, self.right, self.top = text, left, bottom, right, top
        self.spaced = spaced  # PDFium gives a space (not a line break) before it
        self.order = order  # its place in PDFium's reading of the page

    @property
    def centre(self) -> float:
        return (self.bottom + self.top) / 2

    @property
    def height(self) -> float:
        return self.top - self.bottom


def _words(textpage) -> list[_Word]:
    """The page's words, each with its box. PDFium gives the spaces and line breaks between
    words; within what it gives as one word, only a mark can end a word it missed (a full stop
    before a paragraph's text, "10.Many"; a hyphen ending a line, "decision-" and "making"), so
    a character's box is looked up only after a character that is not a letter, and for a
    word's last."""
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count) if count else ""
    if len(text) != count:  # characters outside the basic plane: read them one by one
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in range(count))
    box, edge = pdfium_c.FS_RECTF(), pdfium_c.FS_RECTF()  # a character's, and a word's last
    char_box = pdfium_c.FPDFText_GetLooseCharBox
    words: list[_Word] = []
    letters: list[str] = []
    left = bottom = right = top = 0.0
    spaced = False
    last = boxed = -1  # the word's last character, and the last one whose box was looked up

    def end_word():
        nonlocal right
        if last != boxed:
            char_box(textpage, last, edge)
            right = max(right, edge.right)
        words.append(_Word("".join(letters), left, bottom, right, top, spaced, len(words)))
        letters.clear()

    for index, char in enumerate(text):
        if char.isspace():
            if letters:
                end_word()
                spaced = False
            spaced = spaced or char not in "\r\n"
            continue
        if letters and char.isalpha() and text[index - 1].isalpha():
            letters.append(char)
            last = index
            continue
        if letters and last != boxed:  # where the letters before it end
            char_box(textpage, last, edge)
            right = max(right, edge.right)
            boxed = last
        char_box(textpage, index, box)
        if letters:
            height = top - bottom
            gap = box.left - right
            if (
                gap > _WORD_GAP * height
                or box.left < left - 0.1 * height
                or abs(box.bottom + box.top - bottom - top) > height
            ):
                end_word()
                spaced = gap > _WORD_GAP * height
        if letters:
            right = max(right, box.right)
        else:
            left, bottom, right, top = box.left, box.bottom, box.right, box.top
        letters.append(_LINE_END_HYPHENS.get(char, char))
        last = boxed = index
    if letters:
        end_word()
    return words


def _layout(words: list[_Word]) -> str:
    """The page's words as lines, top to bottom and left to right: words whose middles are at
    the same height share a line, as does a word set between two lines (a table's grade, a
    footnote's number) that overlaps nothing on the line above; a blank line where the gap
    between lines is wider than a line's spacing."""
    rows: list[list[_Word]] = []
    for word in sorted(words, key=lambda w: -w.centre):
        for row in rows[-3:]:
            distance = abs(row[0].centre - word.centre)
            height = min(word.height, row[0].height)
            if distance <= 0.35 * height or (
                distance <= 0.75 * height and not any(_overlap(word, w, height) for w in row)
            ):
                row.append(word)
                break
        else:
            rows.append([word])
    lines: list[str] = []
    above = None  # (bottom, height) of the line above
    for row in rows:
        row.sort(key=lambda w: w.left)
        height = statistics.median(w.height for w in row)
        line = row[0].text
        for before, word in zip(row, row[1:], strict=False):
            gap = word.left - before.right
            if gap > _COLUMN_GAP * height:
                line += "   "
            elif gap > _WORD_GAP * height or (word.order == before.order + 1 and word.spaced):
                line += " "
            line += word.text
        top = max(w.top for w in row)
        if above is not None and above[0] - top > 0.6 * min(height, above[1]):
            lines.append("")
        lines.append(line)
        above = (min(w.bottom for w in row), height)
    return "\n".join(lines)


def _overlap(word: _Word, other: _Word, height: float) -> bool:
    slack = 0.15 * height
    return word.left < other.right - slack and other.left < word.right - slack
