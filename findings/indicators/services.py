"""Writing a council's own indicators and their monthly values: the rules the pages, the upload
and the API share. DfE's indicators and values are written only by the national loader
(statistics.py); a council's own are written here, each save checked against the version it was
read at (sefton_tracker.core.locking)."""

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from sefton_tracker.core.locking import lock_current, save_versioned
from visits.models import LocalAuthority

from ..models import AreaOfConcern
from .models import Indicator, IndicatorValue
from .uploads import UploadedValue

# Paths under /indicators/ that an indicator's key must not take.
RESERVED_KEYS = frozenset({"local", "new", "upload", "values", "api"})
DFE_READ_ONLY = (
    "DfE's indicators and their figures are read-only: they change only when a newer edition of "
    "the statistics is loaded."
)
OTHER_AREAS = "Choose the areas of concern from the list"


def month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def month_label(day: datetime.date) -> str:
    return day.strftime("%B %Y")


def figure(value: Decimal | None) -> str:
    """A figure as people write it: 81.5, not 81.50."""
    return "" if value is None else f"{value.normalize():f}"


def key_for(name: str, authority: LocalAuthority) -> str:
    """A new indicator's key (its name in upload files and the API), from its name: the
    authority's ONS code is added when another indicator has it already."""
    max_length = Indicator._meta.get_field("key").max_length
    base = slugify(name)[:max_length].strip("-") or "indicator"
    candidates = [base, f"{base[: max_length - 10]}-{authority.ons_code.lower()}"]
    for candidate in candidates:
        if candidate not in RESERVED_KEYS and not Indicator.objects.filter(key=candidate).exists():
            return candidate
    number = 2
    while True:
        candidate = f"{candidates[1][: max_length - 4]}-{number}"
        if not Indicator.objects.filter(key=candidate).exists():
            return candidate
        number += 1


def _check_definition(indicator: Indicator, areas) -> None:
    errors = {}
    if indicator.target is not None and indicator.better == Indicator.Better.NEITHER:
        errors["target"] = "A target needs higher or lower to be better: remove it, or say which"
    if areas is not None and any(area.authority_id != indicator.authority_id for area in areas):
        errors["areas"] = OTHER_AREAS
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_indicator(
    indicator: Indicator, *, areas: Iterable[AreaOfConcern] | None = None, expected_version=None
) -> Indicator:
    """Create or change a council's own indicator (monthly; its key made from its name when it
    is new), and, when `areas` is given, the areas of concern it bears on (the authority's)."""
    if indicator.authority_id is None:
        raise ValidationError({"authority": "Choose the local authority the indicator is for"})
    if indicator.pk is not None:
        stored = Indicator.objects.filter(pk=indicator.pk).values("authority_id").first()
        if stored and stored["authority_id"] is None:
            raise ValidationError(DFE_READ_ONLY)
    areas = list(areas) if areas is not None else None
    _check_definition(indicator, areas)
    indicator.frequency = Indicator.Frequency.MONTHLY
    if not indicator.key:
        indicator.key = key_for(indicator.name, indicator.authority)
    save_versioned(indicator, expected_version=expected_version)
    if areas is not None:
        indicator.areas.set(areas)
    return indicator


@transaction.atomic
def delete_indicator(indicator: Indicator, *, expected_version=None) -> None:
    """Delete a council's own indicator with its values (each deletion kept in its history)."""
    if not indicator.is_local:
        raise ValidationError(DFE_READ_ONLY)
    lock_current(indicator, expected_version).delete()


@transaction.atomic
def link_areas(indicator: Indicator, authority: LocalAuthority, areas) -> None:
    """The authority's areas of concern that `indicator` (DfE's or the authority's own) bears
    on: its links to other authorities' areas are left as they are."""
    areas = list(areas)
    if any(area.authority_id != authority.pk for area in areas):
        raise ValidationError({"areas": OTHER_AREAS})
    if indicator.authority_id not in (None, authority.pk):
        raise ValidationError(f"{indicator} is another council's indicator.")
    # Through the relation's manager, so that its signals tell the cached pages.
    linked = set(indicator.areas.filter(authority=authority))
    indicator.areas.remove(*(linked - set(areas)))
    indicator.areas.add(*(set(areas) - linked))


def _check_value(value: IndicatorValue) -> None:
    indicator = value.indicator
    if not indicator.is_local:
        raise ValidationError(DFE_READ_ONLY)
    errors = {}
    if value.period_end is None:
        errors["period_end"] = "Enter the month the value is for"
    elif value.period_end.replace(day=1) > timezone.localdate():
        errors["period_end"] = "The month cannot be in the future"
    elif value._state.adding:
        given = IndicatorValue.objects.filter(
            indicator=indicator,
            level=IndicatorValue.Level.AUTHORITY,
            authority_id=indicator.authority_id,
            period_end=value.period_end,
        ).first()
        if given is not None:
            errors["period_end"] = ValidationError(
                "%(month)s already has a value (%(value)s): change that value instead",
                code="taken",
                params={"month": given.period, "value": given.display},
            )
            value.taken = given
    if value.value is None:
        errors["value"] = "Enter the value"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_local_value(value: IndicatorValue, *, expected_version=None) -> IndicatorValue:
    """Enter or correct one month's value of a council's own indicator: for the indicator's
    authority, the month's last day, never withheld (a council gives its own figures)."""
    if value.period_end is not None:
        value.period_end = month_end(value.period_end)
        value.period = month_label(value.period_end)
    value.level = IndicatorValue.Level.AUTHORITY
    value.authority_id = value.indicator.authority_id
    value.region = ""
    value.marker = ""
    value.publication = None
    _check_value(value)
    save_versioned(value, expected_version=expected_version)
    return value


@transaction.atomic
def delete_local_value(value: IndicatorValue, *, expected_version=None) -> None:
    if not value.indicator.is_local:
        raise ValidationError(DFE_READ_ONLY)
    lock_current(value, expected_version).delete()


@dataclass
class Saved:
    """One row of an upload as saved: 'added', 'changed' (from `before`) or 'unchanged'."""

    value: IndicatorValue
    outcome: str
    before: Decimal | None = None


@transaction.atomic
def save_uploaded_values(authority: LocalAuthority, values: list[UploadedValue]) -> list[Saved]:
    """Add or correct each value read from an uploaded file (uploads.read_upload), all or none.
    A correction counts as a change of the value's version, so a form opened before the upload
    cannot overwrite it."""
    existing = {
        (value.indicator_id, value.period_end): value
        for value in IndicatorValue.objects.select_for_update().filter(
            level=IndicatorValue.Level.AUTHORITY,
            authority=authority,
            indicator__in={item.indicator for item in values},
            period_end__in={item.period_end for item in values},
        )
    }
    saved = []
    for item in values:
        if item.indicator.authority_id != authority.pk:
            raise ValidationError(f"{item.indicator} is not one of {authority}'s indicators.")
        current = existing.get((item.indicator.pk, item.period_end))
        if current is None:
            value = IndicatorValue(
                indicator=item.indicator, period_end=item.period_end, value=item.value
            )
            value.note = item.note
            save_local_value(value)
            saved.append(Saved(value, "added"))
        elif current.value != item.value or current.note != item.note:
            before = current.value
            current.indicator = item.indicator
            current.value, current.note = item.value, item.note
            save_local_value(current, expected_version=current.version)
            saved.append(Saved(current, "changed", before))
        else:
            current.indicator = item.indicator
            saved.append(Saved(current, "unchanged"))
    return saved
