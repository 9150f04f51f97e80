"""/health/ tells the load balancer whether the database, broker, workers and storage work: anyone
learns ok or not (200 or 503); staff and callers with HEALTH_TOKEN also learn the details."""

import pytest

pytestmark = pytest.mark.django_db

TOKEN = "a-health-token-for-the-monitoring-service"


@pytest.fixture
def details(client, settings):
    """GET /health/ as the monitoring service, with the health token."""
    settings.HEALTH_TOKEN = TOKEN
    return lambda: client.get("/health/", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")


def test_it_reports_every_dependency_to_the_monitoring_service(details, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = details()
    assert response.status_code == 200
    assert response.json()["checks"] == {
        "database": "ok",
        "broker": "in-process",
        "workers": "in-process",
        "cache": "in-process",
        "storage": "ok",
    }


def test_anyone_learns_only_whether_it_is_healthy(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.HEALTH_TOKEN = TOKEN
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    wrong = client.get("/health/", HTTP_AUTHORIZATION="Bearer not-the-token")
    assert wrong.json() == {"status": "ok"}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    failing = client.get("/health/")
    assert failing.status_code == 503
    assert failing.json() == {"status": "unhealthy"}  # not which service, nor its address


def test_no_token_is_configured_by_default_so_an_empty_one_shows_nothing(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.HEALTH_TOKEN = ""
    for header in ("Bearer ", "Bearer", ""):
        response = client.get("/health/?token=", HTTP_AUTHORIZATION=header)
        assert response.json() == {"status": "ok"}


def test_the_token_may_be_sent_as_a_query_parameter(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.HEALTH_TOKEN = TOKEN
    assert "checks" in client.get(f"/health/?token={TOKEN}").json()
    assert "checks" not in client.get("/health/?token=not-the-token").json()


def test_staff_see_the_details_and_other_users_do_not(client, settings, administrator, officer):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    client.force_login(officer)
    assert client.get("/health/").json() == {"status": "ok"}
    client.force_login(administrator)
    assert client.get("/health/").json()["checks"]["database"] == "ok"


@pytest.fixture
def reachable_broker(settings, monkeypatch):
    """A configured broker that answers, so that the workers are asked."""
    from sefton_tracker import health

    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    monkeypatch.setitem(health.CHECKS, "broker", lambda: "ok")


def test_a_missing_celery_worker_makes_it_unhealthy(details, reachable_broker, monkeypatch):
    from sefton_tracker.celery import app

    asked = {}

    def ping(**kwargs):
        asked.update(kwargs)
        return []  # no worker answered

    monkeypatch.setattr(app.control, "ping", ping)
    response = details()
    assert response.status_code == 503
    assert response.json()["checks"]["workers"] == "error: no Celery worker answered"
    assert asked["timeout"] <= 1  # the load balancer is not kept waiting


def test_a_worker_that_answers_is_reported(details, reachable_broker, monkeypatch):
    from sefton_tracker.celery import app

    monkeypatch.setattr(app.control, "ping", lambda **kwargs: [{"celery@web-1": {"ok": "pong"}}])
    response = details()
    assert response.status_code == 200
    assert response.json()["checks"]["workers"] == "ok"


def test_an_unreachable_broker_makes_it_unhealthy(details, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = details()
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unhealthy"
    assert body["checks"]["broker"].startswith("error: ConnectionError")
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["workers"].startswith("not checked")


def test_an_unreachable_shared_cache_makes_it_unhealthy(details, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.CACHE_URL = "redis://127.0.0.1:1/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.CACHE_URL,
        }
    }
    response = details()
    assert response.status_code == 503
    assert response.json()["checks"]["cache"].startswith("error: ConnectionError")


def test_unwritable_storage_makes_it_unhealthy(details, settings, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    settings.MEDIA_ROOT = blocker / "media"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = details()
    assert response.status_code == 503
    assert response.json()["checks"]["storage"].startswith("error:")


def test_pages_carry_a_strict_content_security_policy(client, board_member):
    client.force_login(board_member)
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
