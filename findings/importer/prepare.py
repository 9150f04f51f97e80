"""From a document to a draft ready for review: read it, find its authority and match its areas
against the authority's areas of concern. Nothing is saved here."""

import re
from dataclasses import dataclass

from django.db.models import Prefetch

from visits.models import InspectionEvent, LocalAuthority

from ..models import AreaOfConcern, AreaReview
from .documents import parse_document
from .draft import Draft
from .errors import ImportProblem, UnknownAuthority
from .matching import AreaCandidate, assign_findings, match_areas
from .pdf import is_pdf, pdf_text
from .proposals import propose_new_areas

_COUNCIL_WORDS = re.compile(
    r"\b(?:the|london borough of|royal borough of|city of|metropolitan|borough|county|city|"
    r"district|council|local authority)\b"
)


def _bare(name: str) -> str:
    name = name.lower().replace("’", "'").replace("&", "and")
    name = _COUNCIL_WORDS.sub(" ", name)
    return " ".join(re.findall(r"[a-z0-9']+", name))


def find_authority(name: str) -> LocalAuthority | None:
    """The authority a document names ('Sefton' is Sefton Metropolitan Borough Council)."""
    wanted = _bare(name or "")
    if not wanted:
        return None
    authorities = list(LocalAuthority.objects.all())
    exact = [a for a in authorities if _bare(a.name) == wanted]
    if len(exact) == 1:
        return exact[0]
    partial = [
        a
        for a in authorities
        if _bare(a.name) and (_bare(a.name) in wanted or wanted in _bare(a.name))
    ]
    return partial[0] if len(partial) == 1 else None


def area_candidates(authority: LocalAuthority) -> list[AreaCandidate]:
    """The authority's areas of concern, with every wording earlier documents gave them."""
    areas = AreaOfConcern.objects.filter(authority=authority).prefetch_related(
        Prefetch(
            "reviews",
            queryset=AreaReview.objects.exclude(area_wording="").only("area_id", "area_wording"),
        )
    )
    return [
        AreaCandidate(
            id=area.pk,
            title=area.title,
            description=area.description,
            wordings=sorted({review.area_wording for review in area.reviews.all()}),
        )
        for area in areas
    ]


def existing_event(
    authority: LocalAuthority | None,
    *,
    kind: str,
    visit_number: int | None,
    fieldwork_start,
) -> InspectionEvent | None:
    """The event already recorded for a document, if any: the same monitoring visit number, or
    an event of the same kind that started on the same day."""
    if authority is None:
        return None
    events = InspectionEvent.objects.filter(authority=authority)
    if kind == InspectionEvent.Kind.MONITORING and visit_number:
        return events.filter(visit_number=visit_number).first()
    if fieldwork_start:
        return events.filter(kind=kind, fieldwork_start=fieldwork_start).first()
    return None


@dataclass
class Prepared:
    draft: Draft
    authority: LocalAuthority


def document_text(data: bytes, name: str) -> str:
    """The text of an uploaded file: a PDF's text layer, or a plain-text file decoded."""
    if is_pdf(data) or name.lower().endswith(".pdf"):
        return pdf_text(data, f"'{name}'")
    if not data.strip():
        raise ImportProblem(f"'{name}' is empty: there is no text to import.")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportProblem(f"'{name}' is neither a PDF nor a text file.")


def prepare(text: str, *, authority: LocalAuthority | None = None) -> Prepared:
    """Read the document and match it to `authority` (or the authority it names). Raises
    ImportProblem saying what could not be found."""
    draft = parse_document(text)
    if authority is None:
        authority = find_authority(draft.event.authority_name)
    if authority is None:
        named = draft.event.authority_name
        raise UnknownAuthority(
            f"The document is about '{named}', which is not a local authority in the tracker: "
            "choose the local authority and import it again."
            if named
            else "Could not find which local authority the document is about: choose the local "
            "authority and import it again."
        )
    draft.event.authority_ons_code = authority.ons_code
    candidates = area_candidates(authority)
    match_areas(draft, candidates)
    propose_new_areas(draft)
    assign_findings(draft, candidates)
    return Prepared(draft=draft, authority=authority)
