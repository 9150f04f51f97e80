"""Reading Ofsted's documents must be fast and small, and crafted PDFs must be refused at once
and never hold up the web server (`make bench-imports`; not part of the tests).

    python scripts/bench_imports.py            reading and proposing
    python scripts/bench_imports.py --uploads  crafted uploads against gunicorn and a worker

Reading and proposing (the default; no database or services): a 15-page inspection report from
../shared/reference/ofsted/inspection-reports/ (or, without that folder, a 15-page report laid
out from tests/data) is read from its PDF, parsed into a draft and matched against Sefton's 14
areas of concern, in a process of its own, several times. Prints the median and slowest time,
where the time goes, and the process's peak memory (resident set, and Python's own allocations
by tracemalloc), against the budget: under a second and under 200 MB. Then crafted PDFs (a small
file inflating to 200 MB of page content; a form drawn thousands of times) must be refused within
the same budget. Exits with status 1 when anything is over budget.

Crafted uploads (--uploads): runs the production shape on this machine: gunicorn (3 sync
workers, 30 s timeout) and a Celery worker (one process) on PostgreSQL and Redis. Four officers
upload at once a crafted PDF (40 pages, each inflating to 5 MB of page content: 0.7 MB on disk)
while a board member's API client asks for /api/v1/areas/ every 100 ms. Prints how long each
upload's answer took, the board requests' latencies before and during the uploads, and how long
the worker took to refuse them.

    BENCH_IMPORTS_DATABASE_URL  default postgres://postgres@127.0.0.1:5432/sefton_bench_imports
    BENCH_IMPORTS_BROKER_URL    default redis://127.0.0.1:6379/12
"""

import argparse
import html
import io
import json
import os
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
import uuid
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REFERENCE = ROOT.parent / "shared" / "reference" / "ofsted"
PAGES = 15
RUNS = 7
TIME_BUDGET = 1.0  # seconds, to read and propose a 15-page report
MEMORY_BUDGET = 200  # MB
PORT = int(os.environ.get("BENCH_IMPORTS_PORT", "8769"))
ENV = {
    **os.environ,
    "DATABASE_URL": os.environ.get(
        "BENCH_IMPORTS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sefton_bench_imports"
    ),
    "CELERY_BROKER_URL": os.environ.get("BENCH_IMPORTS_BROKER_URL", "redis://127.0.0.1:6379/12"),
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_COOKIES": "false",
    "LOG_LEVEL": "WARNING",
}


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=ENV, check=True)


def setup() -> tuple[str, str]:
    """The database, Sefton's data, and a token each for an officer and a board member."""
    os.environ.update(ENV)
    os.environ["DJANGO_SETTINGS_MODULE"] = "sefton_tracker.settings"
    subprocess.run([ROOT / "scripts" / "ensure_db.sh", ENV["DATABASE_URL"]], check=True)
    manage("migrate", "--no-input", "-v0")
    manage("load_sefton")
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from rest_framework.authtoken.models import Token

    from sefton_tracker.core.roles import BOARD_MEMBER, OFFICER

    tokens = []
    for name, role in (("bench-officer", OFFICER), ("bench-board", BOARD_MEMBER)):
        user, _ = User.objects.get_or_create(username=name)
        user.groups.set([Group.objects.get(name=role)])
        tokens.append(Token.objects.get_or_create(user=user)[0].key)
    return tokens[0], tokens[1]


def request(method, path, token, body=b"", content_type="") -> tuple[int, float, bytes]:
    conn = HTTPConnection("127.0.0.1", PORT, timeout=120)
    headers = {"Authorization": f"Token {token}"}
    if content_type:
        headers["Content-Type"] = content_type
    started = time.perf_counter()
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    return response.status, time.perf_counter() - started, data


def multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def board_latencies(token: str, seconds: float) -> list[float]:
    latencies = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status, elapsed, _ = request("GET", "/api/v1/areas/", token)
        assert status == 200, status
        latencies.append(elapsed)
        time.sleep(0.1)
    return latencies


def summary(latencies: list[float]) -> str:
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return (
        f"{len(ordered)} requests: median {statistics.median(ordered) * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, max {ordered[-1] * 1000:.0f} ms"
    )


