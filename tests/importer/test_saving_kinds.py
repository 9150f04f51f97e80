"""Each kind of document, once read, is saved as its kind of event through the review's forms:
a report of the single inspection framework with its own judgements, a focused visit, and a joint
targeted area inspection with its theme and agencies in its source."""

import datetime

import pytest

from findings.importer.review import ImportReview
from findings.importer.services import prepare
from tests.support.factories import LocalAuthorityFactory
from tests.support.importing import DATA, read

pytestmark = pytest.mark.django_db


def saved(name: str, authority_name: str):
    authority = LocalAuthorityFactory(name=authority_name)
    prepared = prepare(read(DATA / name), authority=authority)
    review = ImportReview.from_draft(prepared.draft, prepared.authority)
    event = review.save()
    assert event is not None, review.error_messages()
    return prepared.draft, event


def test_a_sif_report_is_saved_as_a_standard_inspection_with_the_framework_s_judgements():
    draft, event = saved("ofsted-sif-report-wolverhampton-2017.txt", "Wolverhampton")
    assert event.kind == "standard"
    assert event.published_on == datetime.date(2017, 3, 31)
    assert dict(event.judgements.values_list("judgement", "grade")) == {
        "overall_effectiveness": "good",
        "sif_help_and_protection": "requires_improvement",
        "sif_looked_after_and_permanence": "good",
        "sif_adoption_performance": "good",
        "sif_care_leavers": "good",
        "sif_leadership_management_governance": "good",
    }
    assert event.lead_inspector == "Nigel Parkes"
    assert event.inspector_names[1] == "Anne Waterman"
    assert event.reviews.count() == len(draft.areas) == 11
    assert event.findings.count() == len(draft.findings)


def test_a_focused_visit_letter_is_saved_as_a_focused_visit():
    draft, event = saved("ofsted-focused-visit-letter-haringey-2025.txt", "Haringey")
    assert (event.kind, event.visit_number) == ("focused", None)
    assert event.source_reference == draft.event.source_reference
    assert event.findings.count() == 18
    assert not event.judgements.exists()


def test_a_jtai_letter_is_saved_with_its_theme_and_agencies_in_its_source():
    _, event = saved("ofsted-jtai-letter-bexley-2020.txt", "Bexley")
    assert event.kind == "jtai"
    assert "children’s mental health" in event.source_reference
    assert "CQC, HMICFRS, HMI Probation" in event.source_reference
    assert event.lead_inspector == ""
