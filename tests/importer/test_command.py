"""`manage.py import_letter`: print the draft, and save it only when asked."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from findings.models import AreaOfConcern
from tests.support.factories import LocalAuthorityFactory
from tests.support.importing import DATA, SIXTH_VISIT_LETTER, pdf_of, read
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_letter", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_prints_the_draft_as_json_and_saves_nothing(sefton_before_the_visits):
    before = InspectionEvent.objects.count()
    out, _ = run(SIXTH_VISIT_LETTER)
    draft = json.loads(out)
    assert draft["event"]["visit_number"] == 6
    assert draft["event"]["inspectors"] == ["Lisa Summers", "Rachel Fairhurst"]
    assert len(draft["findings"]) == 21
    assert InspectionEvent.objects.count() == before


def test_it_reads_a_pdf(sefton_before_the_visits, tmp_path):
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(pdf_of(read(SIXTH_VISIT_LETTER)))
    from_pdf, _ = run(pdf)
    from_text, _ = run(SIXTH_VISIT_LETTER)
    assert json.loads(from_pdf) == json.loads(from_text)


def test_with_save_it_saves_the_draft_as_a_draft_event(sefton_before_the_visits):
    _, err = run(SIXTH_VISIT_LETTER, "--save")
    event = InspectionEvent.objects.get(visit_number=6)
    assert event.status == InspectionEvent.Status.DRAFT
    assert event.reviews.count() == 4
    assert event.findings.count() == 21
    assert f"as a draft, id {event.pk}: 4 areas reviewed, 21 findings" in err


def test_save_refuses_a_visit_already_recorded(sefton):
    before = InspectionEvent.objects.count()
    with pytest.raises(CommandError) as caught:
        run(SIXTH_VISIT_LETTER, "--save")
    assert "is already recorded, so this import would duplicate it" in str(caught.value)
    assert InspectionEvent.objects.count() == before


def test_an_authority_can_be_named_by_its_ons_code(tmp_path):
    LocalAuthorityFactory(name="Moorland", ons_code="E09900001")
    out, _ = run(
        DATA / "northmoor-third-monitoring-visit-letter.txt", "--authority-ons-code", "E09900001"
    )
    assert json.loads(out)["event"]["authority_ons_code"] == "E09900001"
    # Every area covered is new to this authority, so each is proposed with a title and theme.
    assert all(a["new_title"] and a["new_theme"] for a in json.loads(out)["areas"])
    assert AreaOfConcern.objects.count() == 0


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["/no/such/file.pdf"], "no such file"),
        ([DATA / "import-expectations.json"], "does not look like an Ofsted monitoring visit"),
        ([SIXTH_VISIT_LETTER, "--authority-ons-code", "E00000000"], "No local authority has"),
    ],
)
def test_bad_input_is_a_clear_error(args, says):
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert says in str(caught.value)
