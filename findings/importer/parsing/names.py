"""Names in Ofsted documents: the local authority, the inspectors and the signatory."""

import re

from .text import Paragraph

_CHILDRENS_SERVICES = r"(?:\s+local\s+authority)?\s+children[’']?s\s+services"
AUTHORITY_PATTERNS = [
    re.compile(
        r"\bmonitoring\s+visit\s+(?:to|of)\s+(?:the\s+)?(?P<name>[A-Z][\w’'&,\- \n]{1,80}?)"
        + _CHILDRENS_SERVICES,
        re.I,
    ),
    re.compile(
        r"\binspection\s+of\s+(?:the\s+)?(?P<name>[A-Z][\w’'&,\- \n]{1,80}?)" + _CHILDRENS_SERVICES,
        re.I,
    ),
]
ROLE = re.compile(
    r"\(?\b(?:senior\s+)?(?:(?:his|her)\s+majesty[’']s\s+inspector|hmi|ofsted\s+inspector|"
    r"social\s+care\s+regulatory\s+inspector|regional\s+director|lead\s+inspector)s?\b\)?",
    re.I,
)
NAME = re.compile(
    r"^[A-Z][A-Za-z’'\-]+(?:\s+(?:[A-Z][A-Za-z’'\-]+|de|van|von|da|le|la|du|del|di|bin|ter)){1,4}$"
)
INSPECTOR_SENTENCES = [
    # "His Majesty's Inspectors for this visit were Lisa Summers and Rachel Fairhurst."
    re.compile(r"\binspectors?\b[^.]*?\b(?:was|were)\s+(?P<names>[^.]+?)\.(?=\s|$)", re.I),
    # "This visit was carried out by His Majesty's Inspectors Lisa Summers and Rachel Fairhurst."
    re.compile(
        r"\b(?:carried\s+out|conducted|undertaken)\s+by\s+(?:(?:his|her)\s+majesty[’']s\s+)?"
        r"inspectors?\s+(?P<names>[^.]+?)\.(?=\s|$)",
        re.I,
    ),
]


def authority_from_title(text: str) -> str:
    """The authority's name as the document writes it ('Sefton', 'London Borough of Newham')."""
    for pattern in AUTHORITY_PATTERNS:
        if match := pattern.search(text):
            name = re.sub(r"\s+", " ", match["name"]).strip(" ,")
            if 2 <= len(name) <= 80:
                return name
    return ""


def _clean_name(text: str) -> str:
    text = text.replace("*", "")
    text = ROLE.sub(" ", text)
    text = re.sub(r"\(.*?\)", " ", text)
    return re.sub(r"\s+", " ", text).strip(" ,;:")


def inspector_names(text: str) -> list[str]:
    """Inspectors named in a sentence like '… Inspectors for this visit were A, B and C.'
    A name marked '(lead inspector)' comes first."""
    for pattern in INSPECTOR_SENTENCES:
        for match in pattern.finditer(text or ""):
            parts = re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", match["names"])
            lead = [p for p in parts if re.search(r"\blead\b", p, re.I)]
            names = []
            for part in lead + [p for p in parts if p not in lead]:
                name = _clean_name(part)
                if NAME.match(name) and name not in names:
                    names.append(name)
            if names:
                return names
    return []


def signatory(items: list[Paragraph]) -> str:
    """The name the letter is signed with, after 'Yours sincerely'."""
    for item in items:
        if item.kind == "heading":
            continue
        name = _clean_name(item.text)
        if NAME.match(name):
            return name
    return ""
