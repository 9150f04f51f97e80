"""How the importer reads a folder of real Ofsted documents: a row per document (its kind, the
authority as found, fieldwork dates, letter or publication date, lead inspector, judgements, and
how many areas, headline paragraphs and findings it gave, or why it was refused), then, checked
against an expectations file, how many of each kind it read right and what it got wrong.

    .venv/bin/python scripts/corpus_report.py                       # ../shared/reference/ofsted
    .venv/bin/python scripts/corpus_report.py some/folder a.pdf     # folders and files
    .venv/bin/python scripts/corpus_report.py --markdown            # tables for a note

Only the importer's parsing is used (no database): what `manage.py import_letter` would read
before it matches the authority and its areas.
"""

import argparse
import datetime
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from findings.importer.parsing.documents import parse_document  # noqa: E402
from findings.importer.parsing.draft import DOCUMENT_NOUNS, Draft  # noqa: E402
from findings.importer.parsing.errors import ImportProblem  # noqa: E402
from findings.importer.parsing.pdf import pdf_text  # noqa: E402

REFERENCE = ROOT.parent / "shared" / "reference" / "ofsted"
DATA = ROOT / "tests" / "data"
EXPECTATIONS = DATA / "ofsted-corpus-expectations.json"
# The one real monitoring-visit letter at hand is text, not a PDF.
MONITORING_LETTER = DATA / "sefton-sixth-monitoring-visit-letter.txt"
GRADES = {"outstanding": "O", "good": "G", "requires_improvement": "RI", "inadequate": "I"}
JUDGEMENTS = {
    "overall_effectiveness": "overall",
    "impact_of_leaders": "leaders",
    "help_and_protection": "help",
    "children_in_care_and_care_leavers": "care+leavers",
    "children_in_care": "care",
    "care_leavers": "leavers",
    "sif_help_and_protection": "help",
    "sif_looked_after_and_permanence": "looked-after",
    "sif_adoption_performance": "adoption",
    "sif_care_leavers": "leavers",
    "sif_leadership_management_governance": "leadership",
}
FACTS = (
    "document", "kind", "authority", "fieldwork", "published", "lead_inspector", "inspectors",
    "judgements", "theme", "agencies", "visit_number",
)  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        help=f"PDFs, text files or folders (default {REFERENCE} and {MONITORING_LETTER.name})",
    )
    parser.add_argument("--expect", type=Path, default=EXPECTATIONS, help="expectations (JSON)")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args()

    files = _documents(args.paths or [REFERENCE, MONITORING_LETTER])
    if not files:
        print("No PDFs found.", file=sys.stderr)
        return 1
    expected = _expectations(args.expect)
    rows, checks = [], []
    started = time.perf_counter()
    for path in files:
        draft, refused, seconds = _read(path)
        rows.append(_row(path, draft, refused, seconds))
        if (truth := expected.get(_key(path))) is not None:
            checks.append((path, truth, _differences(draft, truth, refused)))
    elapsed = time.perf_counter() - started

    _print_table(
        ["document", "kind", "authority as found", "fieldwork", "dated", "lead inspector",
         "judgements", "areas", "headline", "findings", "seconds"],
        rows,
        markdown=args.markdown,
    )  # fmt: skip
    print(f"\n{len(files)} documents read in {elapsed:.1f} s.")
    if checks:
        _print_checks(checks, markdown=args.markdown)
    return 0


def _documents(paths: list[Path]) -> list[Path]:
    found = []
    for path in paths:
        found += sorted(path.rglob("*.pdf")) if path.is_dir() else [path] if path.exists() else []
    return found


def _expectations(path: Path) -> dict[str, dict]:
    if not path.is_file():
        return {}
    documents = json.loads(path.read_text(encoding="utf-8"))["documents"]
    return {(doc.get("file") or doc["text"]).rsplit("/", 1)[-1]: doc for doc in documents}


def _key(path: Path) -> str:
    return path.name


