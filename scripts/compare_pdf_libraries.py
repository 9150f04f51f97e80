"""Measure PDF text libraries on the reference documents, for docs/pdf-text-library.md (not part
of the tests). Each library installed is measured; the others are skipped. Run it in a scratch
environment with the candidates installed, not the project's own:

    python -m venv /tmp/pdf-candidates
    /tmp/pdf-candidates/bin/pip install pypdf pypdfium2 pdfminer.six pymupdf weasyprint
    /tmp/pdf-candidates/bin/python scripts/compare_pdf_libraries.py

For each library, over every PDF in ../shared/reference/ofsted/: the processor time to read a
document's text (median, slowest, and the 15-page Wakefield report), the peak memory of a process
reading them all, the words it gives that poppler's `pdftotext` never gives (split or merged
words), how alike its word order is to pdftotext's, and how many of the facts a person reads on
each document's first page (tests/data/ofsted-corpus-expectations.json) the importer reads from
its text.
"""

import datetime
import difflib
import io
import json
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REFERENCE = ROOT.parent / "shared" / "reference" / "ofsted"
EXPECTATIONS = ROOT / "tests" / "data" / "ofsted-corpus-expectations.json"
WORD = re.compile(r"[A-Za-z0-9]+(?:[’'][A-Za-z]+)?")


def pypdf_layout(data: bytes) -> str:
    from pypdf import PdfReader

    return "\f".join(
        page.extract_text(extraction_mode="layout") for page in PdfReader(io.BytesIO(data)).pages
    )


def pypdf_plain(data: bytes) -> str:
    from pypdf import PdfReader

    return "\f".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def pypdfium2_text(data: bytes) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    pages = []
    for index in range(len(document)):
        textpage = document[index].get_textpage()
        pages.append(textpage.get_text_bounded())
        textpage.close()
    document.close()
    return "\f".join(pages)


def importer(data: bytes) -> str:
    """The importer's own reading (findings/importer/parsing/pdf.py): pypdf's checks, then
    PDFium's characters laid out as lines by position."""
    from findings.importer.parsing.pdf import pdf_text

    return pdf_text(data)


def pdfminer_text(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data))


def pymupdf_text(data: bytes) -> str:
    import pymupdf

    return "\f".join(page.get_text() for page in pymupdf.open(stream=data, filetype="pdf"))


def pdftotext(data: bytes, *options: str) -> str:
    done = subprocess.run(
        ["pdftotext", *options, "-enc", "UTF-8", "-", "-"], input=data, capture_output=True
    )
    return done.stdout.decode("utf-8")


LIBRARIES = {
    "pypdf (layout mode)": (pypdf_layout, "pypdf"),
    "pypdf (plain mode)": (pypdf_plain, "pypdf"),
    "pypdfium2 (its own text)": (pypdfium2_text, "pypdfium2"),
    "pypdfium2 laid out by position (the importer)": (importer, "pypdfium2"),
    "pdfminer.six": (pdfminer_text, "pdfminer"),
    "PyMuPDF": (pymupdf_text, "pymupdf"),
    "pdftotext -layout (poppler, a program of its own)": (
        lambda data: pdftotext(data, "-layout"),
        None,
    ),
}


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text.replace("\ufffe", "-").replace("\x02", "-"))]


def measure(name: str) -> dict:
    """In this process: read every reference PDF with one library."""
    read, _ = LIBRARIES[name]
    files = sorted(REFERENCE.rglob("*.pdf"))
    read(files[0].read_bytes())  # imports and first use
    seconds, texts = {}, {}
    for path in files:
        data = path.read_bytes()
        started = processor_time()
        texts[str(path.relative_to(REFERENCE))] = read(data)
        seconds[str(path.relative_to(REFERENCE))] = processor_time() - started
    # A program run for each document (pdftotext) has its own memory.
    own, programs = (resource.getrusage(who).ru_maxrss / 1024 for who in (SELF, CHILDREN))
    return {"seconds": seconds, "texts": texts, "rss_mb": programs or own}


SELF, CHILDREN = resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN


def processor_time() -> float:
    """This process's processor time and its finished children's (pdftotext's)."""
    children = resource.getrusage(CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def facts_right(texts: dict[str, str]) -> tuple[int, int, int]:
    """(facts read right, facts, documents read wholly right) against the expectations."""
    from findings.importer.parsing.documents import parse_document

    right = total = whole = 0
    for doc in json.loads(EXPECTATIONS.read_text(encoding="utf-8"))["documents"]:
        if "file" not in doc or doc["file"] not in texts:
            continue
        expected = {k: v for k, v in doc.items() if k != "file"}
        try:
            draft = parse_document(texts[doc["file"]])
        except Exception:
            found = {}
        else:
            event = draft.event
            found = {
                "document": draft.document,
                "kind": event.kind,
                "authority": event.authority_name,
                "fieldwork": [_iso(event.fieldwork_start), _iso(event.fieldwork_end)],
                "published": _iso(event.published_on),
                "lead_inspector": event.lead_inspector,
                "judgements": {j.judgement: j.grade for j in draft.judgements},
                "inspectors": event.inspectors,
                "layout": draft.judgement_layout,
                "visit_number": event.visit_number,
                "theme": getattr(event, "theme", ""),
                "agencies": getattr(event, "agencies", []),
            }
        ok = sum(found.get(k) == v for k, v in expected.items())
        right, total, whole = right + ok, total + len(expected), whole + (ok == len(expected))
    return right, total, whole


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        print(json.dumps(measure(sys.argv[2])))
        return
    reference = {
        str(path.relative_to(REFERENCE)): words(pdftotext(path.read_bytes()))
        for path in sorted(REFERENCE.rglob("*.pdf"))
    }
    print(
        "| library | median | slowest | 15-page report | peak memory | words pdftotext "
        "never gives | word order like pdftotext's (median, lowest) | first-page facts |"
    )
    print("|---|---|---|---|---|---|---|---|")  # fmt: skip
    for name, (_, module) in LIBRARIES.items():
        if module is not None:
            try:
                __import__(module)
            except ImportError:
                print(f"| {name} | not installed |||||||")
                continue
        done = subprocess.run(
            [sys.executable, __file__, "--measure", name], capture_output=True, text=True
        )
        if done.returncode:
            print(f"| {name} | failed: {done.stderr.strip().splitlines()[-1]} |||||||")
            continue
        result = json.loads(done.stdout)
        seconds = result["seconds"]
        wakefield = next(s for f, s in seconds.items() if "wakefield" in f)
        strange = total = 0
        likeness = []
        for file, text in result["texts"].items():
            got, known = words(text), reference[file]
            vocabulary = set(known)
            strange += sum(word not in vocabulary for word in got)
            total += len(got)
            likeness.append(difflib.SequenceMatcher(None, known, got, autojunk=False).ratio())
        right, facts, whole = facts_right(result["texts"])
        print(
            f"| {name} | {statistics.median(seconds.values()) * 1000:.0f} ms | "
            f"{max(seconds.values()) * 1000:.0f} ms | {wakefield * 1000:.0f} ms | "
            f"{result['rss_mb']:.0f} MB | {strange} of {total} ({strange / total * 1000:.1f} per "
            f"1,000) | {statistics.median(likeness):.4f}, {min(likeness):.4f} | {right} of {facts} "
            f"({whole} of {len(seconds)} documents wholly right) |"
        )


if __name__ == "__main__":
    main()
