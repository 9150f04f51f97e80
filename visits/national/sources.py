"""Reading the official files as published: Ofsted's inspection outcomes spreadsheet (ODS or XLSX,
through python-calamine), DfE's statistical neighbour model and DfE's authority codes (CSV).

Columns are found by their headings, not their places, so that a newer edition that moves or adds
columns still loads; anything else unexpected is refused with the sheet, row and column named."""

import csv
import datetime
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

from visits.models import InspectionEvent, Judgement

DATA_DIR = Path(__file__).resolve().parent / "data"


class DataRefused(Exception):
    """A file that cannot be loaded: says where (file, sheet, row, column) and why."""

    def __init__(self, problem, *, file="", sheet="", row=None, column=""):
        self.problem, self.file, self.sheet, self.row, self.column = (
            problem, file, sheet, row, column
        )  # fmt: skip
        super().__init__(str(self))

    def __str__(self):
        where = [
            part
            for part in (
                self.file,
                self.sheet and f"sheet '{self.sheet}'",
                self.row and f"row {self.row}",
                self.column and f"column '{self.column}'",
            )
            if part
        ]
        return f"{', '.join(where)}: {self.problem}" if where else self.problem


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


ONS_CODE = re.compile(r"^E\d{8}$")
DFE_CODE = re.compile(r"^\d{3}$")


# -- Ofsted's outcomes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class OutcomeRow:
    ons_code: str
    name: str
    ofsted_region: str
    still_exists: bool | None  # None where the sheet does not say
    kind: str | None  # None on the "as at" sheet, which does not say
    start_date: datetime.date
    published_on: datetime.date | None
    grades: dict = field(default_factory=dict)  # OfstedOutcome field -> Judgement.Grade value
    theme: str = ""


@dataclass
class OutcomesEdition:
    title: str
    published_on: datetime.date | None
    latest: list[OutcomeRow]  # every authority's latest judgements
    history: list[OutcomeRow]  # short and standard inspections since 2018
    in_year: list[OutcomeRow]  # the year's inspections and visits


# Headings as Ofsted writes them, by the field they fill (casefolded, spaces squeezed).
_GRADE_HEADINGS = {
    "overall_effectiveness": "overall effectiveness",
    "impact_of_leaders": "the impact of leaders on social work practice with children and families",
    "help_and_protection": "the experiences and progress of children who need help and protection",
    "children_in_care": "the experiences and progress of children in care",
    "care_leavers": "the experiences and progress of care leavers",
}
_GRADES = {label.casefold(): value for value, label in Judgement.Grade.choices} | {
    "requires improvement": Judgement.Grade.REQUIRES_IMPROVEMENT,
}
_KINDS = [
    ("standard", InspectionEvent.Kind.STANDARD),
    ("short", InspectionEvent.Kind.SHORT),
    ("focused", InspectionEvent.Kind.FOCUSED),
    ("monitoring", InspectionEvent.Kind.MONITORING),
    ("joint targeted", InspectionEvent.Kind.JTAI),
    ("jtai", InspectionEvent.Kind.JTAI),
]
# Each table's sheet, by the start of its name (ignoring case, '-' and '_').
_SHEETS = {
    "latest": "inspections as at",
    "history": "ilacs inspection history",
    "in_year": "in year inspections",
}


def _heading(value) -> str:
    return " ".join(str(value).replace("\n", " ").split()).casefold()


def _sheet_key(name: str) -> str:
    return " ".join(re.sub(r"[-_]+", " ", name).split()).casefold()


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


class _Sheet:
    """One table: finds its heading row and reads cells by heading, naming the cell it refuses."""

    def __init__(self, file, name, rows):
        self.file, self.name, self.rows = file, name, rows
        for index, row in enumerate(rows[:15]):
            headings = [_heading(cell) for cell in row]
            if "local authority area code" in headings:
                self.heading_row, self.columns = index, {h: i for i, h in enumerate(headings) if h}
                break
        else:
            raise DataRefused(
                "no heading row with a 'Local authority area code' column in the first 15 rows.",
                file=file,
                sheet=name,
            )

    def column(self, *headings, required=True):
        for heading in headings:
            for found, index in self.columns.items():
                if found == heading or found.startswith(heading):
                    return index
        if required:
            raise DataRefused(
                f"the column '{headings[0]}' is missing from the heading row "
                f"(row {self.heading_row + 1}).",
                file=self.file,
                sheet=self.name,
            )
        return None

    def records(self):
        """(spreadsheet row number, cells) for each data row, skipping blank rows."""
        for index in range(self.heading_row + 1, len(self.rows)):
            cells = self.rows[index]
            if any(str(cell).strip() for cell in cells):
                yield index + 1, cells

    def refuse(self, problem, row, column_index):
        heading = next((h for h, i in self.columns.items() if i == column_index), "")
        column = f"{_column_letter(column_index)} ({heading})" if heading else ""
        return DataRefused(problem, file=self.file, sheet=self.name, row=row, column=column)

    def text(self, cells, index):
        if index is None or index >= len(cells):
            return ""
        value = cells[index]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def date(self, row, cells, index, *, required=True):
        value = cells[index] if index is not None and index < len(cells) else ""
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        if not text:
            if required:
                raise self.refuse("a date is needed here, and the cell is empty.", row, index)
            return None
        for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"):
            try:
                return datetime.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise self.refuse(f"'{text}' is not a date.", row, index)


