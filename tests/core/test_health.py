"""/health/ tells the load balancer whether the database, broker and storage work."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_reports_every_dependency_without_signing_in(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["checks"] == {
        "database": "ok",
        "broker": "in-process",
        "cache": "in-process",
        "storage": "ok",
    }


def test_an_unreachable_broker_makes_it_unhealthy(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unhealthy"
    assert body["checks"]["broker"].startswith("error: ConnectionError")
    assert body["checks"]["database"] == "ok"


def test_an_unreachable_shared_cache_makes_it_unhealthy(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.CACHE_URL = "redis://127.0.0.1:1/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.CACHE_URL,
        }
    }
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"].startswith("error: ConnectionError")


def test_unwritable_storage_makes_it_unhealthy(client, settings, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    settings.MEDIA_ROOT = blocker / "media"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"].startswith("error:")


def test_pages_carry_a_strict_content_security_policy(client, board_member):
    client.force_login(board_member)
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
