"""/health/ for the load balancer: are the database, the broker, the cache and report storage usable?"""

import tempfile
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


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


CHECKS = {"database": _database, "broker": _broker, "cache": _cache, "storage": _storage}


@never_cache
@require_GET
def health(request):
    started = time.monotonic()
    results, healthy = {}, True
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:  # any failure of a dependency means "unhealthy", with its reason
            results[name] = f"error: {exc.__class__.__name__}: {exc}"[:200]
            healthy = False
    body = {
        "status": "ok" if healthy else "unhealthy",
        "checks": results,
        "seconds": round(time.monotonic() - started, 4),
    }
    return JsonResponse(body, status=200 if healthy else 503)
