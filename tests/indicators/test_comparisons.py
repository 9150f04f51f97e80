from decimal import Decimal as D

from findings.indicators.comparisons import neighbour_figure, rank_among


def test_the_neighbours_figure_is_the_mean_of_the_values_they_have():
    figure = neighbour_figure([D("10"), None, D("20"), D("15.5"), None])
    assert figure.mean == D("15.17")  # (10 + 20 + 15.5) / 3
    assert (figure.used, figure.of) == (3, 5)
    assert figure.described == "mean of 3 of 5 neighbours"


def test_no_neighbour_with_a_value_gives_no_figure_rather_than_zero():
    figure = neighbour_figure([None, None], of=10)
    assert figure.mean is None
    assert figure.described == "none of the 10 neighbours has a value"


def test_rank_counts_from_the_best_by_the_better_direction():
    others = [D("13"), D("30"), None, D("20")]
    assert rank_among(D("24.6"), others, higher_is_better=False) == (3, 4)
    assert rank_among(D("24.6"), others, higher_is_better=True) == (2, 4)
    assert rank_among(D("13"), others, higher_is_better=False) == (1, 4)  # a tie shares it
    assert rank_among(None, others, higher_is_better=False) is None
    assert rank_among(D("1"), others, higher_is_better=None) is None