def uploads() -> None:
    officer, board = setup()
    from tests.support.importing import crafted_pdf

    crafted = crafted_pdf(pages=40, megabytes_a_page=5)
    web = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "sefton_tracker.wsgi", "--bind", f"127.0.0.1:{PORT}",
         "--workers", "3", "--timeout", "30", "--log-level", "warning"],
        cwd=ROOT, env=ENV,
    )  # fmt: skip
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "sefton_tracker", "worker", "--concurrency", "1",
         "--loglevel", "WARNING", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=ENV,
    )  # fmt: skip
    try:
        for _ in range(150):
            try:
                if request("GET", "/api/v1/areas/", board)[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        time.sleep(3)  # the worker's start
        before = board_latencies(board, 3)

        uploads: list[tuple[int, float, dict]] = []
        during: list[float] = []
        watcher = threading.Thread(target=lambda: during.extend(board_latencies(board, 10)))

        def upload(n: int) -> None:
            body, content_type = multipart(f"crafted-{n}.pdf", crafted)
            status, elapsed, data = request(
                "POST", "/api/v1/import/drafts/", officer, body, content_type
            )
            uploads.append((status, elapsed, json.loads(data)))

        started = time.monotonic()
        watcher.start()
        senders = [threading.Thread(target=upload, args=(n,)) for n in range(4)]
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join()
        readings = []
        for _, _, answer in uploads:
            path = "/" + answer["url"].split("/", 3)[3]
            while True:
                status, _, data = request("GET", path, officer)
                reading = json.loads(data)
                if reading["status"] in ("ready", "failed"):
                    readings.append((time.monotonic() - started, reading))
                    break
                time.sleep(0.1)
        watcher.join()
    finally:
        for process in (web, worker):
            process.terminate()
            process.wait(timeout=30)

    print("Four crafted uploads at once (40 pages x 5 MB of page content, 0.7 MB files):")
    for status, elapsed, answer in uploads:
        print(f"  answered {status} {answer['status']} in {elapsed * 1000:.0f} ms")
    for seconds, reading in readings:
        errors = " ".join(
            message for messages in reading["errors"].values() for message in messages
        )
        print(f"  {reading['status']} {seconds:.2f} s after sending: {errors[:90]}…")
    print(f"Board API (/api/v1/areas/) before the uploads: {summary(before)}")
    print(f"Board API during and after the uploads (10 s): {summary(during)}")


# Reading and proposing.


def reading() -> int:
    path, pages = fifteen_page_report()
    print(
        f"Reading and proposing: {path.name} ({pages} pages), {RUNS} runs in a process of its own"
    )
    result = child("--measure", str(path))
    times = result["times"]
    median = statistics.median(times)
    parts = ", ".join(f"{name} {statistics.median(t):.2f} s" for name, t in result["parts"].items())
    print(
        f"  median {median:.2f} s ({parts}), slowest {max(times):.2f} s; processor time "
        f"median {statistics.median(result['cpu']):.2f} s (load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )
    print(
        f"  peak memory {result['rss_mb']:.0f} MB resident (of which {result['imports_mb']:.0f} MB "
        f"is Python and the libraries, before any document), Python's own allocations while "
        f"reading {result['traced_mb']:.1f} MB"
    )
    print(
        f"  {result['findings']} findings, {result['areas']} areas, "
        f"{result['unsure']} of {result['proposals']} proposals marked for checking"
    )
    over = []
    if median >= TIME_BUDGET:
        over.append(f"median {median:.2f} s is over {TIME_BUDGET:.0f} s")
    print("Crafted PDFs, each to be refused:")
    for crafted in child("--crafted")["refused"]:
        print(
            f"  {crafted['what']}: refused in {crafted['seconds']:.2f} s: {crafted['said'][:70]}…"
        )
        if crafted["seconds"] >= TIME_BUDGET:
            over.append(f"refusing {crafted['what']} took {crafted['seconds']:.2f} s")
    rss = max(result["rss_mb"], *(c["rss_mb"] for c in child("--crafted")["refused"]))
    if rss >= MEMORY_BUDGET:
        over.append(f"peak memory {rss:.0f} MB is over {MEMORY_BUDGET} MB")
    print(
        f"Budget: under {TIME_BUDGET:.0f} s and {MEMORY_BUDGET} MB: " + ("; ".join(over) or "met")
    )
    return 1 if over else 0


def fifteen_page_report() -> tuple[Path, int]:
    """A reference report of 15 pages, or one laid out from the test data to 15 pages."""
    from pypdf import PdfReader

    for path in sorted((REFERENCE / "inspection-reports").glob("*.pdf")):
        pages = len(PdfReader(path).pages)
        if pages == PAGES:
            return path, pages
    from weasyprint import HTML

    text = (ROOT / "tests" / "data" / "southdale-ilacs-inspection-2023.txt").read_text()
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    body = ""
    while True:
        body += "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        data = HTML(string=f"<html><body>{body}</body></html>").write_pdf()
        if len(PdfReader(io.BytesIO(data)).pages) >= PAGES:
            break
    path = Path(tempfile.mkdtemp()) / "southdale-laid-out.pdf"
    path.write_bytes(data)
    return path, len(PdfReader(path).pages)


def child(*args: str) -> dict:
    """Run this script's `args` in a process of its own: its memory is the reading's alone."""
    done = subprocess.run(
        [sys.executable, __file__, *args], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def measure(path: Path) -> dict:
    from findings.importer.parsing.confidence import proposal_count, proposals_to_check
    from findings.importer.parsing.documents import parse_document
    from findings.importer.parsing.matching import tokens
    from findings.importer.parsing.pdf import pdf_text
    from findings.importer.parsing.polarity import weigh
    from findings.importer.parsing.proposals import propose

    imports_mb = peak_rss_mb()
    data = path.read_bytes()
    candidates = sefton_areas()
    times, cpu, parts = [], [], {"text": [], "parsing": [], "proposing": []}
    for _ in range(RUNS):
        tokens.cache_clear()  # each run reads the document afresh, as a new document is read
        weigh.cache_clear()
        cpu_started = time.process_time()
        started = time.perf_counter()
        text = pdf_text(data, path.name)
        read = time.perf_counter()
        draft = parse_document(text)
        parsed = time.perf_counter()
        propose(draft, candidates)
        done = time.perf_counter()
        times.append(done - started)
        cpu.append(time.process_time() - cpu_started)
        for name, seconds in zip(
            parts, (read - started, parsed - read, done - parsed), strict=True
        ):
            parts[name].append(seconds)
    tokens.cache_clear()
    weigh.cache_clear()
    tracemalloc.start()
    draft = parse_document(pdf_text(data, path.name))
    propose(draft, candidates)
    traced = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "times": times,
        "cpu": cpu,
        "parts": parts,
        "rss_mb": peak_rss_mb(),
        "imports_mb": imports_mb,
        "traced_mb": traced / 1024 / 1024,
        "findings": len(draft.findings),
        "areas": len(draft.areas),
        "unsure": sum(len(check.about) for check in proposals_to_check(draft)),
        "proposals": proposal_count(draft),
    }


def sefton_areas():
    from findings.importer.parsing.matching import AreaCandidate

    data = json.loads((ROOT / "findings" / "data" / "sefton.json").read_text(encoding="utf-8"))
    return [
        AreaCandidate(id=area["position"], title=area["title"], description=area["description"])
        for area in data["areas"]
    ]


def crafted() -> dict:
    from findings.importer.parsing.errors import ImportProblem
    from findings.importer.parsing.pdf import pdf_text

    refused = []
    for what, data in (
        ("40 pages inflating to 5 MB each", inflating_pdf(pages=40, megabytes_a_page=5)),
        ("one small form drawn 5,000 times", form_drawn_pdf(uses=5000)),
    ):
        started = time.perf_counter()
        try:
            pdf_text(data, "crafted.pdf")
            said = "read, not refused"
        except ImportProblem as problem:
            said = str(problem)
        refused.append(
            {
                "what": f"{what} ({len(data) / 1024:.0f} KB file)",
                "seconds": time.perf_counter() - started,
                "said": said,
                "rss_mb": peak_rss_mb(),
            }
        )
    return {"refused": refused}


def inflating_pdf(*, pages: int, megabytes_a_page: int) -> bytes:
    """A small PDF whose pages inflate to a great deal of content (as tests/support/importing.py
    makes them)."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    line = b"BT /F1 9 Tf 40 800 Td (All work and no play makes a dull report.) Tj ET\n"
    content = line * (megabytes_a_page * 1024 * 1024 // len(line))
    writer = PdfWriter()
    for _ in range(pages):
        page = writer.add_blank_page(width=595, height=842)
        stream = DecodedStreamObject()
        stream.set_data(content)
        page[NameObject("/Contents")] = writer._add_object(stream.flate_encode())
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def form_drawn_pdf(*, uses: int) -> bytes:
    """One page drawing a 4 KB form `uses` times."""
    from pypdf import PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        NumberObject,
    )

    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    form = DecodedStreamObject()
    form.set_data(b"BT /F1 9 Tf 40 800 Td (A letterhead.) Tj ET\n" * 100)
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([NumberObject(0)] * 2 + [NumberObject(595)] * 2),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): DictionaryObject({NameObject("/Fm1"): writer._add_object(form)})}
    )
    content = DecodedStreamObject()
    content.set_data(b"q /Fm1 Do Q\n" * uses)
    page[NameObject("/Contents")] = writer._add_object(content.flate_encode())
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--uploads", action="store_true", help="the crafted-uploads benchmark")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--crafted", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
    elif args.crafted:
        print(json.dumps(crafted()))
    elif args.uploads:
        uploads()
    else:
        sys.exit(reading())


if __name__ == "__main__":
    main()
