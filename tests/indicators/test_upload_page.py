"""Uploading a council's own monthly figures through the page: a template to download with the
authority's indicator keys, every bad cell listed in the error summary with its row, column and
reason and nothing saved, and a confirmation of what was added and changed."""

import datetime
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from findings.indicators.models import IndicatorValue
from tests.support.factories import LocalAuthorityFactory
from tests.support.forms import error_summary

from .making import local_indicator, month_value

pytestmark = pytest.mark.django_db


@pytest.fixture
def sefton():
    return LocalAuthorityFactory(name="Sefton", ons_code="E08000014")


@pytest.fixture
def indicators(sefton):
    return [
        local_indicator(sefton),
        local_indicator(
            sefton,
            key="children-seen",
            name="Children seen within the timescale",
            target=None,
            tolerance=None,
        ),
    ]


@pytest.fixture
def signed_in(client, officer, sefton):
    client.force_login(officer)
    return client


def upload(client, authority, content: bytes, name="figures.csv"):
    return client.post(
        reverse("indicator-upload") + f"?authority={authority.pk}",
        {"file": SimpleUploadedFile(name, content)},
    )


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def last_month() -> str:
    first = datetime.date.today().replace(day=1)
    return f"{first - datetime.timedelta(days=1):%Y-%m}"


def test_the_csv_template_lists_the_authoritys_indicator_keys(signed_in, sefton, indicators):
    local_indicator(LocalAuthorityFactory(), key="not-seftons", name="Not Sefton's")
    response = signed_in.get(reverse("indicator-template-csv") + f"?authority={sefton.pk}")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines == [
        "indicator,month,value,note",
        f"assessments-45-days,{last_month()},,",
        f"children-seen,{last_month()},,",
    ]


def test_the_xlsx_template_has_the_keys_and_a_sheet_describing_them(signed_in, sefton, indicators):
    response = signed_in.get(reverse("indicator-template-xlsx") + f"?authority={sefton.pk}")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    figures, described = book.worksheets
    assert [cell.value for cell in figures[1]] == ["indicator", "month", "value", "note"]
    assert [row[0].value for row in figures.iter_rows(min_row=2)] == [
        "assessments-45-days",
        "children-seen",
    ]
    assert described["A2"].value == "assessments-45-days"
    assert described["B2"].value == "Assessments completed within 45 working days"


def test_a_good_file_is_saved_and_what_was_added_and_changed_is_confirmed(
    signed_in, sefton, indicators
):
    april = month_value(indicators[0], datetime.date(2025, 4, 1), "80")
    content = (
        b"indicator,month,value,note\n"
        b"assessments-45-days,2025-04,81.5,corrected\n"
        b"assessments-45-days,2025-05,86,\n"
        b"children-seen,May 2025,92%,\n"
    )

    response = upload(signed_in, sefton, content)

    assert response.status_code == 200
    shown = text_of(response)
    assert "2 values added and 1 changed" in shown
    assert (
        "Assessments completed within 45 working days April 2025 81.5% Changed from 80.0%" in shown
    )
    assert "Children seen within the timescale May 2025 92% Added" in shown
    april.refresh_from_db()
    assert (april.value, april.note, april.version) == (Decimal("81.5"), "corrected", 2)
    assert IndicatorValue.objects.count() == 3
    # The same file again changes nothing, and says so.
    assert "Nothing changed" in text_of(upload(signed_in, sefton, content))


def test_an_xlsx_file_is_read_too(signed_in, sefton, indicators):
    book = openpyxl.Workbook()
    book.active.append(["indicator", "month", "value", "note"])
    book.active.append(["children-seen", "2025-04", 90, None])
    handle = io.BytesIO()
    book.save(handle)
    response = upload(signed_in, sefton, handle.getvalue(), "figures.xlsx")
    assert "1 value added" in text_of(response)


def test_every_bad_cell_is_listed_and_nothing_is_saved(signed_in, sefton, indicators):
    content = (
        b"indicator,month,value,note\n"
        b"assessments-45-days,2025-04,81.5,\n"
        b"no-such-indicator,2025-04,12,\n"
        b"children-seen,Smarch 2025,abc,\n"
    )

    response = upload(signed_in, sefton, content)

    assert response.status_code == 200
    assert error_summary(response) == [
        (
            "id_file",
            "Row 3, column 'indicator': 'no-such-indicator' is not one of your council's indicators.",
        ),
        (
            "id_file",
            "Row 4, column 'month': 'Smarch 2025' is not a month: write it as 2025-04 or April 2025.",
        ),
        ("id_file", "Row 4, column 'value': 'abc' is not a number."),
    ]
    assert "The file has 3 problems, listed above: nothing was saved" in text_of(response)
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    "name,content,message",
    [
        (None, None, "Select a CSV or XLSX file"),
        ("letter.pdf", b"%PDF-1.7", "The file must be a CSV or XLSX file"),
        ("figures.csv", b"", "The selected file is empty"),
    ],
)
def test_a_missing_or_wrong_file_is_named(signed_in, sefton, indicators, name, content, message):
    data = {"file": SimpleUploadedFile(name, content)} if name else {}
    response = signed_in.post(reverse("indicator-upload") + f"?authority={sefton.pk}", data)
    assert error_summary(response) == [("id_file", message)]


def test_an_authority_without_indicators_is_told_to_define_one_first(signed_in, sefton):
    shown = text_of(signed_in.get(reverse("indicator-upload") + f"?authority={sefton.pk}"))
    assert "Sefton has no indicators of its own yet" in shown


def test_another_authoritys_officer_cannot_upload_for_it(signed_in, officer, sefton, indicators):
    officer.authorities.set([LocalAuthorityFactory(name="Knowsley")])
    response = upload(signed_in, sefton, b"indicator,month,value\nchildren-seen,2025-04,90\n")
    assert response.status_code == 403
    assert not IndicatorValue.objects.exists()
