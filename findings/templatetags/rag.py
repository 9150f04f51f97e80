"""RAG tags, directions of travel and findings' polarity as filters:
{% load rag %}{{ review.rag|rag_tag }}.

The one place their markup is written; templates/includes/rag_tag.html, direction.html and
polarity_tag.html use these too. A filter renders far faster than an include, which matters in the
dashboard's matrix.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

RAG_TAGS = {
    rag: format_html('<strong class="govuk-tag govuk-tag--{} app-rag">{}</strong>', colour, word)
    for rag, colour, word in [
        ("red", "red", "Red"),
        ("amber", "orange", "Amber"),
        ("green", "green", "Green"),
    ]
}
NOT_RATED = mark_safe('<span class="govuk-hint">Not rated</span>')
POLARITY_TAGS = {
    polarity: format_html(
        '<strong class="govuk-tag govuk-tag--{} app-polarity">{}</strong>', colour, word
    )
    for polarity, colour, word in [
        ("strength", "green", "Strength"),
        ("weakness", "red", "Weakness"),
        ("mixed", "yellow", "Mixed"),
    ]
}


@register.filter
def rag_tag(rag) -> str:
    """The rating as a GOV.UK tag with its word, so colour is never the only signal."""
    return RAG_TAGS.get(str(rag or "").lower(), NOT_RATED)


@register.filter
def polarity_tag(polarity) -> str:
    """Strength, weakness or (anything else) mixed, as a GOV.UK tag."""
    return POLARITY_TAGS.get(polarity, POLARITY_TAGS["mixed"])


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
