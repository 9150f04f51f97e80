"""/health/ for the load balancer: are the database, the broker, a Celery worker, the cache and
report storage usable?

Anyone learns only whether the app is healthy (200 or 503): which service failed, and how, is for
staff and for callers that send HEALTH_TOKEN (`Authorization: Bearer <token>` or `?token=`).
"""

import hmac
import tempfile
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# Seconds to wait for a Celery worker to answer a ping: the load balancer is not kept waiting.
WORKER_PING_SECONDS = 1.0


class _Failure(Exception):
    """A check that failed for a reason it states itself."""


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"  # the embedded default: tasks run in the web process
    import redis

    redis.Redis.from_url(
        settings.CELERY_BROKER_URL, socket_timeout=2, socket_connect_timeout=2
    ).ping()
    return "ok"


def _workers() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"  # no worker: tasks run in the web process
    from .celery import app

    # The first answer is enough; without one, give up after WORKER_PING_SECONDS.
    if not app.control.ping(timeout=WORKER_PING_SECONDS, limit=1):
        raise _Failure("no Celery worker answered")
    return "ok"


def _cache() -> str:
    if not settings.CACHE_URL:
        return "in-process"  # the embedded default: each process's memory
    cache.set("health-probe", "ok", timeout=10)
    if cache.get("health-probe") != "ok":
        raise RuntimeError("the cache did not keep a value")
    return "ok"


def _storage() -> str:
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=settings.MEDIA_ROOT, prefix=".health-") as probe:
        probe.write(b"ok")
        probe.flush()
    return "ok"


# In order: a check named in NEEDS is skipped (and counts as failed) when what it needs failed.
CHECKS = {
    "database": _database,
    "broker": _broker,
    "workers": _workers,
    "cache": _cache,
    "storage": _storage,
}
NEEDS = {"workers": "broker"}  # asking workers through a broker that is down could hang


def _may_see_details(request) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_active and user.is_staff:
        return True
    expected = getattr(settings, "HEALTH_TOKEN", "")
    if not expected:
        return False
    scheme, _, sent = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        sent = request.GET.get("token", "")
    return bool(sent) and hmac.compare_digest(sent.strip().encode(), expected.encode())


@never_cache
@require_GET
def health(request):
    started = time.monotonic()
    results, failed = {}, set()
    for name, check in CHECKS.items():
        needed = NEEDS.get(name)
        if needed in failed:
            results[name] = f"not checked: {needed} failed"
            failed.add(name)
            continue
        try:
            results[name] = check()
        except _Failure as failure:
            results[name] = f"error: {failure}"
            failed.add(name)
        except Exception as exc:  # any failure of a dependency means "unhealthy", with its reason
            results[name] = f"error: {exc.__class__.__name__}: {exc}"[:200]
            failed.add(name)
    healthy = not failed
    body = {"status": "ok" if healthy else "unhealthy"}
    if _may_see_details(request):
        body.update(checks=results, seconds=round(time.monotonic() - started, 4))
    return JsonResponse(body, status=200 if healthy else 503)
