"""Test letters and reports for the importer, their expected readings, and a PDF maker."""

import base64
import html
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from findings.importer.draft import Draft
from findings.seed import SEFTON_DATA

DATA = Path(__file__).resolve().parent / "data"
SIXTH_VISIT_LETTER = DATA / "sefton-sixth-monitoring-visit-letter.txt"
SEFTON_REPORT_2022 = DATA / "sefton-ilacs-inspection-2022.txt"
SOUTHDALE_REPORT_2023 = DATA / "southdale-ilacs-inspection-2023.txt"
EXPECTATIONS = json.loads((DATA / "import-expectations.json").read_text(encoding="utf-8"))
OWN_LETTERS = EXPECTATIONS["letters"]  # letters written for these tests, by file name

SEFTON = json.loads(SEFTON_DATA.read_text(encoding="utf-8"))
SIXTH_VISIT = next(e for e in SEFTON["events"] if e["key"] == "mv6-2024")
INSPECTION_2022 = next(e for e in SEFTON["events"] if e["key"] == "ilacs-2022")
SEFTON_AREAS = {area["key"]: area for area in SEFTON["areas"]}


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@dataclass
class Score:
    paragraphs: int
    expected: int
    right_area: int
    right_polarity: int
    right_both: int

    def __str__(self):
        return (
            f"{self.paragraphs} of {self.expected} paragraphs found; {self.right_area} matched to "
            f"the right area, {self.right_polarity} to the right polarity, {self.right_both} both"
        )


def score(draft: Draft, expected: list[tuple[str, int, object, str]], area_of) -> Score:
    """Compare the draft's findings with (section, paragraph, expected area, polarity) rows;
    `area_of(draft, finding)` gives the finding's area in the same terms as the expected one."""
    right_area = right_polarity = right_both = 0
    for finding, (section, paragraph, area, polarity) in zip(
        draft.findings, expected, strict=False
    ):
        assert (finding.section, finding.paragraph) == (section, paragraph)
        area_ok = area_of(draft, finding) == area
        polarity_ok = finding.polarity == polarity
        right_area += area_ok
        right_polarity += polarity_ok
        right_both += area_ok and polarity_ok
    return Score(len(draft.findings), len(expected), right_area, right_polarity, right_both)


def pdf_of(text: str, *, header: str = "") -> bytes:
    """The text laid out as a PDF by WeasyPrint, roughly as Ofsted's letters are: paragraphs
    with space between them (a line break stays a line break), lists as bullets, page numbers in
    the footer and, if given, a running header."""
    from weasyprint import HTML

    parts = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.strip().split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.startswith(("- ", "• ")) for line in lines):
            items = "".join(f"<li>{html.escape(line[2:])}</li>" for line in lines)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append("<p>" + "<br>".join(html.escape(line) for line in lines) + "</p>")
    header_css = f'@top-center {{ content: "{header}" }}' if header else ""
    document = (
        "<html><head><style>"
        f"@page {{ size: A4; margin: 2.5cm 2cm; @bottom-center {{ content: counter(page) }} {header_css} }}"
        "body { font-family: sans-serif; font-size: 11pt; line-height: 1.4 }"
        "p { margin: 0 0 0.8em }"
        "</style></head><body>" + "".join(parts) + "</body></html>"
    )
    return HTML(string=document).write_pdf()


def scanned_pdf() -> bytes:
    """A PDF with an image of a page and no text layer, as a scanner makes."""
    from PIL import Image, ImageDraw
    from weasyprint import HTML

    image = Image.new("RGB", (600, 300), "white")
    draw = ImageDraw.Draw(image)
    for row in range(12):
        draw.line((40, 30 + row * 20, 560, 30 + row * 20), fill="black", width=6)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    source = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    return HTML(string=f'<html><body><img src="{source}" alt=""></body></html>').write_pdf()


def blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
