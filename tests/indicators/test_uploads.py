"""Uploading a council's own monthly figures: good files, and bad ones refused cell by cell with
nothing saved."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from findings.indicators.models import Indicator, IndicatorValue
from findings.indicators.uploads import UploadRefused, read_upload, save_local_values
from tests.support.factories import LocalAuthorityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def authority():
    return LocalAuthorityFactory(name="Sefton")


@pytest.fixture
def indicators(authority):
    common = {
        "unit": "percent",
        "frequency": "monthly",
        "authority": authority,
        "source": "Liquidlogic",
    }
    return [
        Indicator.objects.create(
            key="assessments-45-days",
            name="Assessments completed within 45 working days",
            description="Single assessments completed within 45 working days.",
            better="higher",
            target=Decimal("85"),
            tolerance=Decimal("5"),
            **common,
        ),
        Indicator.objects.create(
            key="children-seen",
            name="Children seen within the timescale",
            description="Visits to children in need made within the timescale.",
            better="higher",
            **common,
        ),
    ]


def _csv(*lines):
    return ("\n".join(["indicator,month,value,note", *lines]) + "\n").encode()


def test_a_good_csv_is_read_and_saved(authority, indicators):
    data = _csv(
        "assessments-45-days,2025-04,81.5,",
        "assessments-45-days,May 2025,86,after the recruitment drive",
        "Children seen within the timescale,06/2025,92.25%,",
    )
    values = read_upload(data, "figures.csv", indicators)
    assert [(v.indicator.key, v.period_end, v.value) for v in values] == [
        ("assessments-45-days", datetime.date(2025, 4, 30), Decimal("81.5")),
        ("assessments-45-days", datetime.date(2025, 5, 31), Decimal("86")),
        ("children-seen", datetime.date(2025, 6, 30), Decimal("92.25")),
    ]
    assert save_local_values(authority, values) == (3, 0)
    saved = IndicatorValue.objects.get(indicator=indicators[0], period_end="2025-05-31")
    assert (saved.period, saved.note) == ("May 2025", "after the recruitment drive")
    assert indicators[0].rag(Decimal("81.5")) == "amber"  # 3.5 short of 85, within 5
    assert indicators[0].rag(Decimal("79")) == "red"
    assert indicators[0].rag(Decimal("86")) == "green"


def test_a_good_xlsx_is_read_like_the_csv(authority, indicators):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Indicator", "Month", "Value", "Note"])
    sheet.append(["assessments-45-days", datetime.datetime(2025, 4, 1), 81.5, None])
    sheet.append(["children-seen", "2025-04", 90, "checked"])
    stream = io.BytesIO()
    book.save(stream)
    values = read_upload(stream.getvalue(), "figures.xlsx", indicators)
    assert [(v.indicator.key, v.period_end, v.value) for v in values] == [
        ("assessments-45-days", datetime.date(2025, 4, 30), Decimal("81.5")),
        ("children-seen", datetime.date(2025, 4, 30), Decimal("90")),
    ]


def test_every_bad_cell_is_refused_with_its_row_column_and_reason(authority, indicators):
    future = (datetime.date.today() + datetime.timedelta(days=62)).strftime("%Y-%m")
    data = _csv(
        "assessments-45-days,2025-04,81.5,",  # good, but not saved: the file has errors
        "waiting-lists,2025-04,10,",
        "children-seen,Spring 2025,10,",
        "children-seen,2025-05,ten,",
        "children-seen,2025-06,,",
        f"children-seen,{future},50,",
        "assessments-45-days,2025-04,80,",
        "children-seen,2025-07,50.125,",
    )
    with pytest.raises(UploadRefused) as refused:
        read_upload(data, "figures.csv", indicators)
    assert [str(error) for error in refused.value.errors] == [
        "Row 3, column 'indicator': 'waiting-lists' is not one of your council's indicators.",
        "Row 4, column 'month': 'Spring 2025' is not a month: write it as 2025-04 or April 2025.",
        "Row 5, column 'value': 'ten' is not a number.",
        "Row 6, column 'value': the value is missing.",
        "Row 7, column 'month': the month is in the future.",
        "Row 8, column 'month': row 2 already gives this indicator's value for this month.",
        "Row 9, column 'value': use at most two decimal places.",
    ]
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"", "empty.csv", "the file is empty"),
        (
            b"indicator,when,value\nchildren-seen,2025-04,1\n",
            "f.csv",
            "column 'month': this heading",
        ),
        (b"\xff\xfe\x00garbage", "f.csv", "neither a UTF-8 CSV file nor an XLSX"),
        (b"PK\x03\x04 not really", "f.xlsx", "not a spreadsheet that can be read"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused(indicators, data, name, message):
    with pytest.raises(UploadRefused) as refused:
        read_upload(data, name, indicators)
    assert message in str(refused.value)


def test_another_councils_indicator_is_not_accepted(authority, indicators):
    other = Indicator.objects.create(
        key="elsewhere", name="Elsewhere", description="-", unit="percent", better="higher",
        frequency="monthly", authority=LocalAuthorityFactory(), source="-",
    )  # fmt: skip
    with pytest.raises(UploadRefused, match="'elsewhere' is not one of your council's"):
        read_upload(_csv("elsewhere,2025-04,1,"), "f.csv", indicators)
    assert other.values.count() == 0


def test_uploading_again_changes_a_value_and_keeps_its_history(authority, indicators):
    save_local_values(
        authority, read_upload(_csv("children-seen,2025-04,90,"), "a.csv", indicators)
    )
    assert save_local_values(
        authority, read_upload(_csv("children-seen,2025-04,91,corrected"), "b.csv", indicators)
    ) == (0, 1)
    value = IndicatorValue.objects.get(indicator=indicators[1])
    assert value.value == Decimal("91")
    assert [h.value for h in value.history.order_by("history_date")] == [
        Decimal("90"),
        Decimal("91"),
    ]
