"""Text filters for the board's pages: {% load findings_text %}."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from sefton_tracker.core.punctuation import either_form, plain_punctuation

register = template.Library()

# Words of the websearch syntax, not of the text searched for.
OPERATORS = {"or", "and", "not"}


@register.filter
def highlight(text: str, query: str):
    """The text, escaped, with each word of the search (and words it begins) marked; a quote,
    apostrophe or dash matches in either form (children's marks children’s)."""
    words = [
        word.strip('"').lower()
        for word in plain_punctuation(query or "").split()
        if not word.startswith("-") and word.strip('"').lower() not in OPERATORS
    ]
    # Full-text search matches other forms of a word: mark "allegation" for "allegations" too.
    words = {word[:-1] if len(word) > 4 and word.endswith("s") else word for word in words}
    words = sorted({word for word in words if len(word) >= 2}, key=len, reverse=True)
    if not words:
        return escape(text)
    pattern = re.compile(r"\b(" + "|".join(either_form(word) for word in words) + r")\w*", re.I)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts += [
            escape(text[last : match.start()]),
            f'<mark class="app-mark">{escape(match.group(0))}</mark>',
        ]
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))
