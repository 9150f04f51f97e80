"""Versions over HTTP. Every versioned record is sent with an ETag naming its version; a write
says which version it read with If-Match (that ETag), or with `version` (in a PUT or PATCH body, or
?version= on a DELETE). A stale If-Match is 412 Precondition Failed, a stale `version` 409 Conflict:
each with the same answer, listing what changed."""

import re

from django.utils.http import parse_etags
from rest_framework import exceptions, serializers

from ..locking import StaleVersionError
from ..models import Versioned

IF_MATCH = "If-Match"
MALFORMED_IF_MATCH = (
    "If-Match must be the ETag you read, in double quotes as it was sent "
    '(e.g. "findings.finding-12-v3").'
)
DELETE_NEEDS_VERSION = (
    "Send the version you last read, as ?version= or as If-Match with the ETag you read, so that "
    "changes saved meanwhile are not deleted unseen."
)


def is_versioned(model) -> bool:
    return model is not None and issubclass(model, Versioned)


def etag(record) -> str:
    """A strong ETag naming the record (its model and id) and its version: it changes with every
    saved change, and no two records share one."""
    return f'"{record._meta.label_lower}-{record.pk}-v{record.version}"'


class PreconditionFailed(Exception):
    """If-Match named a version that is no longer the record's: answered 412, with the body of a
    409 Conflict."""

    def __init__(self, current, detail: str, changes: list):
        super().__init__(detail)
        self.current = current
        self.changes = changes

    @classmethod
    def stale(cls, error: StaleVersionError) -> "PreconditionFailed":
        return cls(error.current, str(error), error.changes)


def if_match_version(request, record) -> int | None:
    """The version of `record` that the request's If-Match names: None when there is no If-Match
    (or it is `*`, which names no version). 400 when the header is not a list of ETags; 412 when
    no ETag in it is the record's current one."""
    header = request.headers.get(IF_MATCH)
    if header is None:
        return None
    tags = parse_etags(header)
    if not tags:
        raise exceptions.ValidationError({IF_MATCH: [MALFORMED_IF_MATCH]})
    if tags == ["*"]:
        return None
    if etag(record) in tags:
        return record.version
    read = [version for tag in tags if (version := _version_in(tag, record)) is not None]
    if read:
        raise PreconditionFailed.stale(StaleVersionError(record, max(read)))
    name = record._meta.verbose_name
    raise PreconditionFailed(
        record,
        f"If-Match names no version of this {name}: it is now version {record.version} "
        f"(ETag {etag(record)}). Nothing has been changed.",
        [],
    )


def _version_in(tag: str, record) -> int | None:
    pattern = rf'"{re.escape(record._meta.label_lower)}-{re.escape(str(record.pk))}-v(\d+)"'
    match = re.fullmatch(pattern, tag)
    return int(match[1]) if match else None


VERSION = serializers.IntegerField(min_value=1, max_value=2_147_483_647)


def query_version(request) -> int | None:
    """?version=, checked as the body's `version` is; None when not sent."""
    text = request.query_params.get("version")
    if text is None:
        return None
    try:
        return VERSION.run_validation(text)
    except exceptions.ValidationError as error:
        raise exceptions.ValidationError({"version": error.detail}) from None
