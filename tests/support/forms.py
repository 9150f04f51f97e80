"""What the tests post to the forms, and how they read a page's error summary."""

import datetime
import re
from html import unescape
from html.parser import HTMLParser

from visits.models import Judgement


def date_fields(name: str, value: datetime.date | None) -> dict[str, str]:
    if value is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {
        f"{name}_day": str(value.day),
        f"{name}_month": str(value.month),
        f"{name}_year": str(value.year),
    }


def event_data(**overrides) -> dict[str, str]:
    """A valid seventh monitoring visit, as the event form posts it."""
    data = {
        "kind": "monitoring",
        "visit_number": "7",
        **date_fields("fieldwork_start", datetime.date(2025, 1, 21)),
        **date_fields("fieldwork_end", datetime.date(2025, 1, 22)),
        **date_fields("published_on", datetime.date(2025, 2, 20)),
        "inspectors": "Lisa Summers, Rachel Fairhurst",
        "lead_inspector": "Lisa Summers",
        "source_reference": "Ofsted monitoring visit letter, 20 February 2025",
        "headline_summary": "",
        **dict.fromkeys(Judgement.Name.values, ""),
    }
    data.update(overrides)
    return data


def management(prefix: str, total: int, initial: int) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _summary_html(response) -> str:
    """The error summary's markup: from its opening <div> to the matching </div>."""
    content = response.content.decode()
    start = content.find('<div class="govuk-error-summary"')
    if start < 0:
        return ""
    depth = 0
    for tag in re.finditer(r"<(/?)div\b", content[start:]):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return content[start : start + tag.end()]
    return content[start:]


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def error_summary(response) -> list[tuple[str, str]]:
    """The error summary's links as (target id, text); empty when the page has none."""
    return [
        (target, _text(text))
        for target, text in re.findall(
            r'<a href="#([^"]*)">(.*?)</a>', _summary_html(response), re.S
        )
    ]


def summary_text(response) -> str:
    """Everything the error summary says, as plain text."""
    return _text(_summary_html(response))


class _FormReader(HTMLParser):
    """The fields of each <form> on a page, as a browser would send them unchanged."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._form: list[tuple[str, str]] | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self._option: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = []
            self.forms.append(self._form)
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._form.append((name, attrs.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self._form.append((self._select, attrs.get("value") or ""))

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_values(response) -> dict[str, str | list[str]]:
    """What the page's form (its largest: not the header's sign-out form) sends when submitted as
    shown: {name: value}, or {name: [values]} for a name given more than once."""
    reader = _FormReader()
    reader.feed(response.content.decode())
    assert reader.forms, "no form on the page"
    values: dict[str, str | list[str]] = {}
    for name, value in max(reader.forms, key=len):
        if name in values:
            previous = values[name]
            values[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            values[name] = value
    return values
