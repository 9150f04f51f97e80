"""Fixtures shared by the importer's tests."""

import pytest

from tests.support.importing import sefton_2022_only


@pytest.fixture
def sefton_before_the_visits(tmp_path):
    return sefton_2022_only(tmp_path)
