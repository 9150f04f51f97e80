"""Tagged PDF for screen readers (PDF/UA-1): what WeasyPrint's own tagging leaves out.

`html_to_pdf` writes every letter and digest with `pdf_variant="pdf/ua-1"`: WeasyPrint 70 then
gives the catalogue its /Lang (from <html lang>), its title (from <title>, shown by the viewer),
and builds the structure tree from the HTML: headings, paragraphs, sections, lists, tables whose
data cells name their header cells (/Headers, from each <th scope>), and a Figure for each chart.
Three gaps remain, closed here for every document:

- A chart's alternative text. WeasyPrint reads only an inline SVG's <title>; the charts
  (findings.charts, through sefton_tracker.core.svg.chart_svg) say what they show in their
  <desc>, the same words as their table view. `describe_charts` works on the parsed HTML before
  layout, making the <title> WeasyPrint reads the title and the description together: the HTML is
  where the words are, and after layout nothing ties a Figure back to the <svg> it was drawn from.
- Header cells' /Scope, which WeasyPrint does not write. `finish` (the `finisher` write_pdf calls
  with the pydyf PDF before it is written) takes it from each <th>'s own scope attribute, through
  the laid-out table cell that WeasyPrint tagged: the same attribute that gave the data cells
  their /Headers, so the two always agree.
- Running headers and footers (the CSS margin boxes). WeasyPrint marks their text as content with
  an MCID and maps it in the ParentTree to structure elements that it leaves out of the tree (an
  artefact inside the tree needs PDF 2.0): text neither in the tree nor an artefact. `finish`
  remarks it `/Artifact <</Type /Pagination>>` in the page's content stream, numbers the page's
  remaining marked content again from 0 and drops the orphans from the ParentTree.

`finish` also puts each Figure's /BBox in the page's coordinates (WeasyPrint writes CSS pixels
from the top of the page), for tools that reflow or point at the chart.

`finish` relies on WeasyPrint 70's tagging (the table cell's `mark`, margin boxes' orphans);
tests/reports/test_tagged_pdfs.py reads every kind of PDF back and fails if an upgrade changes it.
"""

import logging
import xml.etree.ElementTree as ET

import pydyf

logger = logging.getLogger(__name__)

SVG = "{http://www.w3.org/2000/svg}"
PAGINATION = pydyf.Dictionary({"Type": "/Pagination"})


def chart_alternative(title: str, description: str) -> str:
    """A chart's alternative text: its title, then what it shows."""
    title, description = " ".join(title.split()), " ".join(description.split())
    if title and description and title[-1] not in ".!?:":
        title += "."
    return " ".join(part for part in (title, description) if part)


def describe_charts(root: ET.Element) -> None:
    """Gives each inline SVG of the parsed HTML the <title> WeasyPrint reads as its Figure's /Alt:
    its title and its description."""
    for svg in root.iter(f"{SVG}svg"):
        title, description = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        words = chart_alternative(_text(title), _text(description))
        if not words:
            logger.error("A chart (svg id=%r) has no <title> or <desc>", svg.get("id"))
            continue
        if title is None:
            title = ET.Element(f"{SVG}title")
            svg.insert(0, title)
        for child in list(title):
            title.remove(child)
        title.text = words


def finish(document, pdf: pydyf.PDF) -> None:
    """The write_pdf finisher: header cells' scope, running headers and footers as artefacts."""
    if "StructTreeRoot" not in pdf.catalog:
        return
    _scope_header_cells(document)
    tree = _Tree(pdf)
    tree.mark_orphans_as_artefacts()
    tree.place_figures([page.height for page in document.pages])


def _text(element: ET.Element | None) -> str:
    return "" if element is None else "".join(element.itertext())


