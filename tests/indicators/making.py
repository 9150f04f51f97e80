"""Indicators and their values for the tests of the pages, the API and the reports that write or
show them: a council's own monthly indicator, and one of DfE's with a value for an authority, its
region and England."""

import datetime
from decimal import Decimal

from findings.indicators.models import Indicator, IndicatorValue
from tests.support.factories import PublicationFactory


def local_indicator(authority, **overrides) -> Indicator:
    fields = {
        "key": "assessments-45-days",
        "name": "Assessments completed within 45 working days",
        "description": "Single assessments completed within 45 working days of referral.",
        "unit": Indicator.Unit.PERCENT,
        "better": Indicator.Better.HIGHER,
        "frequency": Indicator.Frequency.MONTHLY,
        "authority": authority,
        "source": "Liquidlogic performance report",
        "target": Decimal("85"),
        "tolerance": Decimal("5"),
        **overrides,
    }
    return Indicator.objects.create(**fields)


def month_value(indicator, month: datetime.date, value, *, note="") -> IndicatorValue:
    """The indicator's value for `month` (any day in it), for its own authority."""
    import calendar

    end = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    return IndicatorValue.objects.create(
        indicator=indicator,
        level=IndicatorValue.Level.AUTHORITY,
        authority=indicator.authority,
        period_end=end,
        period=end.strftime("%B %Y"),
        value=Decimal(str(value)),
        note=note,
    )


def workforce_publication():
    return PublicationFactory(
        dataset="dfe_workforce",
        publisher="DfE",
        title="Children's social work workforce",
        published_on=datetime.date(2026, 2, 26),
        file_name="csww_indicators_2017_to_2025.csv",
        sha256="1" * 64,
    )


def agency_rate(publication=None) -> Indicator:
    publication = publication or workforce_publication()
    indicator, _ = Indicator.objects.get_or_create(
        key="agency-rate",
        defaults={
            "name": "Agency social workers",
            "description": "Agency child and family social workers as a share of all.",
            "unit": Indicator.Unit.PERCENT,
            "better": Indicator.Better.LOWER,
            "frequency": Indicator.Frequency.ANNUAL,
            "theme": "workforce",
            "source": publication.credit,
        },
    )
    return indicator


def yearly_value(indicator, year: int, value, *, publication=None, **place) -> IndicatorValue:
    """DfE's figure for the year to 30 September `year`: for `authority=`, `region=` or (neither)
    England. `value` may be a letter for a withheld figure."""
    if "authority" in place:
        level = IndicatorValue.Level.AUTHORITY
    elif "region" in place:
        level = IndicatorValue.Level.REGION
    else:
        level = IndicatorValue.Level.ENGLAND
    number = None if isinstance(value, str) and value.isalpha() else Decimal(str(value))
    return IndicatorValue.objects.create(
        indicator=indicator,
        level=level,
        period_end=datetime.date(year, 9, 30),
        period=str(year),
        value=number,
        marker="" if number is not None else value,
        publication=publication,
        **place,
    )
