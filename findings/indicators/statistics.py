"""DfE's statistics for every authority, region and England, read from the files as published
(DfE's Explore Education Statistics CSV layout) and written as indicator values.

Each file is a dataset of the national loader (visits.national.loading): `manage.py
load_national_data` reads them with Ofsted's outcomes, in the same transaction. Which column of
which file is which indicator is written down once, in FILES."""

import datetime
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from visits.models import LocalAuthority
from visits.national.loading import Dataset
from visits.national.sources import DataRefused, csv_rows

from ..models import Theme
from .models import MARKERS, Indicator, IndicatorValue

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Measure:
    """One indicator: a column of a file, on the rows that match `rows`."""

    key: str
    name: str
    description: str
    unit: str
    better: str
    theme: str
    column: str
    rows: dict = field(default_factory=dict)  # column -> the value a row must have


@dataclass(frozen=True)
class StatisticsFile:
    dataset: str
    shipped: str  # the file shipped with the app, in DATA_DIR
    publisher: str
    title: str
    columns: frozenset  # the headings that say a CSV file is this one
    period_end: tuple  # (month, day) the published year ends on
    measures: tuple


U, B = Indicator.Unit, Indicator.Better

FILES = (
    StatisticsFile(
        dataset="dfe_workforce",
        shipped="csww_indicators_2017_to_2025.csv",
        publisher="DfE",
        title="Children's social work workforce",
        columns=frozenset({"agency_rate_fte", "turnover_rate_fte", "caseload_fte"}),
        period_end=(9, 30),  # the workforce census is taken at 30 September
        measures=(
            Measure(
                "agency-rate",
                "Agency social workers",
                "Agency (locum) child and family social workers as a share of all social workers "
                "(full-time equivalent), at 30 September.",
                U.PERCENT, B.LOWER, Theme.WORKFORCE, "agency_rate_fte",
            ),
            Measure(
                "turnover-rate",
                "Social worker turnover",
                "Child and family social workers (full-time equivalent) who left in the year, as "
                "a share of those in post at 30 September.",
                U.PERCENT, B.LOWER, Theme.WORKFORCE, "turnover_rate_fte",
            ),
            Measure(
                "vacancy-rate",
                "Social worker vacancies",
                "Vacant child and family social worker posts (full-time equivalent) as a share "
                "of all posts, at 30 September.",
                U.PERCENT, B.LOWER, Theme.WORKFORCE, "vacancy_rate_fte",
            ),
            Measure(
                "caseload",
                "Average caseload",
                "Cases held per case-holding child and family social worker (full-time "
                "equivalent), at 30 September.",
                U.CASES, B.LOWER, Theme.WORKFORCE, "caseload_fte",
            ),
            Measure(
                "absence-rate",
                "Social worker sickness absence",
                "Working days lost to sickness as a share of available working days (full-time "
                "equivalent) in the year to 30 September.",
                U.PERCENT, B.LOWER, Theme.WORKFORCE, "absence_rate_fte",
            ),
        ),
    ),
    StatisticsFile(
        dataset="dfe_referrals",
        shipped="c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
        publisher="DfE",
        title="Children in need: referrals and re-referrals",
        columns=frozenset({"rereferral_percent", "referral_count"}),
        period_end=(3, 31),
        measures=(
            Measure(
                "re-referrals",
                "Re-referrals within 12 months",
                "Referrals in the year to 31 March that came within 12 months of a previous "
                "referral of the same child, as a share of all referrals.",
                U.PERCENT, B.LOWER, Theme.FRONT_DOOR, "rereferral_percent",
            ),
        ),
    ),
    StatisticsFile(
        dataset="dfe_child_protection",
        shipped="d3_cpps_subsequent_plan_2013_to_2025.csv",
        publisher="DfE",
        title="Children in need: child protection plans",
        columns=frozenset({"CPP_subsequent_percent"}),
        period_end=(3, 31),
        measures=(
            Measure(
                "repeat-protection-plans",
                "Second or subsequent child protection plans",
                "Child protection plans starting in the year to 31 March that were the child's "
                "second or later plan, as a share of all plans starting.",
                U.PERCENT, B.LOWER, Theme.HELP_PROTECTION, "CPP_subsequent_percent",
            ),
        ),
    ),
    StatisticsFile(
        dataset="dfe_children_in_need",
        shipped="b1_children_in_need_2013_to_2025.csv",
        publisher="DfE",
        title="Children in need",
        columns=frozenset({"At31_episodes", "Anypoint_child"}),
        period_end=(3, 31),
        measures=(
            Measure(
                "children-in-need",
                "Children in need",
                "Children in need at 31 March (episodes open on that day). The rate per 10,000 "
                "children is worked out from it and ONS's child population estimate.",
                U.NUMBER, B.NEITHER, Theme.HELP_PROTECTION, "At31_episodes",
            ),
        ),
    ),
    StatisticsFile(
        dataset="dfe_looked_after",
        shipped="cla_number_and_rate_per_10k_children.csv",
        publisher="DfE",
        title="Children looked after in England including adoptions",
        columns=frozenset({"population_type", "rate_per_10000"}),
        period_end=(3, 31),
        measures=(
            Measure(
                "looked-after-rate",
                "Children looked after per 10,000 children",
                "Children looked after at 31 March per 10,000 children aged under 18.",
                U.PER_10000, B.NEITHER, Theme.CHILDREN_IN_CARE, "rate_per_10000",
                {"population_type": "Children looked after on 31 March each year"},
            ),
        ),
    ),
    StatisticsFile(
        dataset="dfe_placement_stability",
        shipped="la_cla_placement_stability.csv",
        publisher="DfE",
        title="Children looked after in England including adoptions: placement stability",
        columns=frozenset({"placement_stability", "children_percent"}),
        period_end=(3, 31),
        measures=(
            Measure(
                "three-placements",
                "Children in care with three or more placements in the year",
                "Children looked after at 31 March who had three or more placements during the "
                "year, as a share of all children looked after then.",
                U.PERCENT, B.LOWER, Theme.CHILDREN_IN_CARE, "children_percent",
                {
                    "cla_group": "CLA on 31 March",
                    "placement_stability": "With 3 or more placements during the year",
                },
            ),
        ),
    ),
    StatisticsFile(
        dataset="dfe_care_leavers",
        shipped="la_care_leavers_accommodation_suitability.csv",
        publisher="DfE",
        title="Children looked after in England including adoptions: care leavers",
        columns=frozenset({"care_leaver_age", "care_leaver_percent"}),
        period_end=(3, 31),
        measures=(
            Measure(
                "care-leavers-suitable-accommodation",
                "Care leavers aged 19 to 21 in suitable accommodation",
                "Care leavers aged 19 to 21 whose accommodation was considered suitable, as a "
                "share of all care leavers of that age.",
                U.PERCENT, B.HIGHER, Theme.CARE_LEAVERS, "care_leaver_percent",
                {"care_leaver_age": "19 to 21 years", "breakdown": "Accommodation considered suitable"},
            ),
        ),
    ),
    StatisticsFile(
        dataset="ons_child_population",
        shipped="",  # shipped with the national data (visits/national/data), loaded from there
        publisher="ONS",
        title="Mid-year population estimates (children aged 0 to 17)",
        columns=frozenset({"age_group", "population_estimate"}),
        period_end=(6, 30),  # mid-year
        measures=(
            Measure(
                "child-population",
                "Children aged 0 to 17",
                "ONS's estimate of the number of children aged 0 to 17 at 30 June.",
                U.NUMBER, B.NEITHER, "", "population_estimate",
                {"age_group": "Children aged 0 to 17 years"},
            ),
        ),
    ),
)  # fmt: skip

