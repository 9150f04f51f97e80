"""Reads tables out of a rendered page as a screen reader meets them: text hidden with
aria-hidden is left out, visually hidden text is kept."""

from html.parser import HTMLParser


class _TableReader(HTMLParser):
    def __init__(self, table_class: str):
        super().__init__()
        self.table_class = table_class
        self.depth = 0  # >0 while inside the wanted table
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.hidden: list[str] = []  # open tags inside an aria-hidden element

    def handle_startendtag(self, tag, attrs):
        pass  # void elements (<br>, <input>) hold no text

    def handle_starttag(self, tag, attrs):
        if self.hidden or dict(attrs).get("aria-hidden") == "true":
            self.hidden.append(tag)
            return
        classes = (dict(attrs).get("class") or "").split()
        if tag == "table" and (self.depth or self.table_class in classes):
            self.depth += 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if self.hidden:
            self.hidden.pop()
            return
        if tag == "table" and self.depth:
            self.depth -= 1
        elif self.depth and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None and not self.hidden:
            self.cell.append(data)


def table_rows(html: str, table_class: str) -> list[list[str]]:
    """Each row of the first table with `table_class`, as the text of its cells."""
    reader = _TableReader(table_class)
    reader.feed(html)
    return reader.rows
