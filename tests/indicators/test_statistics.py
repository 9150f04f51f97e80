"""DfE's statistics as `load_national_data` loads them: known figures, withheld values kept as
withheld, a second run, and damaged files refused with the row and column named."""

import datetime
from decimal import Decimal

import pytest

from findings.indicators.models import Indicator, IndicatorValue
from findings.indicators.statistics import DATA_DIR
from visits.national.loading import load_national_data, shipped_files
from visits.national.sources import DataRefused

pytestmark = pytest.mark.django_db

WORKFORCE = DATA_DIR / "csww_indicators_2017_to_2025.csv"
OUTCOMES, CODES, NEIGHBOURS = shipped_files()[:3]


def _value(key, *, period, **place):
    return IndicatorValue.objects.get(indicator__key=key, period=period, **place)


def test_the_shipped_statistics_hold_the_published_figures():
    load_national_data()
    sefton = {"authority__ons_code": "E08000014"}
    # Sefton's agency social workers: 38.1% in 2023, 32.6% in 2024, 24.6% in 2025.
    assert [_value("agency-rate", period=p, **sefton).value for p in ("2023", "2024", "2025")] == [
        Decimal("38.1"),
        Decimal("32.6"),
        Decimal("24.6"),
    ]
    england = _value("agency-rate", period="2025", level="england")
    assert england.value == Decimal("13.0")
    assert england.period_end == datetime.date(2025, 9, 30)
    assert _value("agency-rate", period="2025", region="North West").value == Decimal("16.6")
    # A value the publication withholds is kept as withheld, not as zero.
    withheld = _value("absence-rate", period="2018", authority__name="North Somerset")
    assert (withheld.value, withheld.marker) == (None, "c")
    assert "confidentiality" in withheld.display
    # Authorities that share a children's trust are published as one row: both get it, noted.
    shared = _value("agency-rate", period="2025", authority__name="Richmond upon Thames")
    assert shared.value == Decimal("14.9")
    assert "Kingston upon Thames and Richmond upon Thames together" in shared.note
    # The other publications: one figure each for Sefton in 2025.
    assert _value("re-referrals", period="2025", **sefton).value == Decimal("26.2")
    assert _value("looked-after-rate", period="2025", **sefton).value == Decimal("92")
    assert _value("three-placements", period="2025", **sefton).value == Decimal("10")
    assert _value("care-leavers-suitable-accommodation", period="2025", **sefton).value == 98
    agency = Indicator.objects.get(key="agency-rate")
    assert (agency.unit, agency.better, agency.theme) == ("percent", "lower", "workforce")
    assert agency.source == "DfE, Children's social work workforce"


def test_children_in_need_per_10000_is_worked_out_from_the_count_and_the_population():
    load_national_data()
    count = _value("children-in-need", period="2025", authority__ons_code="E08000014").value
    children = _value("child-population", period="2024", authority__ons_code="E08000014").value
    rate = _value("children-in-need-rate", period="2025", authority__ons_code="E08000014")
    assert rate.value == (count * 10000 / children).quantize(Decimal("1"))
    assert "worked out by the tracker" in rate.indicator.description


def test_a_second_run_changes_nothing():
    load_national_data()
    before = IndicatorValue.objects.count()
    summary = load_national_data()
    assert not summary.changed
    assert IndicatorValue.objects.count() == before


def _damaged_workforce(tmp_path, row, column, text):
    lines = WORKFORCE.read_text(encoding="utf-8-sig").splitlines()
    headings = lines[0].split(",")
    cells = lines[row - 1].split(",")
    cells[headings.index(column)] = text
    lines[row - 1] = ",".join(cells)
    damaged = tmp_path / WORKFORCE.name
    damaged.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return damaged


def test_a_damaged_value_is_refused_naming_row_and_column_and_nothing_is_loaded(tmp_path):
    damaged = _damaged_workforce(tmp_path, 40, "agency_rate_fte", "twelve")
    with pytest.raises(DataRefused) as refused:
        load_national_data([OUTCOMES, CODES, NEIGHBOURS, damaged])
    message = str(refused.value)
    assert message.startswith("csww_indicators_2017_to_2025.csv, row 40, column 'agency_rate_fte'")
    assert "'twelve' is neither a number nor one of the letters" in message
    assert not IndicatorValue.objects.exists()
    assert not Indicator.objects.exists()


def test_a_file_missing_a_column_is_refused(tmp_path):
    lines = WORKFORCE.read_text(encoding="utf-8-sig").splitlines()
    lines[0] = lines[0].replace("time_period", "period")
    damaged = tmp_path / "workforce.csv"
    damaged.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataRefused, match="workforce.csv, row 1: the heading row lacks the column"):
        load_national_data([OUTCOMES, CODES, damaged])


def test_a_newer_edition_adds_its_year_and_corrects_what_changed(tmp_path):
    load_national_data([OUTCOMES, CODES, WORKFORCE])
    lines = WORKFORCE.read_text(encoding="utf-8-sig").splitlines()
    headings = lines[0].split(",")
    sefton_2025 = next(line for line in lines if line.startswith("2025,") and ",Sefton," in line)
    newer = sefton_2025.split(",")
    newer[0] = "2026"
    newer[headings.index("agency_rate_fte")] = "19.9"
    revised = tmp_path / "csww_2026.csv"
    revised.write_text("\n".join([lines[0], ",".join(newer)]) + "\n", encoding="utf-8")

    summary = load_national_data([revised])

    assert summary.created["Indicator values"] == 5  # the five workforce measures for 2026
    assert _value("agency-rate", period="2026", authority__name="Sefton").value == Decimal("19.9")
    assert _value("agency-rate", period="2025", authority__name="Sefton").value == Decimal("24.6")