LEVELS = {
    "National": IndicatorValue.Level.ENGLAND,
    "Regional": IndicatorValue.Level.REGION,
    "Local authority": IndicatorValue.Level.AUTHORITY,
}
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


@dataclass(frozen=True)
class Row:
    """One value as read: its place (level, ONS codes or region) and period."""

    measure: str
    level: str
    ons_codes: tuple[str, ...]
    region: str
    year: int
    period: str
    value: Decimal | None
    marker: str


def read_statistics(spec: StatisticsFile, path: Path) -> list[Row]:
    file = Path(path).name
    required = ["time_period", "geographic_level", "region_name", "new_la_code"]
    required += sorted(
        {m.column for m in spec.measures} | {c for m in spec.measures for c in m.rows}
    )
    rows = []
    for number, record in csv_rows(path, required):
        level = LEVELS.get(record["geographic_level"])
        if level is None:
            continue  # other geographies (e.g. local authority districts) are not compared
        period = record["time_period"]
        if not re.fullmatch(r"\d{4}(\d{2})?", period):
            raise DataRefused(
                f"'{period}' is not a year.", file=file, row=number, column="time_period"
            )
        codes = tuple(code.strip() for code in record["new_la_code"].split("/") if code.strip())
        if level == IndicatorValue.Level.AUTHORITY and not codes:
            raise DataRefused(
                "a local authority row has no ONS code.", file=file, row=number,
                column="new_la_code",
            )  # fmt: skip
        for measure in spec.measures:
            if any(record[column] != wanted for column, wanted in measure.rows.items()):
                continue
            text = record[measure.column]
            value, marker = None, ""
            if NUMBER.match(text):
                value = Decimal(text)
            elif text.casefold() in MARKERS:
                marker = text.casefold()
            else:
                raise DataRefused(
                    f"'{text}' is neither a number nor one of the letters the publication uses "
                    f"for a missing value ({', '.join(sorted(MARKERS))}).",
                    file=file,
                    row=number,
                    column=measure.column,
                )
            rows.append(
                Row(
                    measure=measure.key,
                    level=level,
                    ons_codes=codes if level == IndicatorValue.Level.AUTHORITY else (),
                    region=record["region_name"] if level == IndicatorValue.Level.REGION else "",
                    year=int(period[:4]),
                    period=period[:4],
                    value=value,
                    marker=marker,
                )
            )
    if not rows:
        raise DataRefused("no rows with the expected values.", file=file)
    return rows


