"""RAG tags and directions of travel as filters: {% load rag %}{{ review.rag|rag_tag }}.

The one place their markup is written; templates/includes/rag_tag.html and direction.html use
these too. A filter renders far faster than an include, which matters in the dashboard's matrix.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

TAGS = {"red": ("red", "Red"), "amber": ("orange", "Amber"), "green": ("green", "Green")}


@register.filter
def rag_tag(rag) -> str:
    """The rating as a GOV.UK tag with its word, so colour is never the only signal."""
    tag = TAGS.get(str(rag or "").lower())
    if tag is None:
        return mark_safe('<span class="govuk-hint">Not rated</span>')
    return format_html('<strong class="govuk-tag govuk-tag--{} app-rag">{}</strong>', *tag)


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
