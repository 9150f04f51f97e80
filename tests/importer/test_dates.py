"""Dates and date ranges as Ofsted writes them."""

import datetime

import pytest

from findings.importer.parsing.dates import DateRange, parse_date, parse_date_range

D = datetime.date


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("on 25 and 26 June 2024.", D(2024, 6, 25), D(2024, 6, 26)),
        ("on 25–26 June 2024", D(2024, 6, 25), D(2024, 6, 26)),
        ("on 25-26 June 2024", D(2024, 6, 25), D(2024, 6, 26)),
        ("on 25 — 26 June 2024", D(2024, 6, 25), D(2024, 6, 26)),
        ("from 25 to 26 June 2024", D(2024, 6, 25), D(2024, 6, 26)),
        ("on 30 September to 1 October 2024", D(2024, 9, 30), D(2024, 10, 1)),
        ("on 30 September and 1 October 2024", D(2024, 9, 30), D(2024, 10, 1)),
        ("21 February to 4 March 2022", D(2022, 2, 21), D(2022, 3, 4)),
        ("21 Feb-4 Mar 2022", D(2022, 2, 21), D(2022, 3, 4)),
        ("30 December 2024 to 2 January 2025", D(2024, 12, 30), D(2025, 1, 2)),
        ("on 3 July 2024", D(2024, 7, 3), D(2024, 7, 3)),
        ("on the 4th and 5th of", None, None),
    ],
)
def test_it_reads_a_range_in_every_way_letters_write_one(text, start, end):
    found = parse_date_range(text)
    assert found == (DateRange(start, end) if start else None)


def test_a_range_without_a_year_takes_the_letter_s_year():
    assert parse_date_range("on 4 and 5 October", default_year=2023) == DateRange(
        D(2023, 10, 4), D(2023, 10, 5)
    )


def test_a_range_across_new_year_without_a_start_year_starts_the_year_before():
    assert parse_date_range("on 30 December to 2 January 2025") == DateRange(
        D(2024, 12, 30), D(2025, 1, 2)
    )


def test_the_first_range_in_a_sentence_is_the_fieldwork():
    text = (
        "the monitoring visit to Sefton children's services on 25 and 26 June 2024. This was the "
        "sixth monitoring visit since the local authority was judged inadequate in February 2022."
    )
    assert parse_date_range(text) == DateRange(D(2024, 6, 25), D(2024, 6, 26))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25 July 2024", D(2024, 7, 25)),
        ("Date: 1st March 2023", D(2023, 3, 1)),
        ("31 September 2024", None),  # not a real date
        ("in February 2022", None),  # no day
    ],
)
def test_it_reads_single_dates(text, expected):
    assert parse_date(text) == expected


def test_an_impossible_range_is_not_a_range():
    assert parse_date_range("on 26 to 25 June 2024") is None
