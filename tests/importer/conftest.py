"""Fixtures shared by the importer's tests."""

import pytest

from tests.support.importing import sefton_2022_only


@pytest.fixture
def sefton_before_the_visits(tmp_path):
    return sefton_2022_only(tmp_path)


@pytest.fixture(autouse=True)
def _reading_starts_at_once(monkeypatch):
    """The import pages and API run outside any transaction, so a job is queued (and, with tasks
    in-process, read) as soon as it is saved. A test runs inside its own transaction, which would
    hold that back until the test ends: run the callbacks at once, as the app does."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
