"""`manage.py load_sefton` loads exactly what the sources support, and a second run changes nothing."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from findings.models import RAG, AreaOfConcern, AreaReview, Finding
from visits.models import InspectionEvent, Judgement

DATA = Path(__file__).resolve().parents[1] / "data"
pytestmark = pytest.mark.django_db


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture
def letter_text():
    return normalised((DATA / "sefton-sixth-monitoring-visit-letter.txt").read_text())


def test_it_loads_the_three_events_with_their_facts(sefton):
    inspection, fourth, sixth = InspectionEvent.objects.filter(authority=sefton)
    assert (inspection.kind, inspection.fieldwork_dates) == (
        "standard",
        "21 February to 4 March 2022",
    )
    assert inspection.published_on.isoformat() == "2022-05-09"
    assert inspection.lead_inspector == "Lisa Summers"
    assert (fourth.visit_number, fourth.fieldwork_dates, fourth.published_on) == (
        4,
        "15 to 16 November 2023",
        None,
    )
    assert (sixth.visit_number, sixth.fieldwork_dates) == (6, "25 to 26 June 2024")
    assert sixth.published_on.isoformat() == "2024-07-25"
    assert sixth.inspector_names == ["Lisa Summers", "Rachel Fairhurst"]
    assert all(event.is_published for event in (inspection, fourth, sixth))


def test_it_loads_the_four_inadequate_judgements_of_2022(sefton):
    judgements = Judgement.objects.filter(event__authority=sefton)
    assert sorted(j.judgement for j in judgements) == [
        "children_in_care_and_care_leavers",
        "help_and_protection",
        "impact_of_leaders",
        "overall_effectiveness",
    ]
    assert {j.grade for j in judgements} == {"inadequate"}


def test_every_what_needs_to_improve_bullet_is_an_area_word_for_word(sefton):
    report = normalised((DATA / "sefton-ilacs-inspection-2022.txt").read_text())
    areas = AreaOfConcern.objects.filter(authority=sefton)
    assert areas.count() == 14
    for area in areas:
        assert area.description in report, area.title
        assert area.raised_by.kind == "standard"
    assert areas.first().description == (
        "Systems and resources to provide a safe, coherent and integrated service which makes "
        "children safer and improves children’s outcomes."
    )
    assert areas.last().description == (
        "The access to care leaving support for those young people who are entitled to receive it."
    )


def test_every_area_is_red_at_the_2022_inspection(sefton):
    inspection = InspectionEvent.objects.get(authority=sefton, kind="standard")
    ratings = AreaReview.objects.filter(event=inspection)
    assert ratings.count() == 14
    assert set(ratings.values_list("rag", flat=True)) == {RAG.RED}
    assert all(r.rationale for r in ratings)


def test_the_sixth_visit_reviewed_the_four_areas_in_its_letter(sefton, letter_text):
    sixth = InspectionEvent.objects.get(authority=sefton, visit_number=6)
    reviews = {r.area_wording: r.rag for r in sixth.reviews.all()}
    assert reviews == {
        "The local authority's arrangements for the 'front door'.": "amber",
        "Initial responses to children in need of help and protection.": "red",
        "The management of allegations of abuse against professionals who work with children.": "amber",
        "The management of concerns for children outside of normal office hours.": "green",
    }
    for wording in reviews:
        assert wording in letter_text


def test_the_sixth_visit_findings_are_the_letters_paragraphs_word_for_word(sefton, letter_text):
    sixth = InspectionEvent.objects.get(authority=sefton, visit_number=6)
    findings = list(sixth.findings.all())
    assert [f.section for f in findings].count("headline") == 2
    assert [f.paragraph for f in findings if f.section == "findings"] == list(range(1, 20))
    for finding in findings:
        assert finding.text in letter_text
        assert finding.area.reviews.filter(event=sixth).exists()
    # Paragraphs split by a page break in the letter are whole again.
    assert findings[0].text.endswith(
        "that leave children in situations of ongoing risk without well-informed and appropriately "
        "focused multi-agency action to reduce this."
    )
    out_of_hours = sixth.findings.get(section="findings", paragraph=9)
    assert (
        "There are now sufficient resources to deliver the task with 24-hour social work availability."
        in out_of_hours.text
    )
    assert out_of_hours.polarity == Finding.Polarity.STRENGTH
    allegations = sixth.findings.get(section="findings", paragraph=15)
    assert allegations.text.endswith(
        "not always shared with the LADO. This potentially places some children at risk of harm."
    )
    assert allegations.polarity == Finding.Polarity.MIXED


def test_the_fourth_visit_has_no_quotation_the_sources_do_not_give(sefton):
    fourth = InspectionEvent.objects.get(authority=sefton, visit_number=4)
    assert fourth.findings.count() == 0
    assert [(r.area.title, r.rag) for r in fourth.reviews.all()] == [
        ("Response to vulnerable children", "amber")
    ]


def test_the_2022_findings_quote_the_report(sefton):
    report = normalised((DATA / "sefton-ilacs-inspection-2022.txt").read_text())
    findings = Finding.objects.filter(event__kind="standard")
    assert findings.count() == 26
    for finding in findings:
        assert finding.text in report
        assert finding.section == "report" and finding.paragraph


def test_a_second_run_changes_nothing(sefton):
    def snapshot():
        return {
            model.__name__: (model.objects.count(), model.history.count())
            for model in (InspectionEvent, AreaOfConcern, AreaReview, Finding)
        }

    before = snapshot()
    out = StringIO()
    call_command("load_sefton", stdout=out)
    assert "nothing changed" in out.getvalue()
    assert snapshot() == before
