"""Crafted uploads must not hold up the web server (`make bench-imports`; not part of the tests).

Runs the production shape on this machine: gunicorn (3 sync workers, 30 s timeout) and a Celery
worker (one process) on PostgreSQL and Redis. Four officers upload at once a crafted PDF (40
pages, each inflating to 5 MB of page content: 0.7 MB on disk) while a board member's API client
asks for /api/v1/areas/ every 100 ms. Prints how long each upload's answer took, the board
requests' latencies before and during the uploads, and how long the worker took to refuse them.

    BENCH_IMPORTS_DATABASE_URL  default postgres://postgres@127.0.0.1:5432/sefton_bench_imports
    BENCH_IMPORTS_BROKER_URL    default redis://127.0.0.1:6379/12
"""

import json
import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
import uuid
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
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
os.environ.update(ENV)
os.environ["DJANGO_SETTINGS_MODULE"] = "sefton_tracker.settings"


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=ENV, check=True)


def setup() -> tuple[str, str]:
    """The database, Sefton's data, and a token each for an officer and a board member."""
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


def main() -> None:
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


if __name__ == "__main__":
    main()