def _read_outcome_rows(sheet: _Sheet, table: str) -> list[OutcomeRow]:
    code = sheet.column("local authority area code")
    name = sheet.column("local authority name")
    region = sheet.column("ofsted region", "region")
    status = sheet.column("local authority status", required=False)
    kind = sheet.column("inspection/visit type", "inspection type", required=table != "latest")
    start = sheet.column("inspection/visit date", "inspection date")
    published = sheet.column("publication date")
    theme = sheet.column("visit theme", required=table == "in_year")
    grade_columns = {
        field_name: sheet.column(heading, required=field_name != "care_leavers")
        for field_name, heading in _GRADE_HEADINGS.items()
    }
    rows = []
    for number, cells in sheet.records():
        ons_code = sheet.text(cells, code)
        if not ONS_CODE.match(ons_code):
            raise sheet.refuse(
                f"'{ons_code}' is not an ONS area code (E followed by eight digits).", number, code
            )
        authority_name = sheet.text(cells, name)
        if not authority_name:
            raise sheet.refuse("the authority's name is empty.", number, name)
        status_text = sheet.text(cells, status).casefold()
        if status is not None and status_text not in ("current", "no longer exists"):
            raise sheet.refuse(
                f"'{sheet.text(cells, status)}' is neither 'Current' nor 'No longer exists'.",
                number,
                status,
            )
        event_kind = None
        if kind is not None:
            kind_text = sheet.text(cells, kind)
            event_kind = next((k for word, k in _KINDS if word in kind_text.casefold()), None)
            if event_kind is None:
                raise sheet.refuse(
                    f"'{kind_text}' is not a kind of inspection or visit the tracker knows.",
                    number,
                    kind,
                )
        grades = {}
        for field_name, index in grade_columns.items():
            grade_text = sheet.text(cells, index)
            if not grade_text:
                continue
            grade = _GRADES.get(_heading(grade_text))
            if grade is None:
                raise sheet.refuse(f"'{grade_text}' is not an Ofsted grade.", number, index)
            grades[field_name] = str(grade)
        start_date = sheet.date(number, cells, start)
        published_on = sheet.date(number, cells, published, required=False)
        if published_on and published_on < start_date:
            raise sheet.refuse(
                "the publication date is before the inspection or visit date.", number, published
            )
        rows.append(
            OutcomeRow(
                ons_code=ons_code,
                name=authority_name,
                ofsted_region=sheet.text(cells, region),
                still_exists=None if status is None else status_text == "current",
                kind=event_kind,
                start_date=start_date,
                published_on=published_on,
                grades=grades,
                theme=sheet.text(cells, theme),
            )
        )
    if not rows:
        raise DataRefused("the table has no rows.", file=sheet.file, sheet=sheet.name)
    return rows


def read_outcomes(path: Path) -> OutcomesEdition:
    """Ofsted's 'Local authority inspection outcomes' spreadsheet, every table in it."""
    file = Path(path).name
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as error:
        raise DataRefused(f"not a spreadsheet that can be read ({error}).", file=file) from error
    names = {_sheet_key(name): name for name in workbook.sheet_names}
    tables = {}
    for table, prefix in _SHEETS.items():
        name = next((names[key] for key in names if key.startswith(prefix)), None)
        if name is None:
            raise DataRefused(
                f"no sheet whose name starts '{prefix}' (sheets: {', '.join(workbook.sheet_names)}).",
                file=file,
            )
        rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        tables[table] = _read_outcome_rows(_Sheet(file, name, rows), table)
    title, published_on = _cover(workbook, file)
    return OutcomesEdition(title=title, published_on=published_on, **tables)


def _cover(workbook, file):
    """The edition's title and publication date, from its cover sheet where it has one."""
    title, published_on = Path(file).stem.replace("_", " "), None
    cover = next((n for n in workbook.sheet_names if _sheet_key(n) == "cover"), None)
    if cover is None:
        return title, published_on
    rows = workbook.get_sheet_by_name(cover).to_python()
    if rows and rows[0] and str(rows[0][0]).strip():
        title = str(rows[0][0]).strip()
    for row in rows:
        if row and _heading(row[0]).startswith("published on") and len(row) > 1:
            value = row[1]
            if isinstance(value, datetime.datetime):
                published_on = value.date()
            elif isinstance(value, datetime.date):
                published_on = value
    return title, published_on


