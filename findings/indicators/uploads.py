"""A council's own monthly figures, uploaded as CSV or XLSX: every cell checked first, every bad
one reported with its row, column and reason, and nothing saved from a file with any error.

The file has one row per indicator and month, with the headings of the template
(`TEMPLATE_HEADINGS`): the indicator's key, the month, the value and an optional note."""

import calendar
import csv
import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from python_calamine import CalamineError, CalamineWorkbook

from .models import Indicator, IndicatorValue

TEMPLATE_HEADINGS = ["indicator", "month", "value", "note"]
MAX_ROWS = 5000
MAX_BYTES = 2 * 1024 * 1024
MONTH_NAMES = {name.casefold(): number for number, name in enumerate(calendar.month_name) if name}
MONTH_NAMES |= {name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name}


@dataclass(frozen=True)
class CellError:
    row: int  # as the spreadsheet numbers it, the heading row being 1
    column: str
    reason: str

    def __str__(self):
        where = f"Row {self.row}, column '{self.column}'" if self.column else f"Row {self.row}"
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class UploadedValue:
    row: int
    indicator: Indicator
    period_end: datetime.date
    value: Decimal
    note: str


class UploadRefused(Exception):
    def __init__(self, errors: list[CellError]):
        self.errors = errors
        super().__init__("; ".join(map(str, errors[:5])))


def _rows(data: bytes, name: str) -> list[list]:
    if len(data) > MAX_BYTES:
        raise UploadRefused([CellError(0, "", "the file is larger than 2 MB.")])
    if name.lower().endswith((".xlsx", ".xls", ".ods")):
        try:
            workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
            return workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
        except (CalamineError, ValueError, IndexError) as error:
            raise UploadRefused(
                [CellError(0, "", f"the file is not a spreadsheet that can be read ({error}).")]
            ) from error
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UploadRefused(
            [CellError(0, "", "the file is neither a UTF-8 CSV file nor an XLSX spreadsheet.")]
        ) from error
    return list(csv.reader(io.StringIO(text)))


def _month(cell) -> datetime.date | None:
    """The month's last day, from '2025-04', '04/2025', 'April 2025', 'Apr 2025' or a date."""
    if isinstance(cell, datetime.datetime):
        cell = cell.date()
    if isinstance(cell, datetime.date):
        year, month = cell.year, cell.month
    else:
        text = str(cell).strip()
        if match := re.fullmatch(r"(\d{4})-(\d{1,2})(?:-\d{1,2})?", text):
            year, month = int(match[1]), int(match[2])
        elif match := re.fullmatch(r"(\d{1,2})/(\d{4})", text):
            year, month = int(match[2]), int(match[1])
        elif match := re.fullmatch(r"([A-Za-z]+)\.? (\d{4})", text):
            month, year = MONTH_NAMES.get(match[1].casefold()), int(match[2])
            if month is None:
                return None
        else:
            return None
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        return None
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def read_upload(data: bytes, name: str, indicators: list[Indicator]) -> list[UploadedValue]:
    """The values in an uploaded file for `indicators` (the authority's own, by key): all of
    them, or UploadRefused with every problem found."""
    rows = _rows(data, name)
    if not rows or not any(str(cell).strip() for cell in rows[0]):
        raise UploadRefused([CellError(1, "", "the file is empty: download the template.")])
    headings = [str(cell).strip().casefold() for cell in rows[0]]
    missing = [h for h in TEMPLATE_HEADINGS[:3] if h not in headings]
    if missing:
        raise UploadRefused(
            [
                CellError(1, h, "this heading is missing (use the template's headings).")
                for h in missing
            ]
        )
    if len(rows) - 1 > MAX_ROWS:
        raise UploadRefused([CellError(0, "", f"the file has more than {MAX_ROWS} rows.")])
    column = {
        heading: headings.index(heading) for heading in TEMPLATE_HEADINGS if heading in headings
    }
    by_key = {indicator.key: indicator for indicator in indicators}
    by_name = {indicator.name.casefold(): indicator for indicator in indicators}
    today = datetime.date.today()
    errors, values, seen = [], [], {}

    def cell(cells, heading):
        index = column.get(heading)
        if index is None or index >= len(cells):
            return ""
        value = cells[index]
        return value if not isinstance(value, str) else value.strip()

    for number, cells in enumerate(rows[1:], start=2):
        if not any(str(c).strip() for c in cells):
            continue
        named = str(cell(cells, "indicator"))
        indicator = by_key.get(named) or by_name.get(named.casefold())
        if indicator is None:
            errors.append(CellError(number, "indicator", (
                f"'{named}' is not one of your council's indicators." if named
                else "the indicator is missing."
            )))  # fmt: skip
        month_cell = cell(cells, "month")
        period_end = _month(month_cell)
        if period_end is None:
            errors.append(CellError(number, "month", (
                f"'{month_cell}' is not a month: write it as 2025-04 or April 2025."
                if str(month_cell) else "the month is missing."
            )))  # fmt: skip
        elif period_end.replace(day=1) > today:
            errors.append(CellError(number, "month", "the month is in the future."))
        raw = cell(cells, "value")
        value = None
        if isinstance(raw, bool):
            raw = str(raw)
        if isinstance(raw, int | float):
            value = Decimal(str(raw))
        elif str(raw).strip():
            try:
                value = Decimal(str(raw).strip().rstrip("%").replace(",", ""))
            except InvalidOperation:
                value = None
        if value is None or not value.is_finite():
            errors.append(CellError(number, "value", (
                f"'{raw}' is not a number." if str(raw).strip() else "the value is missing."
            )))  # fmt: skip
        elif abs(value) >= Decimal("1e10") or value != value.quantize(Decimal("0.01")):
            errors.append(CellError(number, "value", "use at most two decimal places."))
        note = str(cell(cells, "note"))
        if len(note) > 200:
            errors.append(CellError(number, "note", "the note is longer than 200 characters."))
        if indicator is not None and period_end is not None:
            earlier = seen.get((indicator.pk, period_end))
            if earlier:
                errors.append(CellError(
                    number, "month", f"row {earlier} already gives this indicator's value for "
                    "this month."
                ))  # fmt: skip
            seen[(indicator.pk, period_end)] = number
        if not errors or errors[-1].row != number:
            values.append(UploadedValue(number, indicator, period_end, value, note))
    if errors:
        raise UploadRefused(errors)
    if not values:
        raise UploadRefused([CellError(2, "", "the file has no values under its headings.")])
    return values


@transaction.atomic
def save_local_values(authority, values: list[UploadedValue]) -> tuple[int, int]:
    """Add or replace each value (one transaction: all or none). Returns (added, changed)."""
    added = changed = 0
    for item in values:
        fields = {
            "value": item.value,
            "marker": "",
            "note": item.note,
            "period": item.period_end.strftime("%B %Y"),
        }
        current = IndicatorValue.objects.filter(
            indicator=item.indicator,
            level=IndicatorValue.Level.AUTHORITY,
            authority=authority,
            period_end=item.period_end,
        ).first()
        if current is None:
            IndicatorValue.objects.create(
                indicator=item.indicator,
                level=IndicatorValue.Level.AUTHORITY,
                authority=authority,
                period_end=item.period_end,
                **fields,
            )
            added += 1
        elif any(getattr(current, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(current, k, v)
            current.version += 1  # a form opened before this upload must not overwrite it
            current.save()  # through the model, so its history records the change
            changed += 1
    return added, changed
