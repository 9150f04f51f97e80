"""Every real Ofsted document of the reference set (../shared/reference/ofsted/, when it is there:
CI has it) read as a person reads its first page: what kind of document it is, the authority as
printed, the fieldwork dates, the letter's or publication date, the inspectors and the judgements.
The truth is tests/data/ofsted-corpus-expectations.json, typed in by reading each document.

Each PDF is read once per test session (reading one takes about a second)."""

import datetime
import functools
import json
from pathlib import Path

import pytest

from findings.importer.parsing.documents import parse_document
from findings.importer.parsing.draft import Draft
from findings.importer.parsing.pdf import pdf_text
from tests.support.importing import DATA

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT.parent / "shared" / "reference" / "ofsted"
EXPECTED = json.loads((DATA / "ofsted-corpus-expectations.json").read_text(encoding="utf-8"))
DOCUMENTS = EXPECTED["documents"]
PDFS = [doc for doc in DOCUMENTS if "file" in doc]

needs_reference = pytest.mark.skipif(
    not REFERENCE.is_dir(), reason=f"the reference documents are not here ({REFERENCE})"
)


@functools.cache
def draft_of(source: str) -> Draft:
    """The draft of a reference PDF ('focused-visits/dorset_2019-10-01.pdf') or of a text file
    in tests/data ('text:…'), read once."""
    if source.startswith("text:"):
        return parse_document((DATA / source.removeprefix("text:")).read_text(encoding="utf-8"))
    path = REFERENCE / source
    return parse_document(pdf_text(path.read_bytes(), path.name))


def _source(doc: dict) -> str:
    return doc["file"] if "file" in doc else "text:" + doc["text"]


def _id(doc: dict) -> str:
    return Path(_source(doc).removeprefix("text:")).stem


def _day(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def first_page(draft: Draft, doc: dict) -> dict:
    """The draft's reading of the facts the expectation gives, in the expectation's terms."""
    event = draft.event
    found = {
        "document": draft.document,
        "kind": event.kind,
        "authority": event.authority_name,
        "fieldwork": [event.fieldwork_start, event.fieldwork_end],
        "published": event.published_on,
        "lead_inspector": event.lead_inspector,
        "judgements": {j.judgement: j.grade for j in draft.judgements},
        "inspectors": event.inspectors,
        "layout": draft.judgement_layout,
        "visit_number": event.visit_number,
        "theme": event.theme,
        "agencies": event.agencies,
    }
    return {name: found[name] for name in _expected(doc)}


def _expected(doc: dict) -> dict:
    facts = {k: v for k, v in doc.items() if k not in ("file", "text")}
    facts["fieldwork"] = [_day(day) for day in facts["fieldwork"]]
    facts["published"] = _day(facts["published"])
    return facts


@pytest.mark.parametrize("doc", DOCUMENTS, ids=[_id(doc) for doc in DOCUMENTS])
def test_each_document_reads_as_its_first_page_does(doc):
    if "file" in doc and not REFERENCE.is_dir():
        pytest.skip(f"the reference documents are not here ({REFERENCE})")
    assert first_page(draft_of(_source(doc)), doc) == _expected(doc)


@needs_reference
def test_the_expectations_cover_every_document_of_the_reference_set():
    listed = {doc["file"] for doc in PDFS}
    present = {str(path.relative_to(REFERENCE)) for path in REFERENCE.rglob("*.pdf")}
    assert listed == present


KINDS_WITH_A_LIST = {"inspection_report", "focused_letter"}


@needs_reference
@pytest.mark.parametrize("doc", PDFS, ids=[_id(doc) for doc in PDFS])
def test_each_document_gives_its_findings_and_its_list_of_what_needs_to_improve(doc):
    draft = draft_of(_source(doc))
    sections = {finding.section for finding in draft.findings}
    if doc["document"] != "focused_letter":  # letters of the pandemic have no overview
        assert "headline" in sections
    assert sections & {"findings", "report"}
    report = [finding.paragraph for finding in draft.findings if finding.section == "report"]
    # A report's findings are its numbered paragraphs, none lost or merged.
    assert report == list(range(report[0], report[0] + len(report))) if report else True
    if doc["document"] in KINDS_WITH_A_LIST:
        assert draft.areas
    for area in draft.areas:
        # Footnote markers and framework references are kept apart from the wording.
        assert "national framework" not in area.wording.lower()
        assert not area.wording.lower().startswith(("what needs", "recommendations"))
        assert 15 <= len(area.wording) <= 600, area.wording
    for finding in draft.findings:
        assert len(finding.text) >= 40, finding.text
