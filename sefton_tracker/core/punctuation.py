"""Typographic punctuation as plain ASCII, for searching: Ofsted's documents use curly quotes,
curly apostrophes and dashes (children’s, “child–centred”) where people type straight ones
(children's, "child-centred"), so a search turns both the query and the text searched into the
plain form, in Python (`plain_punctuation`) and in the database (`PlainPunctuation`) alike.

On PostgreSQL the database form is one `translate()` with the character lists written into the
SQL, so that an index built on the same expression (findings' migration 0004) serves the query;
SQLite, which has no `translate()`, replaces one character at a time.
"""

import re

from django.db.models import Func, TextField

# Each typographic character, and the ASCII character it is searched as.
TYPOGRAPHIC = {
    "’": "'",  # right single quotation mark, the usual apostrophe in print
    "‘": "'",  # left single quotation mark
    "‛": "'",  # single high-reversed-9 quotation mark
    "‚": "'",  # single low-9 quotation mark
    "′": "'",  # prime
    "ʼ": "'",  # modifier letter apostrophe
    "“": '"',  # left double quotation mark
    "”": '"',  # right double quotation mark
    "„": '"',  # double low-9 quotation mark
    "‟": '"',  # double high-reversed-9 quotation mark
    "″": '"',  # double prime
    "‐": "-",  # hyphen
    "‑": "-",  # non-breaking hyphen
    "‒": "-",  # figure dash
    "–": "-",  # en dash
    "—": "-",  # em dash
    "―": "-",  # horizontal bar
    "−": "-",  # minus sign
}
FROM = "".join(TYPOGRAPHIC)
TO = "".join(TYPOGRAPHIC.values())
_TABLE = str.maketrans(TYPOGRAPHIC)


def plain_punctuation(text: str) -> str:
    """The text with each typographic quote, apostrophe and dash as its ASCII form."""
    return text.translate(_TABLE)


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class PlainPunctuation(Func):
    """A text expression with its typographic punctuation as ASCII, as `plain_punctuation`."""

    output_field = TextField()
    arity = 1

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        for typographic, plain in TYPOGRAPHIC.items():
            sql = f"REPLACE({sql}, {_sql_string(typographic)}, {_sql_string(plain)})"
        return sql, params

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"translate({sql}, {_sql_string(FROM)}, {_sql_string(TO)})", params


def either_form(word: str) -> str:
    """A regular expression for `word` matching each of its quotes, apostrophes and dashes in
    any of their forms, typed or typographic."""
    forms: dict[str, str] = {}
    for typographic, plain in TYPOGRAPHIC.items():
        forms[plain] = forms.get(plain, plain) + typographic
    return "".join(
        f"[{re.escape(forms[char])}]" if char in forms else re.escape(char)
        for char in plain_punctuation(word)
    )
