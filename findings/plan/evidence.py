"""What evidence files a progress update may carry: PDF, Word, Excel or an image, no larger than
PLAN_EVIDENCE_MAX_BYTES, and of the type its name says, read from the file's own bytes. A file
whose content is not what its name claims (an executable renamed report.pdf) is refused."""

import io
import os
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound-file header of .doc and .xls
ACCEPTED = "a PDF, a Word document, an Excel spreadsheet, or a PNG, JPEG, GIF or WebP image"


@dataclass(frozen=True)
class Kind:
    name: str  # as a sentence names it: "a PDF", "an Excel spreadsheet"
    media_type: str


PDF = Kind("a PDF", "application/pdf")
DOCX = Kind(
    "a Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
DOC = Kind("a Word document", "application/msword")
XLSX = Kind(
    "an Excel spreadsheet", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)
XLS = Kind("an Excel spreadsheet", "application/vnd.ms-excel")
PNG = Kind("a PNG image", "image/png")
JPEG = Kind("a JPEG image", "image/jpeg")
GIF = Kind("a GIF image", "image/gif")
WEBP = Kind("a WebP image", "image/webp")

BY_EXTENSION = {
    ".pdf": PDF,
    ".docx": DOCX,
    ".doc": DOC,
    ".xlsx": XLSX,
    ".xls": XLS,
    ".png": PNG,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".gif": GIF,
    ".webp": WEBP,
}


# The main part each Office Open XML document must have, with its content type as
# [Content_Types].xml declares it (a macro-enabled document declares another, and is refused).
OOXML_MAIN_PARTS = {
    "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}


def _ooxml_part(data: bytes) -> str:
    """'word' or 'xl' for a Word or Excel Office Open XML package: a zip holding
    [Content_Types].xml that declares the document's main part with its macro-free type, and no
    macros (vbaProject.bin). '' for anything else, a zip of other files included."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            if "[Content_Types].xml" not in names:
                return ""
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return ""
            types = package.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, ValueError, KeyError, RuntimeError, OSError):
        return ""
    for part, content_type in OOXML_MAIN_PARTS.items():
        if part in names and f'PartName="/{part}"' in types and content_type in types:
            return part.split("/", 1)[0]
    return ""


def _ole_kind(data: bytes) -> Kind | None:
    """A compound file (.doc or .xls) is a Word document when it holds a "WordDocument" stream, and
    an Excel workbook when it holds "Workbook" (or "Book", before Excel 97). The streams' names are
    stored in UTF-16 in the file's directory. Any other compound file (an installer, a Visio
    drawing) is none of these."""
    if "WordDocument".encode("utf-16-le") in data:
        return DOC
    if any(name.encode("utf-16-le") + b"\x00\x00" in data for name in ("Workbook", "Book")):
        return XLS
    return None


def sniff(data: bytes) -> Kind | None:
    """The kind of file the bytes are, among those accepted; None for anything else."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data.startswith(b"PK\x03\x04"):
        return {"word": DOCX, "xl": XLSX}.get(_ooxml_part(data))
    if data.startswith(OLE2):
        return _ole_kind(data)
    return None


def check_evidence(name: str, data: bytes, *, field: str = "evidence_file") -> Kind:
    """The file's kind if it may be kept as evidence; otherwise ValidationError, on `field`,
    saying what is wrong with it."""
    limit = settings.PLAN_EVIDENCE_MAX_BYTES
    if not data:
        raise ValidationError({field: f"The file {name} is empty."})
    if len(data) > limit:
        raise ValidationError(
            {field: f"The file {name} must be smaller than {filesizeformat(limit + 1)}."}
        )
    extension = os.path.splitext(name)[1].lower()
    claimed = BY_EXTENSION.get(extension)
    if claimed is None:
        raise ValidationError({field: f"The file {name} must be {ACCEPTED}."})
    found = sniff(data)
    # Its content must be the kind its name says (a .doc holding a .docx's content is still a Word
    # document, and is kept as what it is).
    if found is None or found.name != claimed.name:
        what = found.name if found else "not a file of an accepted type"
        raise ValidationError(
            {
                field: f"The file {name} is named as {claimed.name} but its content is {what}. "
                f"Upload {ACCEPTED}."
            }
        )
    return found
