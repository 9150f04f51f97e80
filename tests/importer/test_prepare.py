"""Preparing a draft against the tracker's data: the authority a document names, its areas of
concern, and the event already recorded for it."""

import pytest

from findings.importer.parsing.errors import UnknownAuthority
from findings.importer.services import existing_event, find_authority, prepare
from findings.models import AreaOfConcern
from tests.support.factories import AreaReviewFactory, InspectionEventFactory, LocalAuthorityFactory
from tests.support.importing import INSPECTION_2022, SEFTON_REPORT_2022, SIXTH_VISIT_LETTER, read
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db


def test_importing_the_2022_report_reproduces_the_loaded_inspection(sefton):
    prepared = prepare(read(SEFTON_REPORT_2022))
    draft, loaded = prepared.draft, InspectionEvent.objects.get(authority=sefton, kind="standard")
    assert prepared.authority == sefton
    assert (draft.event.kind, draft.event.fieldwork_start, draft.event.fieldwork_end) == (
        loaded.kind,
        loaded.fieldwork_start,
        loaded.fieldwork_end,
    )
    assert draft.event.lead_inspector == loaded.lead_inspector == "Lisa Summers"
    assert draft.event.headline_summary == loaded.headline_summary
    assert {(j.judgement, j.grade) for j in draft.judgements} == {
        (j.judgement, j.grade) for j in loaded.judgements.all()
    }
    areas = list(AreaOfConcern.objects.filter(authority=sefton).order_by("position"))
    assert [(a.area_id, a.score) for a in draft.areas] == [(area.pk, 1.0) for area in areas]
    assert [a.wording for a in draft.areas] == [area.description for area in areas]
    assert (
        existing_event(
            sefton,
            kind=draft.event.kind,
            visit_number=None,
            fieldwork_start=draft.event.fieldwork_start,
        )
        == loaded
    )
    assert len(INSPECTION_2022["judgements"]) == 4


def test_the_sixth_visit_letter_is_matched_to_the_recorded_visit_s_wording(sefton):
    draft = prepare(read(SIXTH_VISIT_LETTER)).draft
    assert all(area.score == 1.0 for area in draft.areas)
    assert draft.event.authority_ons_code == "E08000014"


@pytest.mark.parametrize(
    ("named", "recorded"),
    [
        ("Sefton", "Sefton"),
        ("Sefton", "Sefton Metropolitan Borough Council"),
        ("Westhaven Borough Council", "Westhaven"),
        ("London Borough of Newham", "Newham"),
        ("Eastbridge City Council", "Eastbridge"),
    ],
)
def test_an_authority_is_found_by_the_name_the_document_gives_it(named, recorded):
    authority = LocalAuthorityFactory(name=recorded)
    LocalAuthorityFactory(name="Somewhere else")
    assert find_authority(named) == authority


def test_an_ambiguous_or_unknown_name_finds_no_authority():
    LocalAuthorityFactory(name="North Eastbridge")
    LocalAuthorityFactory(name="South Eastbridge")
    assert find_authority("Eastbridge") is None
    assert find_authority("Atlantis") is None
    assert find_authority("") is None


def test_a_document_about_an_unknown_authority_asks_for_it():
    with pytest.raises(UnknownAuthority) as caught:
        prepare(read(SIXTH_VISIT_LETTER))
    assert "'Sefton', which is not a local authority in the tracker" in str(caught.value)


def test_earlier_wordings_of_an_area_help_to_match_it():
    authority = LocalAuthorityFactory(name="Sefton")
    event = InspectionEventFactory(authority=authority, visit_number=1)
    review = AreaReviewFactory(
        event=event,
        area__title="Timeliness of assessments",
        area__description="Timeliness of assessments.",
        area_wording="Initial responses to children in need of help and protection.",
    )
    draft = prepare(read(SIXTH_VISIT_LETTER)).draft
    assert draft.areas[1].area_id == review.area_id
    assert draft.areas[1].score == 1.0


@pytest.mark.parametrize(
    "council, authority",
    [("Isle of Wight", "Isle of Wight"), ("Bristol City", "Bristol"), ("County Durham", "Durham")],
)
def test_a_document_about_any_english_council_finds_it_in_the_national_list(council, authority):
    from visits.national.loading import load_national_data, shipped_files

    load_national_data(shipped_files()[:3])  # the authorities, without DfE's statistics
    letter = read(SIXTH_VISIT_LETTER).replace("Sefton Metropolitan Borough", council)
    letter = letter.replace("Sefton", council)
    prepared = prepare(letter)
    assert prepared.authority.name == authority
    assert prepared.draft.event.authority_ons_code == prepared.authority.ons_code