def _read(path: Path) -> tuple[Draft | None, str, float]:
    started = time.perf_counter()
    try:
        if path.suffix.lower() == ".pdf":
            text = pdf_text(path.read_bytes(), path.name)
        else:
            text = path.read_text(encoding="utf-8")
        draft = parse_document(text)
    except ImportProblem as problem:
        return None, str(problem), time.perf_counter() - started
    return draft, "", time.perf_counter() - started


def _row(path: Path, draft: Draft | None, refused: str, seconds: float) -> list[str]:
    # "barnet_children-s-services-inspection--01-july-2019" is "barnet 01-july-2019".
    name = re.sub(
        r"_(?:children-s-services|joint-area-child-protection)-inspection-+", " ", path.stem
    )
    if draft is None:
        return [name, "refused", refused[:70], "", "", "", "", "", "", "", f"{seconds:.1f}"]
    event = draft.event
    findings = Counter(finding.section for finding in draft.findings)
    return [
        name,
        DOCUMENT_NOUNS.get(draft.document, draft.document)
        + (f" ({draft.judgement_layout})" if draft.judgement_layout else ""),
        event.authority_name,
        _dates(event.fieldwork_start, event.fieldwork_end),
        event.published_on.isoformat() if event.published_on else "",
        event.lead_inspector,
        " ".join(
            f"{JUDGEMENTS.get(j.judgement, j.judgement)}:{GRADES.get(j.grade, j.grade)}"
            for j in draft.judgements
        ),
        str(len(draft.areas))
        + (f" ({sum(bool(a.framework_reference) for a in draft.areas)} ref)" if any(a.framework_reference for a in draft.areas) else ""),
        str(findings["headline"]),
        str(findings["findings"] + findings["report"]),
        f"{seconds:.1f}",
    ]  # fmt: skip


def _dates(start, end) -> str:
    if not start:
        return ""
    return start.isoformat() if start == end else f"{start.isoformat()}..{end.isoformat()}"


def _differences(draft: Draft | None, truth: dict, refused: str) -> list[str]:
    if draft is None:
        return [f"refused: {_refusal(refused)}"]
    event = draft.event
    found = {
        "document": draft.document,
        "kind": event.kind,
        "authority": event.authority_name,
        "fieldwork": [_iso(event.fieldwork_start), _iso(event.fieldwork_end)],
        "published": _iso(event.published_on),
        "lead_inspector": event.lead_inspector,
        "inspectors": event.inspectors,
        "judgements": {j.judgement: j.grade for j in draft.judgements},
        "theme": event.theme,
        "agencies": event.agencies,
        "visit_number": event.visit_number,
    }
    return [
        f"{fact}: {found[fact]!r}, not {truth[fact]!r}"
        for fact in FACTS
        if fact in truth and found[fact] != truth[fact]
    ]


def _refusal(message: str) -> str:
    return message if len(message) <= 100 else message[:99] + "…"


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _print_checks(checks, *, markdown: bool) -> None:
    by_kind: dict[str, list] = defaultdict(list)
    for path, truth, wrong in checks:
        kind = truth["document"] + (f" ({truth['layout']})" if truth.get("layout") else "")
        by_kind[kind].append((path, wrong))
    print("\nAgainst the expectations (" + ", ".join(FACTS) + ", where given):\n")
    _print_table(
        ["kind", "right", "of", "what is still wrong"],
        [
            [
                kind,
                str(sum(not wrong for _, wrong in results)),
                str(len(results)),
                "; ".join(f"{path.stem}: {', '.join(wrong)}" for path, wrong in results if wrong),
            ]
            for kind, results in sorted(by_kind.items())
        ],
        markdown=markdown,
    )


def _print_table(header: list[str], rows: list[list[str]], *, markdown: bool) -> None:
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for row in rows:
            print("| " + " | ".join(cell.replace("|", "/") for cell in row) + " |")
        return
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    sys.exit(main())
