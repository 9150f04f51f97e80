"""Reading PDFs: a letter laid out by WeasyPrint reads as its text does; anything else is refused
with a message that says why."""

import re
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


def _pdf_drawing_a_form(*, form_bytes: int, uses: int) -> bytes:
    """One page whose own content is tiny but draws a form XObject (a reusable piece of page
    content) `uses` times, the form itself inflating to `form_bytes` of drawing instructions."""
    import io

    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    line = b"BT /F1 9 Tf 40 800 Td (All work and no play makes a dull report.) Tj ET\n"
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    form = DecodedStreamObject()
    form.set_data(line * max(1, form_bytes // len(line)))
    helvetica = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): _box(),
            NameObject("/Resources"): DictionaryObject(
                {NameObject("/Font"): DictionaryObject({NameObject("/F1"): helvetica})}
            ),
        }
    )
    form_ref = writer._add_object(form.flate_encode())
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): DictionaryObject({NameObject("/Fm1"): form_ref})}
    )
    content = DecodedStreamObject()
    # Each use a line lower, as a letterhead's pieces are placed.
    content.set_data(b"".join(b"q 1 0 0 1 0 -%d cm /Fm1 Do Q\n" % (12 * n) for n in range(uses)))
    page[NameObject("/Contents")] = writer._add_object(content.flate_encode())
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _box():
    from pypdf.generic import ArrayObject, FloatObject

    return ArrayObject([FloatObject(0), FloatObject(0), FloatObject(595), FloatObject(842)])


def test_content_hidden_in_a_form_drawn_by_the_page_counts_too():
    with pytest.raises(ImportProblem, match="holds far more page content"):
        pdf_text(_pdf_drawing_a_form(form_bytes=3 * 1024 * 1024, uses=1), "crafted.pdf")


def test_a_small_form_drawn_thousands_of_times_counts_each_time():
    data = _pdf_drawing_a_form(form_bytes=4 * 1024, uses=5000)  # 20 MB of drawing in all
    assert len(data) < 100 * 1024
    with pytest.raises(ImportProblem, match="holds far more page content"):
        pdf_text(data, "crafted.pdf")


def test_a_form_drawn_a_few_times_as_letterheads_are_is_read():
    text = pdf_text(_pdf_drawing_a_form(form_bytes=2 * 1024, uses=3), "letterhead.pdf")
    assert "All work and no play" in text


def test_reading_that_runs_past_its_time_is_stopped_with_a_message(monkeypatch):
    from findings.importer.parsing import pdf

    monkeypatch.setattr(pdf, "MAX_READ_SECONDS", 0)
    with pytest.raises(ImportProblem, match="slow.pdf took too long to read"):
        pdf_text(pdf_of(read(SIXTH_VISIT_LETTER)), "slow.pdf")


def test_a_long_report_of_the_single_inspection_framework_is_not_refused_for_its_length():
    # Reports of 2013 to 2017 run to about 45 pages.
    text = pdf_text(pdf_of("\n\n".join(f"Paragraph {n}." for n in range(1, 900))))
    assert "Paragraph 899." in text


def test_a_table_reads_row_by_row_with_each_grade_beside_its_judgement():
    from weasyprint import HTML

    rows = "".join(
        f"<tr><td>{label}</td><td>{grade}</td></tr>"
        for label, grade in [
            ("The impact of leaders on social work practice with children and families", "Good"),
            ("The experiences and progress of children who need help and protection", "Good"),
            ("Overall effectiveness", "Requires improvement to be good"),
        ]
    )
    table = f"<table><tr><th>Judgement</th><th>Grade</th></tr>{rows}</table>"
    style = (
        "<style>table { width: 100% } td, th { vertical-align: top; text-align: left }"
        " td:first-child { width: 55% }</style>"
    )
    html = f"{style}<p>Inspection of Northmoor</p>{table}"
    text = pdf_text(HTML(string=html).write_pdf())
    lines = [line for line in text.splitlines() if line.strip()]
    assert any(
        re.match(r"^Overall effectiveness\s{2,}Requires improvement to be good$", line)
        for line in lines
    ), lines
    assert any(re.match(r"^The impact of leaders .*\s{2,}Good$", line) for line in lines), lines


def test_words_are_not_split_and_hyphens_at_line_ends_are_kept():
    text = pdf_text(
        pdf_of(
            "Decision-making at the front door is timely, and multi-agency safeguarding "
            "arrangements are well understood by partners across the partnership. " * 6
        )
    )
    flat = " ".join(text.split())
    assert "Decision-making" in flat
    assert "multi-agency" in flat or "multi- agency" in flat
    for word in ("safeguarding", "arrangements", "understood", "partnership"):
        assert flat.count(word) == 6, word
