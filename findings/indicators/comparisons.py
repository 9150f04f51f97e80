"""An authority's figures beside its statistical neighbours', its region's and England's.

The neighbours' figure is not published: the tracker works it out as the mean of the values its
ten statistical neighbours have for the same period, leaving out those withheld (a letter such
as 'c') or missing, and says how many it used. Its rank among them counts from the best, by the
indicator's better direction."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class NeighbourFigure:
    mean: Decimal | None  # None when no neighbour has a value
    used: int  # how many neighbours' values the mean is of
    of: int  # how many neighbours there are

    @property
    def described(self) -> str:
        if self.mean is None:
            return f"none of the {self.of} neighbours has a value"
        return f"mean of {self.used} of {self.of} neighbours"


def neighbour_figure(values, *, of: int | None = None) -> NeighbourFigure:
    """The mean of the neighbours' values that exist (None for a withheld or missing one),
    to one decimal place more than the data is unlikely to need: two."""
    values = list(values)
    present = [value for value in values if value is not None]
    of = len(values) if of is None else of
    if not present:
        return NeighbourFigure(None, 0, of)
    mean = (sum(present) / len(present)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return NeighbourFigure(mean, len(present), of)


def rank_among(value, others, *, higher_is_better: bool | None) -> tuple[int, int] | None:
    """(rank, out of) of `value` among itself and `others` that have values, 1 the best; None
    when the value is missing or neither direction is better. Ties share the better rank."""
    if value is None or higher_is_better is None:
        return None
    present = [other for other in others if other is not None]
    better = [o for o in present if (o > value if higher_is_better else o < value)]
    return len(better) + 1, len(present) + 1
