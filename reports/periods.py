"""Digest periods: calendar months and calendar quarters."""

import datetime
from dataclasses import dataclass

from .models import Cadence


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
        cadence = (
            Cadence.MONTHLY
            if (start.year, start.month) == (end.year, end.month)
            else (Cadence.QUARTERLY)
        )
        return cls(cadence, start, end)

    def previous(self) -> "Period":
        return self.containing(self.cadence, self.start - datetime.timedelta(days=1))

    @property
    def label(self) -> str:
        """'July 2024' for a month; 'April to June 2024' for a quarter."""
        if self.cadence == Cadence.MONTHLY:
            return f"{self.start:%B %Y}"
        if self.start.year == self.end.year:
            return f"{self.start:%B} to {self.end:%B %Y}"
        return f"{self.start:%B %Y} to {self.end:%B %Y}"

    def __str__(self):
        return f"{self.cadence} digest, {self.label}"
