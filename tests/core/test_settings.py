"""Settings come from the environment, with safe development defaults and clear refusals."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from sefton_tracker.env import envbool, envint, envlist
from sefton_tracker.settings import _email_settings


def load_settings(**env):
    """Import the settings module in a fresh interpreter under the given environment."""
    script = (
        "import json, sefton_tracker.settings as s;"
        "print(json.dumps({'db': s.DATABASES['default']['ENGINE'], 'name': str(s.DATABASES['default']['NAME']),"
        "'eager': s.CELERY_TASK_ALWAYS_EAGER, 'broker': s.CELERY_BROKER_URL, 'email': s.EMAIL_BACKEND,"
        "'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, 'media': str(s.MEDIA_ROOT)}))"
    )
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "CELERY_BROKER_URL",
            "DEBUG",
            "SECRET_KEY",
            "EMAIL_URL",
            "MEDIA_ROOT",
            "ALLOWED_HOSTS",
        }
    }
    return subprocess.run(
        [sys.executable, "-c", script], env={**clean, **env}, capture_output=True, text=True
    )


def test_the_defaults_are_the_embedded_development_setup():
    import json

    result = load_settings()
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["db"] == "django.db.backends.sqlite3"
    assert values["name"].endswith("var/db.sqlite3")
    assert values["eager"] is True and values["broker"] == "memory://localhost/"
    assert values["email"] == "django.core.mail.backends.filebased.EmailBackend"
    assert values["debug"] is True


def test_the_full_stack_comes_from_environment_variables():
    import json

    result = load_settings(
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/tracker",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
        EMAIL_URL="smtp://mailer:secret@mail.example.org:587?tls=1",
        DEBUG="false",
        SECRET_KEY="a-real-secret-key-from-the-environment-0123456789-abcdefghij",
        ALLOWED_HOSTS="tracker.sefton.gov.uk, localhost",
        MEDIA_ROOT="/srv/tracker/media",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["db"] == "django.db.backends.postgresql"
    assert values["name"] == "tracker"
    assert values["eager"] is False and values["broker"] == "redis://127.0.0.1:6379/0"
    assert values["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["debug"] is False
    assert values["hosts"] == ["tracker.sefton.gov.uk", "localhost"]
    assert values["media"] == "/srv/tracker/media"


def test_it_refuses_the_development_secret_key_with_debug_off():
    result = load_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is the development key while DEBUG is off" in result.stderr


def test_it_names_a_variable_it_cannot_read(monkeypatch):
    monkeypatch.setenv("DEBUG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be one of"):
        envbool("DEBUG", True)
    monkeypatch.setenv("AXES_FAILURE_LIMIT", "five")
    with pytest.raises(ImproperlyConfigured, match="AXES_FAILURE_LIMIT must be a whole number"):
        envint("AXES_FAILURE_LIMIT", 5)
    monkeypatch.setenv("ALLOWED_HOSTS", "a.example, ,b.example")
    assert envlist("ALLOWED_HOSTS", []) == ["a.example", "b.example"]


def test_email_urls():
    smtp = _email_settings("smtps://user%40x:p%2Fw@mail.example.org")
    assert (smtp["EMAIL_HOST"], smtp["EMAIL_PORT"], smtp["EMAIL_USE_SSL"]) == (
        "mail.example.org",
        465,
        True,
    )
    assert (smtp["EMAIL_HOST_USER"], smtp["EMAIL_HOST_PASSWORD"]) == ("user@x", "p/w")
    assert _email_settings("file:///tmp/mail")["EMAIL_FILE_PATH"] == "/tmp/mail"
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL must start with"):
        _email_settings("pigeon://loft")


def test_the_deployment_checklist_is_clean_under_production_settings():
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "CELERY_BROKER_URL",
            "EMAIL_URL",
            "MEDIA_ROOT",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(
        DEBUG="false",
        SECRET_KEY="x7Qp-" + "k2Lm9vR4tZ8wB1nY6cF3hJ0dS5gA" * 2,
        ALLOWED_HOSTS="tracker.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_a_short_secret_key_or_any_host_in_production():
    short = load_settings(DEBUG="0", SECRET_KEY="too-short")
    assert short.returncode != 0 and "at least 50 random characters" in short.stderr
    wildcard = load_settings(
        DEBUG="0", SECRET_KEY="k2Lm9vR4tZ8wB1nY6cF3hJ0dS5gA" * 2, ALLOWED_HOSTS="*"
    )
    assert wildcard.returncode != 0 and "not '*'" in wildcard.stderr
