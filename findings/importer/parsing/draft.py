"""A draft event read from a letter or report: plain data, convertible to and from JSON.

The draft is what an officer reviews before anything is saved. Findings refer to the draft's own
areas by `ref` (their place in the letter's list, from 1), because an area covered by the letter
may not exist yet: the review decides whether it is an existing area or a new one.
"""

import datetime
from dataclasses import MISSING, asdict, dataclass, field, fields

MONITORING_LETTER = "monitoring_letter"
FOCUSED_LETTER = "focused_letter"
JTAI_LETTER = "jtai_letter"
INSPECTION_REPORT = "inspection_report"
DOCUMENT_KINDS = {
    MONITORING_LETTER: "Ofsted monitoring visit letter",
    FOCUSED_LETTER: "Ofsted focused visit letter",
    JTAI_LETTER: "Joint targeted area inspection letter",
    INSPECTION_REPORT: "Ofsted inspection report",
}
# In sentences: "Check the imported focused visit letter".
DOCUMENT_NOUNS = {
    MONITORING_LETTER: "monitoring visit letter",
    FOCUSED_LETTER: "focused visit letter",
    JTAI_LETTER: "joint targeted area inspection letter",
    INSPECTION_REPORT: "inspection report",
}

# Judgement layouts of published ILACS reports.
LAYOUT_2018 = "2018-2022"  # children in care and care leavers judged together, plus overall
LAYOUT_2023 = "2023-2026"  # children in care and care leavers judged separately, plus overall
LAYOUT_2026 = "2026-"  # judged separately, and no overall effectiveness
LAYOUT_SIF = "2013-2017"  # the single inspection framework's judgements, before ILACS
LAYOUTS = {
    LAYOUT_SIF: "the layout of the single inspection framework (2013 to 2017), with judgements "
    "of its own",
    LAYOUT_2018: "the 2018 to 2022 layout, with children in care and care leavers judged together",
    LAYOUT_2023: "the 2023 to March 2026 layout, with children in care and care leavers judged "
    "separately",
    LAYOUT_2026: "the layout from April 2026, without overall effectiveness",
}


@dataclass
class EventFacts:
    kind: str  # an InspectionEvent.Kind value: "monitoring", "focused", "jtai", "standard"...
    authority_name: str = ""  # as the document names it, e.g. "Sefton"
    authority_ons_code: str = ""  # filled in once the authority is known
    visit_number: int | None = None
    fieldwork_start: datetime.date | None = None
    fieldwork_end: datetime.date | None = None
    published_on: datetime.date | None = None
    lead_inspector: str = ""
    inspectors: list[str] = field(default_factory=list)
    headline_summary: str = ""
    source_reference: str = ""
    # What a focused visit or joint targeted area inspection looked at ("children's mental
    # health"), and the inspectorates of a joint one, Ofsted first; both are written into the
    # source reference, which the event keeps.
    theme: str = ""
    agencies: list[str] = field(default_factory=list)


@dataclass
class DraftJudgement:
    judgement: str  # a Judgement.Name value
    grade: str  # a Judgement.Grade value
    wording: str = ""  # the grade as printed, e.g. "Requires improvement"


@dataclass
class DraftArea:
    ref: int  # its place in the document's list, from 1
    wording: str  # the document's own wording of the area, word for word
    area_id: int | None = None  # the existing area of concern it matches, if any
    area_title: str = ""  # that area's title, for people reading the draft
    score: float = 0.0  # how closely the wording matched (1.0: word for word)
    new_title: str = ""  # a proposed title, should it become a new area
    new_theme: str = ""  # a proposed theme (a Theme value), should it become a new area
    # The national framework's outcome or enabler the document cross-references the item to,
    # as printed ("outcome 3, national framework"), kept apart from its wording.
    framework_reference: str = ""
    priority_action: bool = False  # listed among a focused visit's areas for priority action
    # How sure the import is of the match (or of proposing a new area), from 0 to 1, and whether
    # it is marked for checking, with why (parsing/confidence.py).
    confidence: float = 0.0
    unsure: bool = False
    reason: str = ""


