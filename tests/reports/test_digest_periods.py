import datetime

import pytest

from reports.models import Cadence
from reports.periods import Period

D = datetime.date


@pytest.mark.parametrize(
    "cadence,today,start,end,label",
    [
        (Cadence.MONTHLY, D(2024, 8, 1), D(2024, 7, 1), D(2024, 7, 31), "July 2024"),
        (Cadence.MONTHLY, D(2024, 8, 31), D(2024, 7, 1), D(2024, 7, 31), "July 2024"),
        (Cadence.MONTHLY, D(2024, 1, 15), D(2023, 12, 1), D(2023, 12, 31), "December 2023"),
        (Cadence.MONTHLY, D(2024, 3, 1), D(2024, 2, 1), D(2024, 2, 29), "February 2024"),
        (Cadence.QUARTERLY, D(2024, 8, 1), D(2024, 4, 1), D(2024, 6, 30), "April to June 2024"),
        (
            Cadence.QUARTERLY,
            D(2024, 1, 1),
            D(2023, 10, 1),
            D(2023, 12, 31),
            "October to December 2023",
        ),
    ],
)
def test_the_digest_due_is_for_the_last_completed_period(cadence, today, start, end, label):
    period = Period.last_completed(cadence, today)
    assert (period.start, period.end, period.label) == (start, end, label)


def test_a_period_knows_the_one_before_it():
    assert Period.containing(Cadence.QUARTERLY, D(2024, 2, 10)).previous() == Period(
        Cadence.QUARTERLY, D(2023, 10, 1), D(2023, 12, 31)
    )


def test_the_cadence_is_read_back_from_the_dates():
    assert Period.from_dates(D(2024, 7, 1), D(2024, 7, 31)).cadence == Cadence.MONTHLY
    assert Period.from_dates(D(2024, 4, 1), D(2024, 6, 30)).cadence == Cadence.QUARTERLY


def test_it_refuses_an_unknown_cadence():
    with pytest.raises(ValueError, match="Unknown digest cadence 'weekly'"):
        Period.containing("weekly", D(2024, 1, 1))
