"""Digest periods: calendar months and calendar quarters (what subscriptions receive), and any other
dates an administrator asks for (CUSTOM)."""

import datetime
from dataclasses import dataclass

from .models import Cadence

# Not a subscription's cadence: a digest of any dates, prepared on demand.
CUSTOM = "custom"


def _month_end(year: int, month: int) -> datetime.date:
    first_of_next = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - datetime.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    cadence: str
    start: datetime.date
    end: datetime.date

    @classmethod
    def containing(cls, cadence: str, day: datetime.date) -> "Period":
        if cadence == Cadence.MONTHLY:
            return cls(cadence, day.replace(day=1), _month_end(day.year, day.month))
        if cadence == Cadence.QUARTERLY:
            first_month = 3 * ((day.month - 1) // 3) + 1
            return cls(
                cadence,
                datetime.date(day.year, first_month, 1),
                _month_end(day.year, first_month + 2),
            )
        raise ValueError(f"Unknown digest cadence {cadence!r}: use monthly or quarterly.")

    @classmethod
    def last_completed(cls, cadence: str, today: datetime.date) -> "Period":
        """The most recent period that has ended before `today`: the one a digest is due for."""
        return cls.containing(cadence, cls.containing(cadence, today).start - datetime.timedelta(1))

    @classmethod
    def from_dates(cls, start: datetime.date, end: datetime.date) -> "Period":
        """A whole calendar month or quarter, read back as such; any other dates are CUSTOM."""
        for cadence in (Cadence.MONTHLY, Cadence.QUARTERLY):
            if cls.containing(cadence, start) == cls(cadence, start, end):
                return cls(cadence, start, end)
        return cls(CUSTOM, start, end)

    def previous(self) -> "Period":
        """The period before: the month or quarter before, or as many days before other dates."""
        day_before = self.start - datetime.timedelta(days=1)
        if self.cadence == CUSTOM:
            return Period(CUSTOM, day_before - (self.end - self.start), day_before)
        return self.containing(self.cadence, day_before)

    @property
    def is_custom(self) -> bool:
        return self.cadence == CUSTOM

    @property
    def kind(self) -> str:
        """'monthly digest', 'quarterly digest', or 'digest' for other dates."""
        return "digest" if self.is_custom else f"{self.cadence} digest"

    @property
    def label(self) -> str:
        """'July 2024' for a month; 'April to June 2024' for a quarter; '10 July to 5 August 2024'
        for other dates."""
        if self.is_custom:
            return _dates_label(self.start, self.end)
        if self.cadence == Cadence.MONTHLY:
            return f"{self.start:%B %Y}"
        if self.start.year == self.end.year:
            return f"{self.start:%B} to {self.end:%B %Y}"
        return f"{self.start:%B %Y} to {self.end:%B %Y}"

    def __str__(self):
        return f"{self.kind}, {self.label}"


def _dates_label(start: datetime.date, end: datetime.date) -> str:
    last = f"{end.day} {end:%B %Y}"
    if start == end:
        return last
    if start.year != end.year:
        return f"{start.day} {start:%B %Y} to {last}"
    if start.month != end.month:
        return f"{start.day} {start:%B} to {last}"
    return f"{start.day} to {last}"
