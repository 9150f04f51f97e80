"""The national picture's charts and grade tags, from the pages' selector results
(visits.national.pages):

{% load national %}
{{ authority.latest_grade|grade_tag }}             a grade as a GOV.UK tag with its words
{% credit page.credits.outcomes %}                 "Source: …" and the Open Government Licence
{% grade_spread_chart_for page %}                  England's authorities by latest grade
{% judgement_timeline_for page.timeline %}         judgements over time, a row per authority
{% reinspection_curve_for page %}                  journeys out of inadequate (Kaplan-Meier)
{% theme_chart_for themes %}                       the year's visits by theme

Each chart tag with narrow=True draws the phone's version, with ids of its own, so a page can carry
both and show one or the other by the screen's width.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from visits.models import Judgement

from ..charts import (
    TimelineMark,
    TimelineRow,
    grade_spread_chart,
    judgement_timeline_chart,
    reinspection_curve_chart,
    theme_chart,
)

register = template.Library()

GRADE_COLOURS = {
    Judgement.Grade.OUTSTANDING: "blue",
    Judgement.Grade.GOOD: "green",
    Judgement.Grade.REQUIRES_IMPROVEMENT: "yellow",
    Judgement.Grade.INADEQUATE: "red",
}
# Tables of many authorities show "Requires improvement"; a screen reader hears it in full.
GRADE_TAGS = {
    grade.value: format_html(
        '<strong class="govuk-tag govuk-tag--{} app-grade">{}</strong>',
        GRADE_COLOURS[grade],
        mark_safe('Requires improvement<span class="govuk-visually-hidden"> to be good</span>')
        if grade == Judgement.Grade.REQUIRES_IMPROVEMENT
        else grade.label,
    )
    for grade in Judgement.Grade
}


@register.inclusion_tag("national/_credit.html")
def credit(*publications):
    """The editions a chart or table shows, each credited, then the licence once:
    {% credit page.credits.outcomes page.credits.neighbours %} (an edition not loaded is left
    out)."""
    return {"publications": [publication for publication in publications if publication]}


@register.filter
def grade_tag(grade) -> str:
    """An overall effectiveness grade as a GOV.UK tag with its words; a hint where there is
    none (None: no graded inspection; "": an inspection that gave no overall grade)."""
    if grade is None:
        return mark_safe('<span class="govuk-hint app-grade-none">No graded inspection</span>')
    return GRADE_TAGS.get(
        grade, mark_safe('<span class="govuk-hint app-grade-none">No overall grade</span>')
    )


def _id(name: str, narrow: bool) -> str:
    return f"{name}{'-narrow' if narrow else ''}"


@register.simple_tag
def grade_spread_chart_for(page, narrow=False):
    authority = page.authority
    notes = {}
    if authority.latest_grade in page.england and authority.still_exists:
        notes[authority.latest_grade] = f"{authority.name} is one of them"
    svg = grade_spread_chart(
        page.england,
        title=f"England's {sum(page.england.values())} local authorities by their latest "
        "overall effectiveness grade",
        chart_id=_id("grade-spread", narrow),
        notes=notes,
        narrow=narrow,
    )
    return mark_safe(svg)  # built from escaped text by visits.national.charts


@register.simple_tag
def judgement_timeline_for(timeline, narrow=False):
    rows = [
        TimelineRow(
            row.authority.name,
            [
                TimelineMark(
                    entry.start_date, entry.grade if entry.is_graded else "", entry.kind_label
                )
                for entry in row.entries
                if not entry.is_graded or entry.grade
            ],
            emphasis=row.emphasis,
        )
        for row in timeline.rows
    ]
    svg = judgement_timeline_chart(
        rows,
        start=timeline.start,
        end=timeline.end,
        title=timeline.title,
        chart_id=_id("timeline", narrow),
        narrow=narrow,
    )
    return mark_safe(svg)  # built from escaped text by visits.national.charts


@register.simple_tag
def reinspection_curve_for(page, narrow=False):
    standing = page.standing
    marker = None
    if standing is not None and not standing.journey.reinspected:
        marker = (f"{page.authority.name} so far", standing.months)
    elif standing is not None:
        marker = (page.authority.name, standing.months)
    curve = page.report.curve
    svg = reinspection_curve_chart(
        page.curve_points,
        title="Share of authorities judged inadequate since 2018 that had been re-inspected, "
        "by months since the judgement",
        chart_id=_id("reinspection", narrow),
        followed=curve[-1].months if curve else 0,
        censored=page.censored_months,
        median=page.summary.median,
        marker=marker,
        narrow=narrow,
    )
    return mark_safe(svg)  # built from escaped text by visits.national.charts


@register.simple_tag
def theme_chart_for(themes, narrow=False):
    svg = theme_chart(
        themes.rows,
        themes.kinds,
        title="The year's monitoring and focused visits across England, by theme",
        chart_id=_id("themes", narrow),
        narrow=narrow,
    )
    return mark_safe(svg)  # built from escaped text by visits.national.charts