def _indicators(spec: StatisticsFile, publication, summary) -> dict[str, Indicator]:
    indicators = {}
    for measure in spec.measures:
        values = {
            "name": measure.name,
            "description": measure.description,
            "unit": measure.unit,
            "better": measure.better,
            "frequency": Indicator.Frequency.ANNUAL,
            "theme": measure.theme,
            "source": publication.credit,
        }
        indicator, created = Indicator.objects.get_or_create(key=measure.key, defaults=values)
        if created:
            summary.created["Indicators"] += 1
        indicators[measure.key] = indicator
    return indicators


def write_statistics(spec: StatisticsFile, rows: list[Row], publication, summary) -> None:
    indicators = _indicators(spec, publication, summary)
    authorities = {a.ons_code: a for a in LocalAuthority.objects.all()}
    month, day = spec.period_end
    existing = {
        (v.indicator_id, v.level, v.authority_id, v.region, v.period_end): v
        for v in IndicatorValue.objects.filter(indicator__in=indicators.values())
    }
    new, changed = [], []
    for row in rows:
        indicator = indicators[row.measure]
        period_end = datetime.date(row.year, month, day)
        places = [(None, row.region)]
        note = ""
        if row.level == IndicatorValue.Level.AUTHORITY:
            # Authorities that share a children's services trust are published as one row.
            known = [authorities[code] for code in row.ons_codes if code in authorities]
            places = [(authority, "") for authority in known]
            if len(row.ons_codes) > 1:
                note = "Published for " + " and ".join(a.name for a in known) + " together."
        for authority, region in places:
            key = (indicator.pk, row.level, authority and authority.pk, region, period_end)
            fields = {
                "value": row.value,
                "marker": row.marker,
                "note": note,
                "period": row.period,
                "publication": publication,
            }
            value = existing.get(key)
            if value is None:
                new.append(
                    IndicatorValue(
                        indicator=indicator,
                        level=row.level,
                        authority=authority,
                        region=region,
                        period_end=period_end,
                        **fields,
                    )
                )
                existing[key] = new[-1]
            elif any(
                getattr(value, name) != wanted
                for name, wanted in fields.items()
                if name != "publication"
            ):
                for name, wanted in fields.items():
                    setattr(value, name, wanted)
                changed.append(value)
    IndicatorValue.objects.bulk_create(new, batch_size=2000)
    IndicatorValue.objects.bulk_update(
        changed, ["value", "marker", "note", "period", "publication"], batch_size=2000
    )
    summary.created["Indicator values"] += len(new)
    summary.updated["Indicator values"] += len(changed)
    if spec.dataset == "dfe_children_in_need":
        _children_in_need_rates(summary)


