"""Test letters and reports for the importer, their expected readings, and a PDF maker."""

import base64
import html
import io
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from findings.importer.parsing.draft import Draft
from findings.seed import SEFTON_DATA

DATA = Path(__file__).resolve().parents[1] / "data"
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


def crafted_pdf(*, pages: int = 40, megabytes_a_page: int = 5) -> bytes:
    """A small PDF that inflates to a great deal of page content: each page a compressed text
    stream of `megabytes_a_page` MB (40 pages of 5 MB fit in under 1 MB), as a hostile upload
    might be."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    line = b"BT /F1 9 Tf 40 800 Td (All work and no play makes a dull report.) Tj ET\n"
    content = line * (megabytes_a_page * 1024 * 1024 // len(line))
    writer = PdfWriter()
    for _ in range(pages):
        page = writer.add_blank_page(width=595, height=842)
        stream = DecodedStreamObject()
        stream.set_data(content)
        page[NameObject("/Contents")] = writer._add_object(stream.flate_encode())
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._first_option: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "file"):
            if a.get("type") in ("radio", "checkbox"):
                if "checked" in a:
                    self.data[name] = a.get("value", "on")
            else:
                self.data[name] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self._select, self._first_option = name, None
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = a.get("value", "")
                self.data.setdefault(self._select, self._first_option)
            if "selected" in a:
                self.data[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def form_data(page: str) -> dict[str, str]:
    """What a browser would submit from the page's form, unchanged (the first form that posts)."""
    start = page.index('<form method="post"')
    end = page.index("</form>", start)
    reader = _FormReader()
    reader.feed(page[start:end])
    # A textarea's first newline belongs to the markup, as browsers read it.
    return {k: v[1:] if v.startswith("\n") else v for k, v in reader.data.items()}


def sefton_2022_only(tmp_path):
    """Sefton with only its 2022 inspection and the 14 areas it raised, as before any visit."""
    from findings.seed import load_journey
    from visits.models import LocalAuthority

    data = dict(SEFTON)
    data["events"] = [INSPECTION_2022]
    path = tmp_path / "sefton-2022.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    load_journey(path)
    return LocalAuthority.objects.get(ons_code="E08000014")
