"""Real Celery workers for the tests marked `worker`: started as `celery -A sefton_tracker worker`
processes on the Redis broker, against the test database (PostgreSQL, which they can share), each
consuming a queue of its own so that no other worker on the same broker takes their tasks.

Without a Redis CELERY_BROKER_URL, or on SQLite, a test that asks for one skips (and REQUIRE_SERVICES=1,
as in CI, turns the skip into a failure)."""

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 60


@dataclass
class Worker:
    process: subprocess.Popen
    log_path: Path

    @property
    def log(self) -> str:
        return self.log_path.read_text()

    def wait_for(self, condition, timeout: float) -> None:
        wait_for(condition, timeout, self.process, self.log_path)

    def kill(self) -> None:
        """SIGKILL the worker and its pool, as a crash or the OOM killer would: nothing is
        acknowledged, nothing is recorded."""
        os.killpg(self.process.pid, signal.SIGKILL)  # its own process group: nothing else
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # warm shutdown: finish the task, then exit
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def reachable_broker() -> str:
    url = settings.CELERY_BROKER_URL
    if not url.startswith("redis://"):
        pytest.skip("set CELERY_BROKER_URL to a Redis URL to run the worker tests")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis at {url} is not reachable: {exc}")
    return url


def shared_database_url() -> str:
    if connection.vendor != "postgresql":
        pytest.skip("the worker needs a database it can share: run with DATABASE_URL=postgres://…")
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(queue: str, log_path: Path, env: dict[str, str]) -> Worker:
    """A worker consuming `queue`, with `env` added to this process's environment; returns once
    it is ready."""
    command = [
        sys.executable, "-m", "celery", "-A", "sefton_tracker", "worker",
        "--queues", queue, "--hostname", f"{queue}-{log_path.stem}@%h",
        "--pool", "prefork", "--concurrency", "1",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
        "--loglevel", "INFO",
    ]  # fmt: skip
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env={**os.environ, **env}, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    worker = Worker(process, log_path)
    try:
        worker.wait_for(lambda: b" ready." in log_path.read_bytes(), STARTUP_TIMEOUT)
    except BaseException:
        worker.stop()
        raise
    return worker


def wait_for(condition, timeout, process, log_path):
    deadline = time.monotonic() + timeout
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"the worker exited ({process.returncode}):\n{log_path.read_text()}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s; worker log:\n{log_path.read_text()}")
        time.sleep(0.2)