# -- DfE's CSV files -----------------------------------------------------------------------------


def csv_rows(path: Path, required: list[str]):
    """(row number, record) for each row of a CSV file that has the `required` columns."""
    file = Path(path).name
    try:
        with open(path, newline="", encoding="utf-8-sig") as stream:
            reader = csv.DictReader(stream)
            headings = [h.strip() for h in reader.fieldnames or []]
            missing = [column for column in required if column not in headings]
            if missing:
                raise DataRefused(
                    f"the heading row lacks the column(s) {', '.join(missing)}.", file=file, row=1
                )
            for number, record in enumerate(reader, start=2):
                if None in record:
                    raise DataRefused(
                        "the row has more cells than the heading row.", file=file, row=number
                    )
                yield number, {key.strip(): (value or "").strip() for key, value in record.items()}
    except OSError as error:
        raise DataRefused(f"cannot be opened ({error.strerror}).", file=file) from error
    except (UnicodeDecodeError, csv.Error) as error:
        raise DataRefused(f"not a readable CSV file ({error}).", file=file) from error


def csv_headings(path: Path) -> list[str]:
    try:
        with open(path, newline="", encoding="utf-8-sig") as stream:
            return [h.strip() for h in next(csv.reader(stream), [])]
    except (OSError, UnicodeDecodeError, csv.Error):
        return []


@dataclass(frozen=True)
class AuthorityCodes:
    ons_code: str
    dfe_code: str
    name: str
    region: str  # ONS region


# DfE splits London in two; the ONS region is London.
_ONS_REGIONS = {"Inner London": "London", "Outer London": "London"}


def read_authority_codes(path: Path) -> list[AuthorityCodes]:
    """Each authority's ONS and DfE codes, DfE's name and its region, from any DfE file with
    `new_la_code` and `old_la_code` columns, as at the latest period in which it appears."""
    file = Path(path).name
    latest: dict[str, tuple[str, AuthorityCodes]] = {}
    required = ["time_period", "geographic_level", "region_name", "old_la_code", "new_la_code"]
    for number, record in csv_rows(path, required + ["la_name"]):
        if record["geographic_level"] != "Local authority":
            continue
        ons_code, dfe_code = record["new_la_code"], record["old_la_code"]
        if not ONS_CODE.match(ons_code):
            raise DataRefused(
                f"'{ons_code}' is not an ONS area code.", file=file, row=number,
                column="new_la_code",
            )  # fmt: skip
        if not DFE_CODE.match(dfe_code):
            raise DataRefused(
                f"'{dfe_code}' is not a three-digit DfE code.", file=file, row=number,
                column="old_la_code",
            )  # fmt: skip
        period = record["time_period"]
        if ons_code not in latest or period >= latest[ons_code][0]:
            region = record["region_name"]
            latest[ons_code] = (
                period,
                AuthorityCodes(
                    ons_code, dfe_code, record["la_name"], _ONS_REGIONS.get(region, region)
                ),
            )
    if not latest:
        raise DataRefused("no local authority rows.", file=file)
    return [codes for _, codes in latest.values()]


@dataclass(frozen=True)
class NeighbourRow:
    row: int
    dfe_code: str
    name: str
    neighbours: list[tuple[int, str, str]]  # (rank, DfE code, closeness band)


NEIGHBOURS = 10


def read_neighbours(path: Path) -> list[NeighbourRow]:
    """DfE's statistical neighbour model, wide format: SN_1 .. SN_10 and their bands SN_1P .."""
    file = Path(path).name
    ranks = range(1, NEIGHBOURS + 1)
    required = ["old_la_code", "la_name"] + [f"SN_{n}" for n in ranks] + [f"SN_{n}P" for n in ranks]
    rows = []
    for number, record in csv_rows(path, required):
        codes = [("old_la_code", record["old_la_code"])] + [
            (f"SN_{n}", record[f"SN_{n}"]) for n in ranks
        ]
        for column, code in codes:
            if not DFE_CODE.match(code):
                raise DataRefused(
                    f"'{code}' is not a three-digit DfE code.", file=file, row=number,
                    column=column,
                )  # fmt: skip
        neighbours = []
        for n in ranks:
            band = " ".join(record[f"SN_{n}P"].split())
            if not band:
                raise DataRefused(
                    "the closeness band is empty.", file=file, row=number, column=f"SN_{n}P"
                )
            neighbours.append((n, record[f"SN_{n}"], band))
        if len({code for _, code, _ in neighbours}) < NEIGHBOURS:
            raise DataRefused("the same neighbour is listed twice.", file=file, row=number)
        rows.append(NeighbourRow(number, record["old_la_code"], record["la_name"], neighbours))
    if not rows:
        raise DataRefused("no rows.", file=file)
    return rows
