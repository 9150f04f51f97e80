"""The indicators' figures, charts and credits in templates, from the pages' selector results
(findings.indicators.pages):

{% load indicators %}
{{ line.value|figure }}                       a figure, "Withheld (c)" or "No figure"
{% sources_of lines authority %}              where the figures come from, and the licence
{{ line.direction|verdict }}                    "Better", "Same" or "Worse"
{% sparkline_for line %}                      the scorecard's trend for one indicator
{% indicator_chart_for page %}                an indicator's line chart (narrow=True: a phone's)
{% indicator_credit page.publications %}      "Source: …" for each edition, then the licence

A figure's markup is written here once, so a withheld one reads the same on every page.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from sefton_tracker.core.svg import MONTHS

from ..charts import Series, line_chart, sparkline
from ..models import Indicator

register = template.Library()

NO_FIGURE = mark_safe(
    '<span class="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0 app-no-figure">'
    "No figure</span>"
)


@register.filter
def figure(shown) -> str:
    """A pages.Figure: its text; a withheld one as withheld with its letter (the page's key says
    what the letter means); none as "No figure". Never 0."""
    if shown is None or not (shown.text or shown.marker):
        return NO_FIGURE
    if shown.marker:
        return format_html('<span class="app-withheld">Withheld ({})</span>', shown.marker)
    return format_html('<span class="app-figure">{}</span>', shown.text)


@register.simple_tag
def sparkline_for(line):
    periods, values = line.trend
    if not periods:
        return ""
    svg = sparkline(
        periods,
        values,
        title=f"{line.indicator.name}, {periods[0]} to {periods[-1]}"
        if len(periods) > 1
        else f"{line.indicator.name}, {periods[0]}",
        chart_id=f"spark-{line.indicator.key}",
        fmt=line.numbers,
    )
    return mark_safe(svg)  # built from escaped text by findings.indicators.charts


@register.simple_tag
def indicator_chart_for(page, narrow=False):
    """The authority beside its neighbours' mean, its region and England (a council's own
    indicator: the authority alone, with its target)."""
    comparisons = page.series
    numbers = page.numbers
    authority = page.authority

    def figures(pick):
        values, notes = [], []
        for comparison in comparisons:
            value = pick(comparison)
            values.append(None if value is None else value.value)
            notes.append(f"withheld ({value.marker})" if value is not None and value.marker else "")
        return Series("", values, notes)

    own = figures(lambda c: c.value)
    series = [Series(authority.name, own.values, own.notes)]
    if not page.indicator.is_local:
        region = figures(lambda c: c.region)
        england = figures(lambda c: c.england)
        series += [
            Series(
                "Statistical neighbours' mean",
                [c.neighbours.mean for c in comparisons],
            ),
            Series(authority.region or "Region", region.values, region.notes),
            Series("England", england.values, england.notes),
        ]
    if page.indicator.is_local:
        title = f"{page.indicator.name}: {authority.name}'s own figures"
        if page.indicator.target is not None:
            title += " against the target"
    else:
        title = (
            f"{page.indicator.name}: {authority.name} beside its statistical neighbours' mean, "
            f"{authority.region or 'its region'} and England"
        )
    axis_labels = None
    if page.indicator.frequency == Indicator.Frequency.MONTHLY:  # "Nov 2024"
        axis_labels = [f"{MONTHS[c.period_end.month - 1]} {c.period_end.year}" for c in comparisons]
    svg = line_chart(
        page.periods,
        series,
        title=title,
        chart_id=f"indicator-chart{'-narrow' if narrow else ''}",
        fmt=numbers,
        target=page.indicator.target,
        axis_labels=axis_labels,
        narrow=narrow,
    )
    return mark_safe(svg)  # built from escaped text by findings.indicators.charts


@register.inclusion_tag("national/_credit.html")
def indicator_credit(publications):
    """Each edition the figures shown come from, then the Open Government Licence once."""
    return {"publications": [publication for publication in publications if publication]}


@register.inclusion_tag("indicators/_sources.html")
def sources_of(items, authority):
    """Where the indicators of `items` (anything with an `indicator`) come from: the council's
    own figures, and each publication, with the licence once."""
    indicators = [item.indicator for item in items]
    return {
        "authority": authority,
        "own": sorted({i.source for i in indicators if i.is_local}),
        "published": sorted({i.source for i in indicators if not i.is_local}),
    }


VERDICTS = {
    direction: format_html(
        '<span class="app-direction app-direction--{} app-direction--plain">{}</span>',
        direction,
        direction.capitalize(),
    )
    for direction in ("better", "same", "worse")
}


@register.filter
def verdict(direction) -> str:
    """Better, the same or worse, by the indicator's better direction: the word in its colour,
    with no arrow (a figure going down may be better)."""
    return VERDICTS.get(direction, "")
