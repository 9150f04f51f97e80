"""Template tags that draw the chart module's SVG from the pages' selector results.

{% load charts %}
{% area_trajectory_chart page %}   on the area page (page: selectors.pages.AreaPage)
{% rag_share_chart_for page %}     on the dashboard (page: selectors.dashboard.DashboardPage)

Either with narrow=True draws the phone's version of the chart (the events run down the page), with
ids of its own, so that a page can carry both and show one or the other by the screen's width.
"""

from django import template
from django.utils.safestring import mark_safe

from findings.charts import ChartEvent, rag_share_chart, trajectory_chart

register = template.Library()


@register.simple_tag
def area_trajectory_chart(page, narrow=False):
    ratings = {review.event_id: review.rag for review in page.trajectory}
    svg = trajectory_chart(
        [ChartEvent.from_event(event) for event in page.events],
        [ratings.get(event.pk, "") for event in page.events],
        title=f"RAG rating of “{page.area.title}” at each inspection and visit",
        chart_id=f"trajectory-{page.area.pk}{'-narrow' if narrow else ''}",
        narrow=narrow,
    )
    return mark_safe(svg)  # built from escaped text by findings.charts


@register.simple_tag
def rag_share_chart_for(page, narrow=False):
    svg = rag_share_chart(
        [ChartEvent.from_event(row.event) for row in page.shares],
        [row.counts for row in page.shares],
        title=f"Share of {page.authority.name}'s areas of concern at each rating over time",
        chart_id=f"rag-share{'-narrow' if narrow else ''}",
        narrow=narrow,
    )
    return mark_safe(svg)  # built from escaped text by findings.charts
