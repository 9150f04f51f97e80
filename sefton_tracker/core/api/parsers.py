"""The API's JSON parser: DRF's, refusing what the standard library would let through to a 500.

`1e999` is valid JSON that Python reads as infinity, which no field can hold (an id given it is an
OverflowError deep in the database layer); numbers beyond 64 bits fit no column either; and JSON
nested deeper than Python's recursion limit is a RecursionError. Each is answered 400: a number by
the field it was sent in, nesting as a parse error."""

import codecs
import json
import math

from rest_framework import exceptions, parsers

from .errors import NON_FIELD

LARGEST = 2**63 - 1  # the largest integer any column holds (the schema's int64 maximum)


class OutOfRange:
    """A number in the body that no field can hold, as written."""

    def __init__(self, text: str):
        self.text = text

    def message(self) -> str:
        text = self.text if len(self.text) <= 24 else f"{self.text[:20]}…"
        return (
            f"A valid number is required: {text} is out of range "
            f"(numbers must lie between -{LARGEST + 1} and {LARGEST})."
        )


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, answering out-of-range numbers (naming where they were sent) and
    too-deep nesting with a 400 rather than letting them through."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})
        found = []

        def number(text, value):
            if math.isfinite(value) and -LARGEST - 1 <= value <= LARGEST:
                return value
            found.append(OutOfRange(text))
            return found[-1]

        try:
            data = json.load(
                codecs.getreader(encoding)(stream),
                parse_float=lambda text: number(text, float(text)),
                parse_int=lambda text: number(text, int(text)),
                # NaN, Infinity and -Infinity are not JSON, but Python reads them: refuse them too.
                parse_constant=lambda text: number(text, float(text)),
            )
        except RecursionError:
            raise exceptions.ParseError(
                "JSON parse error - the body is nested too deeply to be read."
            ) from None
        except ValueError as exc:
            raise exceptions.ParseError(f"JSON parse error - {exc}") from None
        if found:
            raise exceptions.ValidationError(out_of_range_messages(data))
        return data


def out_of_range_messages(data) -> dict:
    """{field: [message]} for every out-of-range number in `data`, nested as DRF nests a nested
    serializer's errors (a list's items keyed by their position, from 0)."""
    errors: dict = {}
    pending = [((), data)]
    while pending:  # not recursive: the body may be nested as deep as the parser allowed
        path, value = pending.pop()
        if isinstance(value, OutOfRange):
            place = errors
            for step in path[:-1] if path else ():
                place = place.setdefault(str(step), {})
            place[str(path[-1]) if path else NON_FIELD] = [value.message()]
        elif isinstance(value, dict):
            pending.extend(((*path, key), item) for key, item in value.items())
        elif isinstance(value, list):
            pending.extend(((*path, index), item) for index, item in enumerate(value))
    return errors
