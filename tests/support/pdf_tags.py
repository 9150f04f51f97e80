"""Reading a tagged PDF back as a screen reader does: its catalogue (language, title, marked),
its structure tree in reading order, each element with the text of the marked content it owns,
and the page content that is marked as an artefact instead (running headers and footers)."""

import io
from dataclasses import dataclass, field

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject


@dataclass
class Marked:
    """One marked-content sequence of a page's content stream."""

    tag: str  # "/Span", "/Figure", "/Artifact", …
    mcid: int | None
    text: str = ""


@dataclass
class Element:
    """A structure element, with its marked content (page index, MCID) in the order it owns it."""

    role: str  # "H1", "Table", "TH", …
    obj: DictionaryObject
    children: list["Element"] = field(default_factory=list)
    content: list[tuple[int, int]] = field(default_factory=list)
    own_text: str = ""

    @property
    def attributes(self) -> dict:
        attributes = self.obj.get("/A")
        return dict(attributes.get_object()) if attributes is not None else {}

    @property
    def alt(self) -> str | None:
        alt = self.obj.get("/Alt")
        return None if alt is None else str(alt)

    @property
    def text(self) -> str:
        """What a screen reader reads for this element and everything under it."""
        parts = [self.own_text, *(child.text for child in self.children)]
        return " ".join(" ".join(parts).split())

    def walk(self, depth: int = 0):
        yield depth, self
        for child in self.children:
            yield from child.walk(depth + 1)

    def find(self, role: str) -> list["Element"]:
        return [element for _, element in self.walk() if element.role == role]


class TaggedPDF:
    def __init__(self, data: bytes):
        self.reader = PdfReader(io.BytesIO(data))
        self.catalog = self.reader.trailer["/Root"]
        self.pages = [_marked_content(page) for page in self.reader.pages]
        # Text drawn outside any marked content, on each page: neither tagged nor an artefact.
        self.unmarked = [
            " ".join(marked.text for marked in sequences if marked.tag == "").strip()
            for sequences in self.pages
        ]
        self._page_index = {
            page.indirect_reference.idnum: index for index, page in enumerate(self.reader.pages)
        }
        self.reachable: set[int] = set()
        tree = self.catalog.get("/StructTreeRoot")
        self.root = self._element(tree, page=None) if tree is not None else None

    @property
    def struct_tree_root(self) -> DictionaryObject | None:
        tree = self.catalog.get("/StructTreeRoot")
        return None if tree is None else tree.get_object()

    def _element(self, reference, page: int | None) -> Element:
        obj = reference.get_object()
        if isinstance(reference, IndirectObject):
            self.reachable.add(reference.idnum)
        if "/Pg" in obj:
            page = self._page_index[obj.raw_get("/Pg").idnum]
        element = Element(role=str(obj.get("/S", obj.get("/Type", ""))).lstrip("/"), obj=obj)
        kids = obj.get("/K", [])
        if not isinstance(kids, ArrayObject):
            kids = [kids]
        for kid in kids:
            if isinstance(kid, int):
                element.content.append((page, int(kid)))
                element.own_text += self.marked(page, int(kid)).text
            else:
                kid_obj = kid.get_object()
                if kid_obj.get("/Type") in ("/OBJR", "/MCR"):
                    continue
                element.children.append(self._element(kid, page))
        return element

    def marked(self, page: int, mcid: int) -> Marked:
        matches = [marked for marked in self.pages[page] if marked.mcid == mcid]
        assert len(matches) == 1, f"page {page + 1}: MCID {mcid} marked {len(matches)} times"
        return matches[0]

    def headings(self) -> list[tuple[int, str]]:
        """(level, text) of each heading, in reading order."""
        return [
            (int(element.role[1]), element.text)
            for _, element in self.root.walk()
            if element.role in {"H1", "H2", "H3", "H4", "H5", "H6"}
        ]

    def parent_tree(self) -> dict[int, list]:
        """The ParentTree: for each page, the structure element of each MCID (by index)."""
        numbers = self.struct_tree_root["/ParentTree"].get_object()["/Nums"]
        return {
            int(numbers[i]): list(numbers[i + 1].get_object())
            for i in range(0, len(numbers), 2)
            if isinstance(numbers[i + 1].get_object(), ArrayObject)
        }

    def artefact_text(self, page: int) -> str:
        return " ".join(
            " ".join(
                marked.text for marked in self.pages[page] if marked.tag == "/Artifact"
            ).split()
        )

    def tagged_text(self, page: int) -> str:
        """The text on a page that the structure tree owns."""
        return " ".join(
            " ".join(marked.text for marked in self.pages[page] if marked.mcid is not None).split()
        )


def _marked_content(page) -> list[Marked]:
    """Each marked-content sequence of the page, with the text drawn inside it (innermost)."""
    sequences: list[Marked] = []
    stack: list[Marked] = []
    outside = Marked(tag="", mcid=None)  # (its tag is "")

    def before(operator, operands, cm, tm):
        if operator in (b"BDC", b"BMC"):
            properties = operands[1] if operator == b"BDC" else None
            if isinstance(properties, IndirectObject):
                properties = properties.get_object()
            mcid = properties.get("/MCID") if isinstance(properties, DictionaryObject) else None
            marked = Marked(tag=str(operands[0]), mcid=None if mcid is None else int(mcid))
            sequences.append(marked)
            stack.append(marked)
        elif operator == b"EMC":
            stack.pop()

    def text(content, cm, tm, font, size):
        (stack[-1] if stack else outside).text += content

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return [*sequences, outside]
