"""The write services' errors as HTTP answers: 400 with field messages (the models' own), 409
for a stale version or a row still referred to (412 for a stale If-Match), every named database
rule put in words, and a body too large to read as 413: JSON, never Django's HTML pages."""

import logging
from collections import Counter

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from ..db import cross_table_rules, rule_apps
from ..locking import StaleVersionError
from .conditional import PreconditionFailed
from .serializers import ConflictSerializer

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY


def exception_handler(exc, context):
    """DRF's handler, taught the errors of the shared write path so that none of them is a 500."""
    if isinstance(exc, StaleVersionError | PreconditionFailed):
        set_rollback()
        body = {"detail": str(exc), "current_version": exc.current.version, "changes": exc.changes}
        status = 412 if isinstance(exc, PreconditionFailed) else 409
        return Response(ConflictSerializer(body).data, status=status)
    if isinstance(exc, SuspiciousOperation):
        return unreadable_request(exc, context)
    if isinstance(exc, ProtectedError | RestrictedError):
        set_rollback()
        return Response({"detail": still_referenced(exc)}, status=409)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(field_messages(exc))
    elif isinstance(exc, IntegrityError):
        exc = exceptions.ValidationError(database_rule_messages(exc))
    return drf_exception_handler(exc, context)


def unreadable_request(exc: SuspiciousOperation, context) -> Response:
    """A request Django refused to read while DRF parsed it (too large a body, too many fields or
    files): logged as Django logs it, and answered in JSON."""
    logging.getLogger(f"django.security.{type(exc).__name__}").error(str(exc))
    request = context.get("request")
    if request is not None:
        # As DRF does when a parser fails: nothing is read again (e.g. by the browsable API).
        request._full_data = request._data = QueryDict()
        request._files = MultiValueDict()
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024
        return Response({"detail": f"The request body is larger than {limit:g} MB."}, status=413)
    return Response({"detail": f"The request cannot be read: {exc}"}, status=400)


def field_messages(error: DjangoValidationError) -> dict[str, list[str]]:
    """A model's ValidationError as DRF's {field: [messages]}, the form's messages unchanged."""
    if not hasattr(error, "error_dict"):
        return {NON_FIELD: error.messages}
    return {
        NON_FIELD if field == NON_FIELD_ERRORS else field: messages
        for field, messages in error.message_dict.items()
    }


def database_rules() -> dict[str, tuple[str, str]]:
    """Every named database rule of the domain: {name: (field or NON_FIELD, message)}."""
    rules = {}
    for app in rule_apps():
        for model in app.get_models():
            for constraint in model._meta.constraints:
                fields = getattr(constraint, "fields", ())
                field = fields[0] if len(fields) == 1 else NON_FIELD
                rules[constraint.name] = (field, constraint.get_violation_error_message())
    for rule in cross_table_rules():
        rules[rule.name] = (rule.field or NON_FIELD, rule.message or rule.name)
    return rules


def database_rule_messages(error: IntegrityError) -> dict[str, list[str]]:
    """Name the rule the database refused the change under. Validation catches these first; the
    database only has the last word when two people save at once."""
    text = str(error)
    rules = database_rules()
    # Longest first: one rule's name may begin with another's.
    for name in sorted(rules, key=len, reverse=True):
        if name in text:
            field, message = rules[name]
            return {field: [message]}
    unique = _unique_columns(text)
    if unique:
        for app in rule_apps():
            for model in app.get_models():
                for constraint in model._meta.constraints:
                    columns = {
                        (model._meta.db_table, model._meta.get_field(f).column)
                        for f in getattr(constraint, "fields", ())
                    }
                    if columns and columns == unique:
                        return {NON_FIELD: [constraint.get_violation_error_message()]}
    first_line = text.strip().splitlines()[0] if text.strip() else "integrity error"
    return {NON_FIELD: [f"The database refused this change, so nothing was saved ({first_line})."]}


def _unique_columns(text: str) -> set[tuple[str, str]]:
    """SQLite names a unique constraint's columns ('UNIQUE constraint failed: t.a, t.b'), not it."""
    prefix = "UNIQUE constraint failed: "
    if not text.startswith(prefix):
        return set()
    return {
        tuple(column.strip().split(".", 1))
        for column in text[len(prefix) :].splitlines()[0].split(",")
        if "." in column
    }


def still_referenced(error: ProtectedError | RestrictedError) -> str:
    objects = getattr(error, "protected_objects", None) or getattr(error, "restricted_objects", ())
    counts = Counter(
        (obj._meta.verbose_name, obj._meta.verbose_name_plural) for obj in objects
    ).items()
    listed = ", ".join(
        f"{count} {singular if count == 1 else plural}" for (singular, plural), count in counts
    )
    return (
        f"This cannot be deleted while other records refer to it ({listed}). "
        "Delete or move those first."
    )
