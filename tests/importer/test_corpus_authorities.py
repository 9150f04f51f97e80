"""Every authority the reference documents name, as printed ("Bristol City of", "Hull", "London
Borough of Barnet", "Leicester city council"), is found among England's authorities as the
national list knows them: the draft's authority is the one the document is about."""

import re

import pytest

from findings.importer.services import find_authority
from tests.importer.test_corpus import DOCUMENTS
from visits.national.loading import load_national_data, shipped_files

pytestmark = pytest.mark.django_db


def _words(name: str) -> set[str]:
    return set(re.findall(r"[a-z]+", name.lower())) - {"and", "of", "city", "the", "upon", "st"}


def test_each_authority_as_printed_is_found_in_the_national_list():
    load_national_data(shipped_files()[:3])  # Ofsted's outcomes, ONS codes, neighbours
    # The place each document is about, from its file's name: "kingston-upon-hull_…" is Hull.
    places = {
        doc["authority"]: (doc.get("file") or "sefton_").split("/")[-1].split("_")[0]
        for doc in DOCUMENTS
    }
    found = {name: find_authority(name) for name in places}
    assert [name for name, authority in found.items() if authority is None] == []
    assert [
        (name, authority.name)
        for name, authority in found.items()
        if not _words(places[name].replace("-", " ")) <= _words(authority.name)
    ] == []
