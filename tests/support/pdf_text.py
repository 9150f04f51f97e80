"""Reading generated PDFs back as text, as a reader (or a screen reader) would."""

import io
import re

from pypdf import PdfReader


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def pdf_text(data: bytes) -> str:
    """All the text, with lines joined: a quotation wrapped over several lines reads as one."""
    text = "\n".join(pdf_pages(data))
    return re.sub(r"\s+", " ", re.sub(r"-\n", "-", text))
