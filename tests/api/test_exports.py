"""Findings and ratings as CSV and XLSX files: the rows the list would give, without pagination,
in a shape an analyst can open in a spreadsheet straight away."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from findings.models import RAG, Finding
from findings.services import save_review
from tests.support.api import api_client
from tests.support.factories import AreaReviewFactory, FindingFactory, InspectionEventFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate().isoformat()


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, response
    return response, b"".join(response.streaming_content)


def csv_rows(content):
    assert content.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs for UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_findings_download_as_csv_with_their_event_area_and_rating(board_member, officer):
    review = AreaReviewFactory(area__title="The front door")
    save_review(review, rag=RAG.AMBER, rationale="Progress, but not consistent.", user=officer)
    FindingFactory(
        event=review.event, area=review.area, text="Decisions are now timely.", paragraph=4
    )

    response, content = download(api_client(board_member), "/api/v1/findings/export.csv")

    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="findings-{TODAY}.csv"'
    heading, row = csv_rows(content)
    assert heading == [
        "Finding id",
        "Local authority",
        "Event",
        "Fieldwork start",
        "Fieldwork end",
        "Letter date",
        "Area of concern",
        "Theme",
        "RAG at this event",
        "Polarity",
        "Letter section",
        "Paragraph",
        "Quoted text",
    ]
    assert row[2:] == [
        f"{review.event.title}",
        "2024-06-25",
        "2024-06-26",
        "2024-07-25",
        "The front door",
        "Help and protection",
        "Amber",
        "Strength",
        "Findings and evaluation of progress",
        "4",
        "Decisions are now timely.",
    ]


def test_ratings_download_as_csv_with_who_rated_them(board_member, officer):
    review = AreaReviewFactory()
    save_review(review, rag=RAG.GREEN, rationale="Effective, “consistently”.", user=officer)
    _, content = download(api_client(board_member), "/api/v1/ratings/export.csv")
    heading, row = csv_rows(content)
    record = dict(zip(heading, row, strict=True))
    assert record["RAG rating"] == "Green"
    assert record["Rationale"] == "Effective, “consistently”."
    assert record["Rated by"] == "Olu Officer"
    assert datetime.datetime.fromisoformat(record["Rated at"]).tzinfo is not None


def test_text_a_spreadsheet_would_run_as_a_formula_is_neutralised_in_csv(board_member):
    FindingFactory(text='=HYPERLINK("http://example.org","click")')
    _, content = download(api_client(board_member), "/api/v1/findings/export.csv")
    assert csv_rows(content)[1][-1] == '\'=HYPERLINK("http://example.org","click")'


def test_findings_download_as_an_excel_workbook(board_member):
    FindingFactory(text="=1+1", paragraph=3)
    FindingFactory(text="A control character\x0b is dropped.", paragraph=None)

    response, content = download(api_client(board_member), "/api/v1/findings/export.xlsx")

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == f'attachment; filename="findings-{TODAY}.xlsx"'
    sheet = load_workbook(io.BytesIO(content))["Findings"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Finding id" and rows[0][-1] == "Quoted text"
    assert len(rows) == 3
    assert rows[1][3] == datetime.datetime(2024, 6, 25)  # a real date cell
    assert rows[1][-1] == "=1+1"  # kept as text, not a formula
    assert sheet.cell(row=2, column=13).data_type == "s"
    assert rows[2][-1] == "A control character is dropped."


def test_ratings_download_as_an_excel_workbook(board_member, officer):
    review = AreaReviewFactory()
    save_review(review, rag=RAG.RED, rationale="Risk remains for children at night.", user=officer)
    _, content = download(api_client(board_member), "/api/v1/ratings/export.xlsx")
    sheet = load_workbook(io.BytesIO(content))["Ratings"]
    heading, row = list(sheet.iter_rows(values_only=True))
    record = dict(zip(heading, row, strict=True))
    assert record["RAG rating"] == "Red"
    assert isinstance(record["Rated at"], datetime.datetime)


def test_a_download_holds_every_row_not_one_page(board_member, sefton):
    _, content = download(api_client(board_member), "/api/v1/findings/export.csv")
    assert len(csv_rows(content)) == 1 + Finding.objects.count()
    assert Finding.objects.count() > 0


def test_a_download_follows_the_lists_ordering(board_member):
    event = InspectionEventFactory()
    FindingFactory(event=event, area=None, order=1, text="First.")
    FindingFactory(event=event, area=None, order=2, text="Second.")
    _, content = download(api_client(board_member), "/api/v1/findings/export.csv?ordering=-order")
    assert [row[-1] for row in csv_rows(content)[1:]] == ["Second.", "First."]


def test_a_bad_filter_on_a_download_is_a_json_400(board_member):
    response = api_client(board_member).get("/api/v1/ratings/export.csv?rag=purple")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
