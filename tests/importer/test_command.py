"""`manage.py import_letter`: print the draft, and save it only when asked."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from findings.models import AreaOfConcern
from tests.support.factories import LocalAuthorityFactory
from tests.support.importing import DATA, SEFTON_REPORT_2022, SIXTH_VISIT_LETTER, pdf_of, read
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


def test_it_names_the_proposals_to_check_and_why_on_stderr(sefton_before_the_visits):
    out, err = run(SIXTH_VISIT_LETTER)
    draft = json.loads(out)
    assert "17 of 46 proposals to check:" in err
    assert "  Area 2, match: Matched on little shared wording" in err
    assert "  Finding 15, area: Its opening sentence says nothing about area 1." in err
    assert "  Finding 6, polarity: A close call between strength and mixed." in err
    # The same marks as the draft carries.
    assert draft["findings"][14]["area_unsure"] and draft["findings"][5]["polarity_unsure"]


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
        (["/no/such/file.pdf"], "no such file or folder"),
        ([DATA / "import-expectations.json"], "does not look like an Ofsted monitoring visit"),
        ([SIXTH_VISIT_LETTER, "--authority-ons-code", "E00000000"], "No local authority has"),
    ],
)
def test_bad_input_is_a_clear_error(args, says):
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert says in str(caught.value)


# Many documents at once: several files, or a folder (with its subfolders).


def run_bulk(*args):
    """Run the command on several documents: (stdout, stderr, the CommandError it ended with)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("import_letter", *map(str, args), stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


@pytest.fixture
def folder(tmp_path):
    """A council's folder: the sixth letter as a PDF and again as text (the same visit), a
    letter for an authority the tracker does not have, something that is no letter at all, and a
    file that is not a document, in subfolders."""
    root = tmp_path / "ofsted"
    (root / "2024").mkdir(parents=True)
    (root / "2024" / "mv6.pdf").write_bytes(pdf_of(read(SIXTH_VISIT_LETTER)))
    (root / "2024" / "sixth-visit.txt").write_text(read(SIXTH_VISIT_LETTER), encoding="utf-8")
    (root / "northmoor.txt").write_text(
        read(DATA / "northmoor-third-monitoring-visit-letter.txt"), encoding="utf-8"
    )
    (root / "minutes.txt").write_text("Minutes of the improvement board, 3 May.", encoding="utf-8")
    (root / "notes.docx").write_bytes(b"not read: neither .pdf nor .txt")
    return root


def table_row(out: str, name: str) -> str:
    return next(line for line in out.splitlines() if name in line)


def test_a_folder_is_read_document_by_document_with_a_summary_and_nothing_saved(
    sefton_before_the_visits, folder
):
    before = InspectionEvent.objects.count()
    out, _, error = run_bulk(folder)
    assert InspectionEvent.objects.count() == before
    assert "notes.docx" not in out
    assert "ready to import" in table_row(out, "2024/mv6.pdf")
    assert "17 of 46 proposals to check" in out
    # The same visit twice in one folder: the second is its duplicate.
    assert "same event as 2024/mv6.pdf" in table_row(out, "sixth-visit.txt")
    assert "refused" in table_row(out, "minutes.txt")
    assert "does not look like" in out
    assert "not a local authority in the tracker" in out
    assert "1 ready to import, 1 already recorded, 2 refused" in out
    assert "2 of 4 documents were refused" in str(error)


def test_with_save_each_document_is_saved_as_a_draft_and_one_refusal_stops_no_other(
    sefton_before_the_visits, folder
):
    LocalAuthorityFactory(name="Northmoor", ons_code="E09900001")
    out, err, error = run_bulk(folder, "--save")
    event = InspectionEvent.objects.get(visit_number=6)
    assert event.status == InspectionEvent.Status.DRAFT
    assert (event.reviews.count(), event.findings.count()) == (4, 21)
    assert f"imported as a draft, id {event.pk}" in table_row(out, "2024/mv6.pdf")
    assert "already recorded" in table_row(out, "sixth-visit.txt")
    northmoor = InspectionEvent.objects.get(authority__name="Northmoor")
    assert f"id {northmoor.pk}" in table_row(out, "northmoor.txt")
    assert "2 imported, 1 already recorded, 1 refused" in out
    assert "1 of 4 documents were refused" in str(error)


def test_a_document_that_fails_while_saving_is_saved_not_at_all_and_the_rest_are(
    sefton_before_the_visits, folder, monkeypatch
):
    from findings.importer import services

    LocalAuthorityFactory(name="Northmoor", ons_code="E09900001")
    real_save_finding = services.save_finding

    def failing_for_northmoor(finding):
        if finding.event.authority.name == "Northmoor" and finding.order == 3:
            raise RuntimeError("the database went away")
        return real_save_finding(finding)

    monkeypatch.setattr(services, "save_finding", failing_for_northmoor)
    out, _, error = run_bulk(folder, "--save")
    assert "the database went away" in table_row(out, "northmoor.txt")
    assert not InspectionEvent.objects.filter(authority__name="Northmoor").exists()
    assert not AreaOfConcern.objects.filter(authority__name="Northmoor").exists()
    assert InspectionEvent.objects.get(visit_number=6).findings.count() == 21
    assert "2 of 4 documents were refused" in str(error)


def test_a_council_s_history_is_imported_in_date_order_so_visits_review_the_inspection_s_areas(
    tmp_path,
):
    LocalAuthorityFactory(name="Sefton", ons_code="E08000014")
    (tmp_path / "a-letter.txt").write_text(read(SIXTH_VISIT_LETTER), encoding="utf-8")
    (tmp_path / "b-report.txt").write_text(read(SEFTON_REPORT_2022), encoding="utf-8")
    out, _, error = run_bulk(tmp_path / "a-letter.txt", tmp_path / "b-report.txt", "--save")
    assert error is None, out
    inspection = InspectionEvent.objects.get(kind="standard")
    visit = InspectionEvent.objects.get(visit_number=6)
    assert AreaOfConcern.objects.count() == 14  # raised by the inspection, none by the visit
    assert all(review.area.raised_by == inspection for review in visit.reviews.all())
    assert out.index("b-report.txt") < out.index("a-letter.txt")


def test_a_path_that_does_not_exist_stops_before_anything_is_read(tmp_path):
    (tmp_path / "letter.txt").write_text(read(SIXTH_VISIT_LETTER), encoding="utf-8")
    with pytest.raises(CommandError, match="missing: no such file or folder"):
        run(tmp_path, tmp_path / "missing")


def test_an_empty_folder_says_there_is_nothing_to_import(tmp_path):
    with pytest.raises(CommandError, match="no .pdf or .txt"):
        run(tmp_path)
