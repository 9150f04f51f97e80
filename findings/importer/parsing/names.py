"""Names in Ofsted documents: the local authority, the inspectors and the signatory."""

import re

from .text import Paragraph, normalise

_CHILDRENS_SERVICES = r"(?:\s+local\s+authority)?\s+children[’']?s\s+services"
_NAME = r"(?P<name>[A-Z][\w’'&,.\- ]{1,80}?)"
# Titles that name the authority: "Monitoring visit to Sefton children's services", "Focused
# visit to Hounslow local authority children's services", "Inspection of Isle of Wight local
# authority children's services".
AUTHORITY_PATTERNS = [
    re.compile(
        r"\b(?:monitoring|focused(?:\s+assurance)?|assurance)\s+visit\s+(?:to|of)\s+(?:the\s+)?"
        + _NAME
        + _CHILDRENS_SERVICES,
        re.I,
    ),
    re.compile(r"\binspection\s+of\s+(?:the\s+)?" + _NAME + _CHILDRENS_SERVICES, re.I),
]
# Reports from 2013 to 2021 print the authority's name above a title that does not name it:
# "London Borough of Barnet / Inspection of children's social care services", "City of
# Wolverhampton / Inspection of services for children in need of help and protection, …".
UNNAMED_TITLE = re.compile(
    r"^inspection\s+of\s+(?:children[’']?s\s+social\s+care\s+services|services\s+for\s+children)",
    re.I,
)
NOT_A_NAME = re.compile(r"^(?:the\s+|a\s+|this\s+)?local\s+authority\b|\bvisit\b", re.I)
ROLE = re.compile(
    r"\(?\b(?:senior\s+)?(?:(?:his|her)\s+majesty[’']s\s+inspector|(?:designated\s+|s)?hmi|"
    r"ofsted\s+inspector|social\s+care\s+regulatory\s+inspector|regional\s+director|"
    r"(?:deputy\s+)?lead\s+inspector|additional\s+inspector)s?\b\)?",
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
    """The authority's name as the document's title writes it ('Sefton', 'London Borough of
    Newham', 'Isle of Wight'): the first title that names one."""
    flat = re.sub(r"\s+", " ", normalise(text))
    found = [_name_above_title(text)] if _name_above_title(text) else []
    for pattern in AUTHORITY_PATTERNS:
        for match in pattern.finditer(flat):
            name = match["name"].strip(" ,")
            if 2 <= len(name) <= 80 and not NOT_A_NAME.search(name):
                found.append((match.start(), name))
                break
    return min(found)[1] if found else ""


def _name_above_title(text: str) -> tuple[int, str] | None:
    """(0, the name) when the document opens with its authority's name above such a title."""
    lines = [line for line in normalise(text).split("\n")[:40] if line]
    for index, line in enumerate(lines[:5]):
        if UNNAMED_TITLE.match(line):
            above = lines[:index]
            if above and all(len(part) <= 60 and not re.search(r"\d", part) for part in above):
                return 0, " ".join(above)
            return None
    return None


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
