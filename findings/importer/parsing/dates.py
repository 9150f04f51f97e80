"""Dates as Ofsted writes them: '25 July 2024', and ranges such as '25 and 26 June 2024',
'25–26 June 2024' or '30 September to 1 October 2024'."""

import datetime
import re
from dataclasses import dataclass

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
# Between the two ends of a range: "and", "to", "until", a hyphen or a dash, with or without spaces.
_JOIN = r"\s*(?:-|–|—|\bto\b|\band\b|\buntil\b|\bthrough\b)\s*"

DATE = re.compile(rf"\b(?P<day>{_DAY})\s+(?P<month>{_MONTH})(?:,?\s+(?P<year>{_YEAR}))?\b", re.I)
RANGE = re.compile(
    rf"\b(?P<d1>{_DAY})(?:\s+(?P<m1>{_MONTH})(?:,?\s+(?P<y1>{_YEAR}))?)?"
    rf"{_JOIN}"
    rf"(?P<d2>{_DAY})\s+(?P<m2>{_MONTH})(?:,?\s+(?P<y2>{_YEAR}))?\b",
    re.I,
)


@dataclass(frozen=True)
class DateRange:
    start: datetime.date
    end: datetime.date


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def _month(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


def _make(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str, *, default_year: int | None = None) -> datetime.date | None:
    """The first whole date in `text`; None when there is none (or it is not a real date)."""
    for match in DATE.finditer(text):
        year = match["year"] or default_year
        if year is None:
            continue
        found = _make(int(year), _month(match["month"]), _day(match["day"]))
        if found:
            return found
    return None


def parse_date_range(text: str, *, default_year: int | None = None) -> DateRange | None:
    """The first date range in `text` (a single date is a range of one day).

    The year may be written once, at the end ('25 and 26 June 2024'), or at both ends across a
    change of year ('30 December 2024 to 2 January 2025'); the month may be written once
    ('25–26 June') or twice ('30 September to 1 October'). Without any year, `default_year` is
    used (a letter's own date, say)."""
    ranges = list(RANGE.finditer(text))
    singles = list(DATE.finditer(text))
    first_range = ranges[0] if ranges else None
    first_single = singles[0] if singles else None
    if first_range and (first_single is None or first_range.start() <= first_single.start()):
        # An impossible range ('26 to 25 June') is not read as one of its dates.
        return _range_from(first_range, default_year)
    if first_single:
        day = parse_date(first_single.group(), default_year=default_year)
        if day:
            return DateRange(day, day)
    return None


def _range_from(match: re.Match, default_year: int | None) -> DateRange | None:
    end_year = int(match["y2"]) if match["y2"] else default_year
    if end_year is None:
        return None
    end_month = _month(match["m2"])
    end = _make(end_year, end_month, _day(match["d2"]))
    start_month = _month(match["m1"]) if match["m1"] else end_month
    if match["y1"]:
        start_year = int(match["y1"])
    else:
        # "30 December to 2 January 2025": the start is in the year before.
        start_year = end_year - 1 if start_month > end_month else end_year
    start = _make(start_year, start_month, _day(match["d1"]))
    if start is None or end is None or end < start:
        return None
    return DateRange(start, end)
