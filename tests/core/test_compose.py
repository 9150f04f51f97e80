"""docker-compose.yml cannot be run here (no Docker engine), so check its shape by reading it."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_the_stack_has_its_five_processes_from_one_image():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"postgres", "redis", "web", "worker", "beat"}
    for name in ("web", "worker", "beat"):
        assert services[name]["build"] == "."
        assert services[name]["env_file"] == ".env"
        assert services[name]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "migrate" in services["web"]["command"] and "gunicorn" in services["web"]["command"]
    assert "celery -A sefton_tracker worker" in services["worker"]["command"]
    assert "celery -A sefton_tracker beat" in services["beat"]["command"]
    for name in ("postgres", "redis", "web", "worker"):
        assert services[name]["healthcheck"]["test"]
    assert {"pgdata", "media"} <= set(compose["volumes"])


def test_the_example_environment_names_every_variable_the_stack_needs():
    example = (ROOT / ".env.example").read_text()
    for name in (
        "SECRET_KEY",
        "DEBUG",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "CELERY_BROKER_URL",
        "CACHE_URL",
        "EMAIL_URL",
        "TRUST_X_FORWARDED_PROTO",
        "TRUSTED_PROXY_COUNT",
        "HEALTH_TOKEN",
        "SITE_URL",
    ):
        assert f"{name}=" in example
