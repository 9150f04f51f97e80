"""Text from a PDF letter or report, with pypdf. Refuses what is not a PDF, is too big, or holds
far more page content than any letter or report: a small file can inflate to hundreds of MB of
compressed page content, which would take minutes to read."""

import io
import logging

from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError
from pypdf.generic import ArrayObject

from .errors import ImportProblem

logger = logging.getLogger(__name__)

MAX_PDF_BYTES = 10 * 1024 * 1024  # Ofsted's letters are well under 1 MB, reports a few MB
MAX_PAGES = 40  # a full inspection report runs to about 15 pages; each page takes a moment
PDF_MAGIC = b"%PDF-"
# Page content once decompressed. Ofsted's own PDFs hold at most about 50 KB on a page and 900 KB
# in a whole report; these allow twenty and ten times as much.
MAX_PAGE_CONTENT = 1024 * 1024
MAX_CONTENT = 8 * 1024 * 1024
# No single stream may inflate beyond this while the text is read (pypdf's own limit is 75 MB).
MAX_STREAM_OUTPUT = 4 * 1024 * 1024
STREAM_LIMITS = {
    "zlib_maximum_output_length": MAX_STREAM_OUTPUT,
    "lzw_maximum_output_length": MAX_STREAM_OUTPUT,
    "run_length_maximum_output_length": MAX_STREAM_OUTPUT,
    "brotli_maximum_output_length": MAX_STREAM_OUTPUT,
    "array_based_stream_maximum_output_length": MAX_STREAM_OUTPUT,
}


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
    is wrong: not a PDF, too big, unreadable, password-protected or without a text layer."""
    check_pdf(data, name)
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
            pages = [_page_text(page) for page in reader.pages]
    except ImportProblem:
        raise
    except LimitReachedError:
        raise ImportProblem(_too_much_content(name)) from None
    except Exception as exc:  # a malformed file can fail anywhere inside pypdf
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


def _check_content(reader: PdfReader, name: str) -> None:
    """Refuse a document whose pages inflate to far more content than a letter or report has,
    before any text is read from them."""
    total = 0
    for page in reader.pages:
        size = _content_size(page)
        total += size
        if size > MAX_PAGE_CONTENT or total > MAX_CONTENT:
            raise ImportProblem(_too_much_content(name))


def _content_size(page) -> int:
    contents = page.get("/Contents")
    if contents is None:
        return 0
    contents = contents.get_object()
    streams = contents if isinstance(contents, ArrayObject) else [contents]
    return sum(len(stream.get_object().get_data()) for stream in streams)


def _too_much_content(name: str) -> str:
    return (
        f"{name} holds far more page content than a letter or report (it inflates to many "
        "megabytes of drawing instructions), so it was not read. Upload the PDF published by "
        "Ofsted, or paste the letter's text instead."
    )


def _page_text(page) -> str:
    # Layout mode keeps the vertical gaps between paragraphs as blank lines and list markers on
    # their items' lines; plain mode is the fallback for pages layout mode cannot handle.
    try:
        return page.extract_text(extraction_mode="layout")
    except Exception:  # layout mode fails on some unusual pages
        return page.extract_text() or ""