CIN_RATE = "children-in-need-rate"


def _children_in_need_rates(summary) -> None:
    """Children in need per 10,000 children: the count at 31 March over ONS's estimate of the
    child population at the previous 30 June (the latest before it), as DfE works it out,
    rounded to a whole number as DfE publishes it. Worked out wherever both are known."""
    count = Indicator.objects.get(key="children-in-need")
    population = Indicator.objects.filter(key="child-population").first()
    if population is None:
        return
    rate, created = Indicator.objects.get_or_create(
        key=CIN_RATE,
        defaults={
            "name": "Children in need per 10,000 children",
            "description": (
                "Children in need at 31 March per 10,000 children aged 0 to 17, worked out by "
                "the tracker from DfE's count and ONS's mid-year estimate of the year before."
            ),
            "unit": Indicator.Unit.PER_10000,
            "better": Indicator.Better.NEITHER,
            "frequency": Indicator.Frequency.ANNUAL,
            "theme": Theme.HELP_PROTECTION,
            "source": f"{count.source}; {population.source}",
        },
    )
    if created:
        summary.created["Indicators"] += 1

    def place(v):
        return (v.level, v.authority_id, v.region)

    people = {
        (place(v), v.period_end.year): v.value
        for v in IndicatorValue.objects.filter(indicator=population, value__isnull=False)
    }
    existing = {(place(v), v.period_end): v for v in IndicatorValue.objects.filter(indicator=rate)}
    new, changed = [], []
    for counted in IndicatorValue.objects.filter(indicator=count):
        children = people.get((place(counted), counted.period_end.year - 1))
        if not children:
            continue
        if counted.value is None:
            value, marker = None, counted.marker
        else:
            value = (counted.value * 10000 / children).quantize(Decimal("1"), ROUND_HALF_UP)
            marker = ""
        fields = {"value": value, "marker": marker, "period": counted.period, "note": counted.note}
        current = existing.get((place(counted), counted.period_end))
        if current is None:
            new.append(
                IndicatorValue(
                    indicator=rate,
                    level=counted.level,
                    authority_id=counted.authority_id,
                    region=counted.region,
                    period_end=counted.period_end,
                    publication=counted.publication,
                    **fields,
                )
            )
        elif any(getattr(current, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(current, k, v)
            changed.append(current)
    IndicatorValue.objects.bulk_create(new, batch_size=2000)
    IndicatorValue.objects.bulk_update(changed, ["value", "marker", "period", "note"])
    summary.created["Indicator values"] += len(new)
    summary.updated["Indicator values"] += len(changed)


def _dataset(spec: StatisticsFile, order: int) -> Dataset:
    def recognises(path, headings):
        return spec.columns <= set(headings)

    def read(path):
        return read_statistics(spec, path)

    def write(rows, publication, summary):
        write_statistics(spec, rows, publication, summary)

    return Dataset(
        key=spec.dataset,
        recognises=recognises,
        read=read,
        write=write,
        describe=lambda path, rows: (spec.publisher, spec.title, None),
        order=order,
        shipped=(DATA_DIR / spec.shipped,) if spec.shipped else (),
    )


# Population first (order 40), the children in need count after it (their rate needs both).
DATASETS = [_dataset(spec, 50 if spec.dataset != "ons_child_population" else 40) for spec in FILES]
