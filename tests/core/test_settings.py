"""Settings come from the environment, with safe development defaults and clear refusals."""

import os
import subprocess
import sys
from pathlib import Path

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
        "'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, 'media': str(s.MEDIA_ROOT),"
        "'proxy_ssl': s.SECURE_PROXY_SSL_HEADER, 'proxies': s.TRUSTED_PROXY_COUNT}))"
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
            "TRUST_X_FORWARDED_PROTO",
            "TRUSTED_PROXY_COUNT",
        }
    }
    return subprocess.run(
        [sys.executable, "-c", script], env={**clean, **env}, capture_output=True, text=True
    )


def test_the_defaults_are_the_embedded_development_setup():
    import json

    result = load_settings(DEBUG="true")  # as `make run` and the tests set it
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["db"] == "django.db.backends.sqlite3"
    assert values["name"].endswith("var/db.sqlite3")
    assert values["eager"] is True and values["broker"] == "memory://localhost/"
    assert values["email"] == "django.core.mail.backends.filebased.EmailBackend"
    assert values["debug"] is True


def test_debug_is_off_unless_it_is_turned_on():
    import json

    # A deployment that forgets DEBUG runs without it...
    result = load_settings(
        SECRET_KEY="a-real-secret-key-from-the-environment-0123456789-abcdefghij"
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["debug"] is False
    # ...and one that forgets SECRET_KEY too refuses to start with the development key.
    bare = load_settings()
    assert bare.returncode != 0
    assert "SECRET_KEY is the development key while DEBUG is off" in bare.stderr


def test_make_run_turns_debug_on_for_the_development_server(tmp_path):
    # `make run` with a stand-in python that prints what it is given: every manage.py command it
    # runs (migrate, load_sefton, load_national_data, create_demo_users, create_demo_plan,
    # runserver) has DEBUG=true in its environment.
    python = tmp_path / "python"
    python.write_text('#!/bin/sh\necho "DEBUG=${DEBUG-unset} $*"\n')
    python.chmod(0o755)
    result = subprocess.run(
        ["make", "--no-print-directory", "-o", "install", "-o", "assets", "run", f"BIN={tmp_path}"],
        cwd=Path(__file__).resolve().parents[2],
        env={k: v for k, v in os.environ.items() if k not in {"DEBUG", "MAKEFLAGS", "MAKELEVEL"}},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    ran = [line for line in result.stdout.splitlines() if line.startswith("DEBUG=")]
    assert [line.split()[2] for line in ran] == [
        "migrate",
        "load_sefton",
        "load_national_data",
        "create_demo_users",
        "create_demo_plan",
        "runserver",
    ]
    assert all(line.startswith("DEBUG=true ") for line in ran), ran


def test_the_proxy_is_trusted_only_as_far_as_it_is_said_to_be():
    import json

    # By default clients reach the app directly: no header of theirs makes a request secure...
    default = load_settings(DEBUG="true")
    assert default.returncode == 0, default.stderr
    values = json.loads(default.stdout)
    assert values["proxy_ssl"] is None and values["proxies"] == 0
    # ...behind a load balancer that ends TLS and sets X-Forwarded-Proto, its word is taken.
    behind = load_settings(DEBUG="true", TRUST_X_FORWARDED_PROTO="true", TRUSTED_PROXY_COUNT="1")
    assert behind.returncode == 0, behind.stderr
    values = json.loads(behind.stdout)
    assert values["proxy_ssl"] == ["HTTP_X_FORWARDED_PROTO", "https"] and values["proxies"] == 1


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
            "DJANGO_SETTINGS_MODULE",  # the app's own settings, not the test suite's
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
