"""The indicators' charts: a line chart of an authority beside its neighbours, region and England
over time, and the scorecard's sparkline. Plain data in, SVG out."""

import re
from decimal import Decimal as D
from html import escape

import pytest

from findings.indicators.charts import Series, line_chart, sparkline
from sefton_tracker.core.svg import NARROW_WIDTH

PERIODS = ["2022", "2023", "2024", "2025"]


def percent(value) -> str:
    return f"{value:.1f}%"


def four_series():
    return [
        Series("Sefton", [D("34.7"), D("38.1"), D("32.6"), D("24.6")]),
        Series("Statistical neighbours' mean", [D("20.1"), D("21.5"), D("19.0"), D("16.4")]),
        Series("North West", [D("18.0"), None, D("18.2"), D("16.6")], ["", "withheld (c)", "", ""]),
        Series("England", [D("17.6"), D("17.8"), D("15.5"), D("13.0")]),
    ]


def _chart(**overrides):
    arguments = {
        "title": "Agency social workers: Sefton beside its neighbours, region and England",
        "chart_id": "agency",
        "fmt": percent,
        **overrides,
    }
    return line_chart(PERIODS, four_series(), **arguments)


def test_the_line_chart_is_an_image_named_and_described_with_every_figure():
    svg = _chart()
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-labelledby="agency-title agency-desc"' in svg
    desc = re.search(r'<desc id="agency-desc">(.*?)</desc>', svg).group(1)
    assert "Sefton: 34.7% in 2022, 38.1% in 2023, 32.6% in 2024, 24.6% in 2025." in desc
    assert "North West: 18.0% in 2022, withheld (c) in 2023" in desc
    assert "England: 17.6% in 2022" in desc and "13.0% in 2025" in desc


def test_each_line_is_told_apart_without_colour_and_named_in_a_legend():
    svg = _chart()
    for label in ("Sefton", "Statistical neighbours' mean", "North West", "England"):
        assert f">{escape(label)}</text>" in svg
    dashes = set(re.findall(r'<polyline [^>]*stroke-dasharray="([^"]+)"', svg))
    assert len(dashes) == 3  # the authority's line is solid, the other three dashed differently
    # A marker shape per line: circles, squares, triangles and diamonds.
    assert "<circle" in svg and "<rect" in svg and svg.count("<polygon") >= 2


def test_a_withheld_value_breaks_the_line_rather_than_dropping_to_zero():
    svg = _chart()
    region = re.findall(r'<polyline points="([^"]+)"[^>]*data-series="2"', svg)
    # 2022 stands alone (a marker), then a line from 2024 to 2025: none across 2023.
    assert len(region) == 1 and len(region[0].split()) == 2
    assert "withheld" in svg


def test_a_target_is_drawn_and_said():
    svg = _chart(target=D("20"))
    assert "Target 20%" in svg  # as the target was set, not to the figures' decimal place
    assert "The target is 20%." in svg


def test_the_narrow_chart_fits_a_phone_and_keeps_its_text_readable():
    svg = _chart(chart_id="agency-narrow", narrow=True)
    assert f'width="{NARROW_WIDTH}"' in svg
    sizes = [int(size) for size in re.findall(r'font-size="(\d+)"', svg)]
    assert min(sizes) >= 13


def test_many_periods_label_only_as_many_as_fit():
    periods = [str(year) for year in range(2013, 2026)]
    series = [Series("Sefton", [D(year - 2000) for year in range(2013, 2026)])]
    svg = line_chart(periods, series, title="t", chart_id="c", fmt=percent, narrow=True)
    labels = re.findall(r'<text [^>]*class="axis-x"[^>]*>(\d{4})</text>', svg)
    assert "2013" in labels and "2025" in labels and len(labels) < len(periods)


def test_the_line_chart_refuses_a_series_of_the_wrong_length():
    with pytest.raises(ValueError, match="one value"):
        line_chart(PERIODS, [Series("Sefton", [D("1")])], title="t", chart_id="c", fmt=percent)


def test_the_sparkline_is_a_small_image_that_says_where_the_figure_went():
    svg = sparkline(
        PERIODS,
        [D("34.7"), D("38.1"), None, D("24.6")],
        title="Agency social workers, 2022 to 2025",
        chart_id="spark-agency",
        fmt=percent,
    )
    assert 'role="img"' in svg
    desc = re.search(r'<desc id="spark-agency-desc">(.*?)</desc>', svg).group(1)
    assert desc == (
        "From 34.7% in 2022 to 24.6% in 2025; highest 38.1% in 2023, lowest 24.6% in 2025; "
        "no figure for 2024."
    )
    lines = re.findall(r'<polyline points="([^"]+)"', svg)
    assert len(lines) == 1 and len(lines[0].split()) == 2  # 2022 to 2023; 2025 alone
