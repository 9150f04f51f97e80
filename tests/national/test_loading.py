"""`load_national_data` on the editions shipped with the app, on newer and on damaged copies."""

import datetime
import shutil

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from python_calamine import CalamineWorkbook

from visits.models import InspectionEvent, Judgement, LocalAuthority
from visits.national.loading import load_national_data, shipped_files
from visits.national.models import AuthorityName, OfstedOutcome, Publication, StatisticalNeighbour
from visits.national.selectors import authority_named
from visits.national.sources import DataRefused

OUTCOMES, CODES, NEIGHBOURS = shipped_files()[:3]
SEFTON = "E08000014"

pytestmark = pytest.mark.django_db


def _counts():
    return (
        LocalAuthority.objects.count(),
        OfstedOutcome.objects.count(),
        StatisticalNeighbour.objects.count(),
        AuthorityName.objects.count(),
        Publication.objects.count(),
    )


def _workbook_rows(path=OUTCOMES) -> dict[str, list[list]]:
    workbook = CalamineWorkbook.from_path(str(path))
    return {name: workbook.get_sheet_by_name(name).to_python() for name in workbook.sheet_names}


def _write_xlsx(sheets: dict[str, list[list]], path):
    """The edition re-saved as XLSX (a format the command also reads), to alter a cell."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


NATIONAL = [OUTCOMES, CODES, NEIGHBOURS]  # without DfE's statistics (tests/indicators)


@pytest.fixture
def loaded():
    load_national_data(NATIONAL)


def test_the_shipped_editions_hold_every_english_authority(loaded):
    authorities = LocalAuthority.objects.all()
    assert authorities.count() == 156
    assert authorities.filter(still_exists=True).count() == 153
    assert set(authorities.filter(still_exists=False).values_list("name", flat=True)) == {
        "Bournemouth",
        "Cumbria",
        "Northamptonshire",
    }
    assert not authorities.filter(dfe_code="").exists()
    sefton = authorities.get(ons_code=SEFTON)
    assert (sefton.name, sefton.dfe_code, sefton.region, sefton.ofsted_region) == (
        "Sefton",
        "343",
        "North West",
        "North West",
    )
    # DfE splits London in two; the ONS region is London.
    assert authorities.get(name="Camden").region == "London"


def test_each_current_authority_has_ten_neighbours_closest_first(loaded):
    assert StatisticalNeighbour.objects.count() == 153 * 10
    sefton = LocalAuthority.objects.get(ons_code=SEFTON)
    links = list(sefton.neighbour_links.select_related("neighbour"))
    assert [(link.rank, link.neighbour.name, link.closeness) for link in links[:3]] == [
        (1, "Wirral", "Very close"),
        (2, "St Helens", "Close"),
        (3, "Wigan", "Close"),
    ]
    assert [link.rank for link in links] == list(range(1, 11))


def test_ofsted_outcomes_as_published(loaded):
    graded = OfstedOutcome.objects.graded()
    # Every short and standard ILACS inspection since 2018 (the history table: 271 rows).
    assert graded.count() == 271
    assert graded.filter(kind=InspectionEvent.Kind.STANDARD).count() == 171
    assert graded.filter(kind=InspectionEvent.Kind.SHORT).count() == 100
    assert graded.filter(start_date__lt=datetime.date(2018, 1, 1)).count() == 0
    # The 2024-25 in-year visits and their themes.
    year = OfstedOutcome.objects.filter(
        start_date__range=(datetime.date(2024, 4, 1), datetime.date(2025, 3, 31))
    )
    assert year.filter(kind=InspectionEvent.Kind.MONITORING).count() == 24
    assert year.filter(kind=InspectionEvent.Kind.FOCUSED).count() == 36
    themes = year.exclude(theme="").values_list("theme", flat=True)
    assert len(themes) == 60
    assert list(themes).count("Children in need/subject to a plan") == 18
    sefton = OfstedOutcome.objects.get(
        authority__ons_code=SEFTON, kind=InspectionEvent.Kind.STANDARD
    )
    assert sefton.start_date == datetime.date(2022, 2, 21)
    assert sefton.published_on == datetime.date(2022, 5, 9)
    assert {
        sefton.overall_effectiveness,
        sefton.impact_of_leaders,
        sefton.help_and_protection,
        sefton.children_in_care,
    } == {Judgement.Grade.INADEQUATE}
    assert sefton.care_leavers == ""  # a separate judgement only from 2023
    assert sefton.publication.credit == (
        "Ofsted, Local authority inspection outcomes as at 31 March 2025 "
        "(published 25 September 2025)"
    )
    visit = OfstedOutcome.objects.get(authority__ons_code=SEFTON, kind="monitoring")
    assert (visit.start_date, visit.theme) == (datetime.date(2024, 6, 25), "Front door")


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Bournemouth, Christchurch and Poole", "Bournemouth, Christchurch & Poole"),
        ("Bournemouth, Christchurch & Poole Council", "Bournemouth, Christchurch & Poole"),
        ("Bristol City Council", "Bristol"),
        ("Kingston upon Hull City Council", "Kingston upon Hull"),
        ("County Durham", "Durham"),
        ("Durham County Council", "Durham"),
        ("Sefton Metropolitan Borough Council", "Sefton"),
        ("Isle of Wight Council", "Isle of Wight"),
        ("St. Helens Council", "St Helens"),
        ("London Borough of Hammersmith and Fulham", "Hammersmith & Fulham"),
        ("Royal Borough of Kingston upon Thames", "Kingston upon Thames"),
        ("Hull City Council", "Kingston upon Hull"),
        ("BCP Council", "Bournemouth, Christchurch & Poole"),
    ],
)
def test_documents_name_authorities_in_many_ways(loaded, name, expected):
    assert authority_named(name).name == expected


def test_a_name_no_authority_has_finds_none(loaded):
    assert authority_named("Atlantis Council") is None
    assert authority_named("Council") is None


def test_a_second_run_changes_nothing(loaded, capsys):
    before = _counts()
    sefton = OfstedOutcome.objects.get(authority__ons_code=SEFTON, kind="standard")
    call_command("load_national_data", *map(str, NATIONAL))
    assert "Nothing changed" in capsys.readouterr().out
    assert _counts() == before
    sefton.refresh_from_db()
    assert sefton.publication.file_name == OUTCOMES.name


def test_the_loader_keeps_an_authority_the_tracker_already_had():
    LocalAuthority.objects.create(name="Sefton", ons_code=SEFTON, region="")
    load_national_data(NATIONAL)
    sefton = LocalAuthority.objects.get(ons_code=SEFTON)
    assert (sefton.dfe_code, sefton.region) == ("343", "North West")


def test_a_newer_edition_adds_what_is_new_and_keeps_the_rest(loaded, tmp_path):
    sheets = _workbook_rows()
    history = next(name for name in sheets if name.startswith("ILACS"))
    sefton_row = next(row for row in sheets[history] if row[1] == SEFTON)
    reinspection = list(sefton_row)
    reinspection[5] = datetime.datetime(2025, 11, 3)
    reinspection[6] = datetime.datetime(2026, 1, 12)
    reinspection[8:12] = ["Requires improvement to be good"] * 4
    sheets[history].append(reinspection)
    sheets["Cover"][4][1] = datetime.datetime(2026, 9, 24)
    newer = _write_xlsx(sheets, tmp_path / "outcomes_2026.xlsx")
    before = OfstedOutcome.objects.count()

    summary = load_national_data([newer])

    assert OfstedOutcome.objects.count() == before + 1
    assert summary.created["Ofsted outcomes"] == 1
    assert summary.updated["Ofsted outcomes"] == 0
    latest = OfstedOutcome.objects.graded().filter(authority__ons_code=SEFTON).last()
    assert latest.start_date == datetime.date(2025, 11, 3)
    assert latest.overall_effectiveness == Judgement.Grade.REQUIRES_IMPROVEMENT
    assert latest.publication.published_on == datetime.date(2026, 9, 24)
    # The 2024-25 visits that a newer edition's in-year table no longer lists are kept.
    assert OfstedOutcome.objects.filter(kind="monitoring").count() == 24


def _damaged(tmp_path, change):
    sheets = _workbook_rows()
    change(sheets)
    return _write_xlsx(sheets, tmp_path / "damaged.xlsx")


def _history(sheets):
    return sheets[next(name for name in sheets if name.startswith("ILACS"))]


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda s: _history(s)[10].__setitem__(8, "Inadequatte"),
            "sheet 'ILACS_inspection_history', row 11, column 'I (overall effectiveness)': "
            "'Inadequatte' is not an Ofsted grade.",
        ),
        (
            lambda s: _history(s)[20].__setitem__(5, "next spring"),
            "sheet 'ILACS_inspection_history', row 21, column 'F (inspection date)': "
            "'next spring' is not a date.",
        ),
        (
            lambda s: _history(s)[30].__setitem__(1, "W06000001"),
            "row 31, column 'B (local authority area code)': 'W06000001' is not an ONS area code",
        ),
        (
            lambda s: _history(s)[40].__setitem__(7, "Ofsted Tea Party"),
            "row 41, column 'H (inspection type)': 'Ofsted Tea Party' is not a kind of "
            "inspection or visit",
        ),
        (
            lambda s: [row.pop(8) for row in _history(s)],
            "sheet 'ILACS_inspection_history': the column 'overall effectiveness' is missing",
        ),
        (
            lambda s: s.pop("In-year_inspections"),
            "no sheet whose name starts 'in year inspections'",
        ),
    ],
    ids=["grade", "date", "code", "kind", "column", "sheet"],
)
def test_a_damaged_spreadsheet_is_refused_naming_where_and_nothing_is_loaded(
    tmp_path, change, message
):
    damaged = _damaged(tmp_path, change)
    with pytest.raises(DataRefused) as refused:
        load_national_data([damaged, CODES, NEIGHBOURS])
    assert message in str(refused.value)
    assert _counts() == (0, 0, 0, 0, 0)


def test_a_damaged_file_among_good_ones_loads_none_of_them(tmp_path):
    broken = tmp_path / "sn_model_2025_wide.csv"
    text = NEIGHBOURS.read_text(encoding="utf-8-sig").splitlines()
    cells = text[5].split(",")
    cells[7] = ""  # SN_2P, the second neighbour's band
    text[5] = ",".join(cells)
    broken.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("load_national_data", str(OUTCOMES), str(CODES), str(broken))
    assert "Nothing was loaded" in str(refused.value)
    assert "sn_model_2025_wide.csv, row 6, column 'SN_2P'" in str(refused.value)
    assert "the closeness band is empty" in str(refused.value)
    assert _counts() == (0, 0, 0, 0, 0)


def test_a_truncated_spreadsheet_is_refused(tmp_path):
    truncated = tmp_path / "outcomes.ods"
    truncated.write_bytes(OUTCOMES.read_bytes()[:20_000])
    with pytest.raises(DataRefused, match="outcomes.ods: not a spreadsheet that can be read"):
        load_national_data([truncated])
    assert _counts() == (0, 0, 0, 0, 0)


def test_a_file_of_another_kind_is_refused(tmp_path):
    other = tmp_path / "notes.csv"
    other.write_text("a,b\n1,2\n")
    with pytest.raises(DataRefused, match="notes.csv: not a file the tracker loads"):
        load_national_data([other])


def test_neighbours_without_the_authorities_are_refused_with_the_reason():
    with pytest.raises(DataRefused, match="no authority in the tracker has the DfE code 301"):
        load_national_data([NEIGHBOURS])


def test_the_shipped_files_are_the_published_ones():
    """The copies in the project are byte for byte the published editions (where the reference
    folder is present)."""
    from pathlib import Path

    reference = Path(__file__).resolve().parents[3] / "shared" / "reference" / "national"
    if not reference.is_dir():
        pytest.skip("the reference folder ../shared is not present")
    for path in shipped_files():
        assert path.read_bytes() == (reference / path.name).read_bytes(), path.name


def test_a_copy_loads_like_the_original(tmp_path):
    copy = shutil.copy(OUTCOMES, tmp_path / "copy.ods")
    load_national_data([copy])
    assert OfstedOutcome.objects.count() == 331