def _boxes(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(getattr(child, "_box", child))  # (an absolute box's placeholder)


def _scope_header_cells(document) -> None:
    for page in document.pages:
        for box in _boxes(page._page_box):
            element = getattr(box, "mark", None)
            if box.element_tag == "th" and element is not None:
                row = box.element.get("scope") == "row"  # as WeasyPrint's /Headers read it
                element["A"]["Scope"] = "/Row" if row else "/Column"


class _Tree:
    """The structure tree of a pydyf PDF, whose references are b"<number> 0 R"."""

    def __init__(self, pdf: pydyf.PDF):
        self.pdf = pdf
        self.root = self.get(pdf.catalog["StructTreeRoot"])
        self.figures = []
        self.reachable = self._reachable()  # (and self.figures)
        self.still_mapped = set()  # orphans whose marked content could not be found

    def get(self, reference) -> pydyf.Object:
        return self.pdf.objects[int(reference.split()[0])]

    def _reachable(self) -> set[int]:
        numbers, stack = set(), list(self.root["K"])
        while stack:
            kid = stack.pop()
            if isinstance(kid, int):  # an MCID
                continue
            element = self.get(kid)
            if element.number in numbers:
                continue
            numbers.add(element.number)
            if element.get("S") == "/TH" and "Scope" not in element["A"]:
                logger.warning("A header cell's scope was not found in the HTML")
            if element.get("S") == "/Figure":
                self.figures.append(element)
            stack.extend(element.get("K", ()))
        return numbers

    def mark_orphans_as_artefacts(self) -> None:
        numbers = self.get(self.root["ParentTree"])["Nums"]
        pages = self.pdf.pages["Kids"][::3]
        for index in range(0, len(numbers), 2):
            page, parents = numbers[index], numbers[index + 1]
            if isinstance(parents, pydyf.Array) and page < len(pages):
                self._page(self.get(self.pdf.objects[pages[page]]["Contents"]), parents)
        for element in self.pdf.objects:
            if (
                isinstance(element, pydyf.Dictionary)
                and element.get("Type") == "/StructElem"
                and element.number not in self.reachable | self.still_mapped
            ):
                element.clear()  # nothing refers to it any more

    def place_figures(self, page_heights: list[float]) -> None:
        """A Figure's /BBox in the page's PDF coordinates: WeasyPrint gives its box in CSS pixels
        from the top of the page (points are 3/4 of a pixel, at the zoom html_to_pdf writes)."""
        pages = {number: index for index, number in enumerate(self.pdf.pages["Kids"][::3])}
        for figure in self.figures:
            box = figure.get("A", {}).get("BBox")
            if box is None:
                continue
            height = page_heights[pages[int(figure["Pg"].split()[0])]]
            x1, y1, x2, y2 = box
            box[:] = [x1 * 0.75, (height - y2) * 0.75, x2 * 0.75, (height - y1) * 0.75]

    def _page(self, stream: pydyf.Stream, parents: pydyf.Array) -> None:
        orphans = {
            mcid
            for mcid, parent in enumerate(parents)
            if self.get(parent).number not in self.reachable
        }
        if not orphans:
            return
        markers = _mcid_markers(stream)
        renumbered, kept = {}, pydyf.Array()
        for mcid, parent in enumerate(parents):
            if mcid in orphans and mcid in markers:
                tag_index = markers[mcid] - 1
                stream.stream[tag_index : tag_index + 2] = ["/Artifact", PAGINATION]
            else:
                if mcid in orphans:
                    logger.warning("Marked content %d is outside the page's content stream", mcid)
                    self.still_mapped.add(self.get(parent).number)
                renumbered[mcid] = len(kept)
                kept.append(parent)
        for mcid, new in renumbered.items():
            if mcid in markers:
                stream.stream[markers[mcid]]["MCID"] = new
        for number in {self.get(parent).number for parent in kept}:
            element = self.pdf.objects[number]
            element["K"] = pydyf.Array(
                renumbered[kid] if isinstance(kid, int) else kid for kid in element["K"]
            )
        parents[:] = kept


def _mcid_markers(stream: pydyf.Stream) -> dict[int, int]:
    """Where each MCID's property list is in the stream: `/Tag <</MCID n>> BDC`."""
    items = stream.stream
    return {
        items[index - 1]["MCID"]: index - 1
        for index, item in enumerate(items)
        if item == b"BDC" and isinstance(items[index - 1], pydyf.Dictionary)
        if "MCID" in items[index - 1]
    }