@dataclass
class DraftFinding:
    section: str  # a Finding.Section value: "headline", "findings" or "report"
    paragraph: int  # its paragraph within the section, from 1
    text: str
    polarity: str  # "strength", "weakness" or "mixed"
    area_ref: int | None = None  # the DraftArea it speaks to
    area_score: float = 0.0  # how closely its wording matched that area's (0 to 1)
    # How sure the import is of the area and of the polarity, from 0 to 1, and whether each is
    # marked for checking, with why (parsing/confidence.py).
    area_confidence: float = 0.0
    area_unsure: bool = False
    area_reason: str = ""
    polarity_confidence: float = 0.0
    polarity_unsure: bool = False
    polarity_reason: str = ""


@dataclass
class Draft:
    document: str  # a DOCUMENT_KINDS key: MONITORING_LETTER, INSPECTION_REPORT...
    event: EventFacts
    areas: list[DraftArea] = field(default_factory=list)
    findings: list[DraftFinding] = field(default_factory=list)
    judgements: list[DraftJudgement] = field(default_factory=list)
    judgement_layout: str = ""
    problems: list[str] = field(default_factory=list)  # what could not be found or is doubtful

    @property
    def document_label(self) -> str:
        if self.document == INSPECTION_REPORT and self.judgement_layout == LAYOUT_SIF:
            return "Ofsted inspection report (single inspection framework)"
        if self.document == INSPECTION_REPORT and self.judgement_layout:
            return "Ofsted ILACS inspection report"
        return DOCUMENT_KINDS.get(self.document, "Ofsted document")

    @property
    def judgement_layout_label(self) -> str:
        return LAYOUTS.get(self.judgement_layout, "")

    @property
    def document_noun(self) -> str:
        """'monitoring visit letter' or 'inspection report', for sentences."""
        return DOCUMENT_NOUNS.get(self.document, "document")

    @property
    def lists_improvements(self) -> bool:
        """Whether its areas are a list of what needs to improve (a report, a focused visit or
        joint inspection letter), rather than the areas a monitoring visit covered."""
        return self.document != MONITORING_LETTER

    def area(self, ref: int | None) -> DraftArea | None:
        return next((area for area in self.areas if area.ref == ref), None)

    def to_dict(self) -> dict:
        data = asdict(self)
        for name in ("fieldwork_start", "fieldwork_end", "published_on"):
            value = data["event"][name]
            data["event"][name] = value.isoformat() if value else None
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Draft":
        """The inverse of to_dict. Raises ValueError (or TypeError) naming what is wrong."""
        if not isinstance(data, dict):
            raise ValueError("The draft must be a JSON object.")
        event_data = _known(EventFacts, data.get("event") or {}, "event")
        for name in ("fieldwork_start", "fieldwork_end", "published_on"):
            value = event_data.get(name)
            if isinstance(value, str) and value:
                try:
                    event_data[name] = datetime.date.fromisoformat(value)
                except ValueError:
                    raise ValueError(
                        f"event.{name}: {value!r} is not a date written as YYYY-MM-DD."
                    ) from None
            elif not value:
                event_data[name] = None
        return cls(
            document=data.get("document") or MONITORING_LETTER,
            event=EventFacts(**event_data),
            areas=[
                DraftArea(**_known(DraftArea, item, f"areas[{i}]"))
                for i, item in enumerate(_list(data, "areas"))
            ],
            findings=[
                DraftFinding(**_known(DraftFinding, item, f"findings[{i}]"))
                for i, item in enumerate(_list(data, "findings"))
            ],
            judgements=[
                DraftJudgement(**_known(DraftJudgement, item, f"judgements[{i}]"))
                for i, item in enumerate(_list(data, "judgements"))
            ],
            judgement_layout=data.get("judgement_layout") or "",
            problems=[str(p) for p in _list(data, "problems")],
        )


def _list(data: dict, name: str) -> list:
    value = data.get(name) or []
    if not isinstance(value, list):
        raise ValueError(f"{name}: must be a list.")
    return value


def _known(cls, data, where: str) -> dict:
    """The entries of `data` that are fields of `cls`; unknown keys are ignored."""
    if not isinstance(data, dict):
        raise ValueError(f"{where}: must be a JSON object.")
    names = {f.name for f in fields(cls)}
    for f in fields(cls):
        if f.default is MISSING and f.default_factory is MISSING and f.name not in data:
            raise ValueError(f"{where}.{f.name}: this field is required.")
    return {key: value for key, value in data.items() if key in names}
