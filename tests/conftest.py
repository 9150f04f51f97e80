import os

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from sefton_tracker.core.roles import ADMINISTRATOR, BOARD_MEMBER, OFFICER, sync_roles
from tests.support.factories import UserFactory

# In CI (REQUIRE_SERVICES=1) a test that skips for want of a service is a failure: CI must never
# pass by skipping PostgreSQL, Redis, Celery or the browser.
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES", "") not in ("", "0")
_skipped: list[str] = []


def pytest_runtest_logreport(report):
    if REQUIRE_SERVICES and report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if _skipped:
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter):
    if _skipped:
        terminalreporter.write_line(
            f"REQUIRE_SERVICES is set but {len(_skipped)} test(s) skipped: " + ", ".join(_skipped),
            red=True,
        )


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: rolled-back rows can reuse ids and revisions."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _celery_tasks_run_eagerly(request):
    """Tasks run in-process in ordinary tests, even when CELERY_BROKER_URL names a broker (as in
    CI); a test marked `worker` sends them to a real worker instead."""
    from sefton_tracker.celery import app

    if request.node.get_closest_marker("worker"):
        yield
        return
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def retries_run_in_process():
    """As on a worker, a task's retry is scheduled instead of raised to its caller; in-process, the
    retry runs at once."""
    from sefton_tracker.celery import app

    previous = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = previous


def _user_in(role, **kwargs):
    if not Group.objects.filter(name=role).exists():
        # A transactional test (the browser tests) empties the tables the migrations filled.
        from django.apps import apps

        sync_roles(apps)
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def board_member(db):
    return _user_in(BOARD_MEMBER, username="board", first_name="Bev", last_name="Board")


# The tests' convention for authority scope (visits.scope): an officer belongs to every local
# authority, unless a test says otherwise, as the app behaved before users had authorities. The
# `officer` fixture joins the authorities that already exist, and every authority made later (by a
# factory, a seed such as `sefton`, or the national loader) takes in the officers that exist.
# A test of the scope itself sets the officer's authorities after making them.


@pytest.fixture(autouse=True)
def _officers_belong_to_new_authorities():
    from django.db.models.signals import post_save

    from visits.models import LocalAuthority

    def join(sender, instance, created, raw=False, **kwargs):
        if created and not raw:
            instance.members.add(*_officers())

    post_save.connect(join, sender=LocalAuthority, dispatch_uid="tests-officers-join")
    yield
    post_save.disconnect(sender=LocalAuthority, dispatch_uid="tests-officers-join")


def _officers():
    from django.contrib.auth.models import User

    return User.objects.filter(groups__name=OFFICER)


@pytest.fixture
def officer(db):
    from visits.models import LocalAuthority

    user = _user_in(OFFICER, username="officer", first_name="Olu", last_name="Officer")
    user.authorities.add(*LocalAuthority.objects.all())
    return user


@pytest.fixture
def administrator(db):
    return _user_in(ADMINISTRATOR, username="admin", is_staff=True)


@pytest.fixture
def api():
    """A REST framework test client, signed in with `api.force_authenticate(user)`."""
    return APIClient()


@pytest.fixture
def sefton(db):
    """Sefton's journey, loaded by the same code as `manage.py load_sefton`."""
    from findings.seed import load_journey
    from visits.models import LocalAuthority

    load_journey()
    return LocalAuthority.objects.get(ons_code="E08000014")
