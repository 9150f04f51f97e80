"""What plan.evidence takes a file to be, read from its bytes whatever its name says: the files
that only look like an accepted type are refused."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from findings.plan.evidence import DOC, DOCX, XLS, XLSX, check_evidence
from tests.plan.test_evidence import ooxml, pdf, png

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def compound_file(*streams: str) -> bytes:
    """The start of a compound file (as .doc, .xls and .msi are) whose directory names `streams`
    (in UTF-16, as the format stores them)."""
    directory = b"".join(name.encode("utf-16-le") + b"\x00\x00" + b"\x00" * 40 for name in streams)
    return OLE2 + b"\x00" * 504 + directory


def refusal(name: str, data: bytes) -> str:
    with pytest.raises(ValidationError) as refused:
        check_evidence(name, data)
    return refused.value.message_dict["evidence_file"][0]


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("audit.docx", ooxml("word"), DOCX),
        ("figures.xlsx", ooxml("xl"), XLSX),
        ("minutes.doc", compound_file("Root Entry", "WordDocument", "1Table"), DOC),
        ("figures.xls", compound_file("Root Entry", "Workbook"), XLS),
        ("old figures.xls", compound_file("Root Entry", "Book"), XLS),
    ],
)
def test_office_documents_are_known_by_their_parts(name, data, kind):
    assert check_evidence(name, data) == kind


def test_a_zip_of_other_files_named_docx_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/setup.exe", b"MZ\x90\x00")
    assert "its content is not a file of an accepted type" in refusal("a.docx", buffer.getvalue())


def test_a_macro_enabled_document_renamed_docx_is_refused():
    macro_type = "application/vnd.ms-word.document.macroEnabled.main+xml"
    assert "not a file of an accepted type" in refusal(
        "a.docx", ooxml("word", content_type=macro_type)
    )
    with_macros = ooxml("word", extra={"word/vbaProject.bin": b"\x00"})
    assert "not a file of an accepted type" in refusal("a.docx", with_macros)


def test_an_installer_renamed_doc_is_refused():
    installer = compound_file("Root Entry", "\x05SummaryInformation", "䡀䅚䊲")
    assert "not a file of an accepted type" in refusal("setup.doc", installer)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.png", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"),
        ("report.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("report.pdf", b"MZ\x90\x00\x03" + b"\x00" * 60),
        ("report.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 60),
    ],
)
def test_scripts_and_programs_renamed_as_evidence_are_refused(name, data):
    assert "not a file of an accepted type" in refusal(name, data)


def test_a_word_document_named_as_an_image_says_what_it_is():
    assert refusal("photo.png", ooxml("word")) == (
        "The file photo.png is named as a PNG image but its content is a Word document. Upload "
        "a PDF, a Word document, an Excel spreadsheet, or a PNG, JPEG, GIF or WebP image."
    )


def test_accepted_images_and_pdfs_pass():
    assert check_evidence("scan.pdf", pdf()).media_type == "application/pdf"
    assert check_evidence("chart.png", png()).media_type == "image/png"
