"""The parser is plain Python: it reads documents without Django, a database or a network."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PARSING_MODULES = [
    "text", "dates", "names", "polarity", "matching", "proposals", "letter", "report",
    "documents", "draft", "errors", "pdf", "kinds", "jtai",
]  # fmt: skip


def test_the_parsing_modules_read_a_letter_without_importing_django():
    script = (
        "import sys, pathlib\n"
        + "".join(f"import findings.importer.parsing.{name}\n" for name in PARSING_MODULES)
        + "from findings.importer.parsing.documents import parse_document\n"
        "text = pathlib.Path('tests/data/sefton-sixth-monitoring-visit-letter.txt').read_text()\n"
        "assert len(parse_document(text).findings) == 21\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
