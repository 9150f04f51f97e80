"""RAG tags, directions of travel and findings' polarity, the one place their markup is written:
{% load rag %}{{ review.rag|rag_tag }}, {{ review.direction|direction_tag }},
{{ finding.polarity|polarity_tag }}. Filters render far faster than includes, which matters in the
dashboard's matrix.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from findings.models import RAG, Finding

register = template.Library()

POLARITY_COLOURS = {
    Finding.Polarity.STRENGTH: "green",
    Finding.Polarity.WEAKNESS: "red",
    Finding.Polarity.MIXED: "yellow",
}
# Rendered once: these run for every cell of the dashboard's matrix.
RAG_TAGS = {
    rag.value: format_html(
        '<strong class="govuk-tag govuk-tag--{} app-rag">{}</strong>', rag.colour, rag.label
    )
    for rag in RAG
}
NOT_RATED = mark_safe('<span class="govuk-hint">Not rated</span>')
POLARITY_TAGS = {
    polarity.value: format_html(
        '<strong class="govuk-tag govuk-tag--{} app-polarity">{}</strong>', colour, polarity.label
    )
    for polarity, colour in POLARITY_COLOURS.items()
}


@register.filter
def rag_tag(rag) -> str:
    """The rating as a GOV.UK tag with its word, so colour is never the only signal."""
    return RAG_TAGS.get(str(rag or "").lower(), NOT_RATED)


@register.filter
def polarity_tag(polarity) -> str:
    """Strength, weakness or (anything else) mixed, as a GOV.UK tag."""
    return POLARITY_TAGS.get(polarity, POLARITY_TAGS[Finding.Polarity.MIXED])


@register.filter
def direction_tag(direction) -> str:
    """Better, same or worse than the previous rating, as an arrow (from the CSS) and a word."""
    if not direction:
        return mark_safe('<span class="govuk-hint app-direction-none">No earlier rating</span>')
    return format_html(
        '<span class="app-direction app-direction--{}">{}</span>',
        direction,
        str(direction).capitalize(),
    )
