"""Reading PDFs: a letter laid out by WeasyPrint reads as its text does; anything else is refused
with a message that says why."""

import time

import pytest

from findings.importer.parsing.documents import parse_document
from findings.importer.parsing.errors import ImportProblem
from findings.importer.parsing.pdf import MAX_PDF_BYTES, is_pdf, pdf_text
from tests.support.importing import (
    DATA,
    OWN_LETTERS,
    SIXTH_VISIT_LETTER,
    blank_pdf,
    crafted_pdf,
    pdf_of,
    read,
    scanned_pdf,
)


def test_the_sixth_visit_letter_as_a_pdf_imports_to_the_same_draft_as_its_text():
    text = read(SIXTH_VISIT_LETTER)
    pdf = pdf_of(text, header="Sefton children’s services: monitoring visit letter")
    from_pdf = parse_document(pdf_text(pdf))
    assert from_pdf.to_dict() == parse_document(text).to_dict()
    assert len(from_pdf.findings) == 21


@pytest.mark.parametrize("name", sorted(OWN_LETTERS))
def test_other_letters_as_pdfs_import_to_the_same_draft_as_their_text(name):
    text = read(DATA / name)
    assert parse_document(pdf_text(pdf_of(text))).to_dict() == parse_document(text).to_dict()


def test_a_pdf_is_recognised_by_its_content_not_its_name():
    assert is_pdf(pdf_of("A letter."))
    assert not is_pdf(b"PK\x03\x04 a word document")
    assert not is_pdf(b"")


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "is empty"),
        (b"PK\x03\x04\x14\x00 a word processor file", "is not a PDF"),
        (b"Dear Risthardh, this is plain text", "is not a PDF"),
        (
            b"%PDF-1.7\n" + b"0" * (MAX_PDF_BYTES + 1),
            "the largest PDF that can be imported is 10 MB",
        ),
        (b"%PDF-1.7\nthis is not really a PDF at all", "could not be read as a PDF"),
    ],
)
def test_a_file_that_is_not_a_usable_pdf_is_refused_with_the_reason(data, says):
    with pytest.raises(ImportProblem) as caught:
        pdf_text(data, "The selected file")
    assert says in str(caught.value)
    assert str(caught.value).startswith("The selected file")


def test_a_scanned_pdf_without_a_text_layer_says_no_text_could_be_found():
    with pytest.raises(ImportProblem) as caught:
        pdf_text(scanned_pdf())
    assert "has no text layer" in str(caught.value)
    assert "no text could be found" in str(caught.value)


def test_a_pdf_of_blank_pages_says_no_text_could_be_found():
    with pytest.raises(ImportProblem) as caught:
        pdf_text(blank_pdf())
    assert "has no text layer" in str(caught.value)


# Crafted documents: a small file that inflates to far more page content than any letter.


def test_a_pdf_that_inflates_to_200_mb_of_page_content_is_refused_at_once():
    data = crafted_pdf(pages=40, megabytes_a_page=5)
    assert len(data) < MAX_PDF_BYTES
    started = time.monotonic()
    with pytest.raises(ImportProblem, match="holds far more page content than a letter"):
        pdf_text(data, "crafted.pdf")
    # Reading its text took minutes; refusing it takes a moment (a generous bound for CI).
    assert time.monotonic() - started < 5


def test_one_page_of_too_much_content_is_enough_to_refuse_a_pdf():
    with pytest.raises(ImportProblem, match="crafted.pdf holds far more page content"):
        pdf_text(crafted_pdf(pages=1, megabytes_a_page=2), "crafted.pdf")


def test_pages_each_within_the_limit_are_refused_when_together_they_hold_too_much():
    data = crafted_pdf(pages=12, megabytes_a_page=1)  # each page just under 1 MB
    with pytest.raises(ImportProblem, match="holds far more page content"):
        pdf_text(data, "crafted.pdf")


def test_a_stream_that_inflates_beyond_the_stream_limit_is_refused():
    with pytest.raises(ImportProblem, match="holds far more page content"):
        pdf_text(crafted_pdf(pages=1, megabytes_a_page=6), "crafted.pdf")
