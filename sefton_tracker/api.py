"""What every API resource shares: the role matrix as permissions, the write services' errors as
HTTP answers (400 with field messages, 409 for a stale version), `version` in each editable
representation, and the OpenAPI description of all of that."""

from collections import Counter

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, models
from django.db.models import ProtectedError, RestrictedError
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_basic_type, get_view_model
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, permissions, serializers, viewsets
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.validators import UniqueValidator
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from .display import person_name
from .locking import StaleVersionError

RULE_APPS = ("visits", "findings")
NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY


class RoleMatrixPermission(permissions.DjangoModelPermissions):
    """The role matrix, read from Django's model permissions: `view_` to read (board members),
    `add_`/`change_` to write (officers), `delete_` to remove (administrators for events)."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }

    def _queryset(self, view):
        # Only the model matters here: take it from the viewset's class-level queryset rather than
        # building the request's filtered and annotated one twice.
        if getattr(view, "queryset", None) is not None:
            return view.queryset
        return super()._queryset(view)


class ResourceViewSet(viewsets.ModelViewSet):
    """A resource under /api/v1/. A create or update is answered with the record as a GET would
    show it (with the same annotations), read back through `get_queryset()`."""

    permission_classes = [RoleMatrixPermission]
    parser_classes = [JSONParser]
    # Any segment reaches the view, so that '/events/abc/' is the API's JSON 404, not a page's.
    lookup_value_regex = "[^/]+"

    def perform_create(self, serializer):
        serializer.save()
        self._read_back(serializer)

    def perform_update(self, serializer):
        serializer.save()
        self._read_back(serializer)

    def _read_back(self, serializer):
        fresh = self.get_queryset().filter(pk=serializer.instance.pk).first()
        if fresh is not None:
            serializer.instance = fresh


# --- Errors -----------------------------------------------------------------------------------


def exception_handler(exc, context):
    """DRF's handler, taught the errors of the shared write path so that none of them is a 500."""
    if isinstance(exc, StaleVersionError):
        set_rollback()
        body = {"detail": str(exc), "current_version": exc.current.version, "changes": exc.changes}
        return Response(ConflictSerializer(body).data, status=409)
    if isinstance(exc, ProtectedError | RestrictedError):
        set_rollback()
        return Response({"detail": still_referenced(exc)}, status=409)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(field_messages(exc))
    elif isinstance(exc, IntegrityError):
        exc = exceptions.ValidationError(database_rule_messages(exc))
    return drf_exception_handler(exc, context)


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
    for app_label in RULE_APPS:
        app = apps.get_app_config(app_label)
        for model in app.get_models():
            for constraint in model._meta.constraints:
                fields = getattr(constraint, "fields", ())
                field = fields[0] if len(fields) == 1 else NON_FIELD
                rules[constraint.name] = (field, constraint.get_violation_error_message())
        for rule in getattr(app.module.models, "CROSS_TABLE_RULES", []):
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
        for app_label in RULE_APPS:
            for model in apps.get_app_config(app_label).get_models():
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


# --- Serializers ------------------------------------------------------------------------------


FIELD_HELP: dict[type[models.Model], dict[str, str]] = {}
COMMON_FIELD_HELP = {
    "id": "The record's id.",
    "created_at": "When the record was created (set by the server).",
    "updated_at": "When the record was last changed (set by the server).",
}


def describe(model: type[models.Model], **texts: str) -> None:
    """Descriptions for the API schema of model fields that have no help text of their own."""
    FIELD_HELP.setdefault(model, {}).update(texts)


class DescribedModelSerializer(serializers.ModelSerializer):
    """Every field is described in the OpenAPI schema: by the model field's help text, or else by
    the text given with `describe()`."""

    def build_field(self, field_name, info, model_class, nested_depth):
        field_class, kwargs = super().build_field(field_name, info, model_class, nested_depth)
        if not kwargs.get("help_text"):
            text = FIELD_HELP.get(model_class, {}).get(field_name) or COMMON_FIELD_HELP.get(
                field_name
            )
            if text:
                kwargs["help_text"] = text
        return field_class, kwargs


class RulesModelSerializer(DescribedModelSerializer):
    """A model serializer that checks field types and leaves every domain rule, uniqueness
    included, to the model's own validation run by the write services, so that the API refuses
    exactly what the forms refuse, with the same messages."""

    def get_validators(self):
        return []

    def get_uniqueness_extra_kwargs(self, field_names, declared_fields, extra_kwargs):
        return extra_kwargs, {}

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if "validators" in kwargs:
            kwargs["validators"] = [
                v for v in kwargs["validators"] if not isinstance(v, UniqueValidator)
            ]
        return field_class, kwargs

    @property
    def request_user(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    def create(self, validated_data):
        instance = self.Meta.model(**validated_data)
        return self.persist(instance, expected_version=None)

    def update(self, instance, validated_data):
        expected_version = validated_data.pop("version", None)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return self.persist(instance, expected_version=expected_version)

    def persist(self, instance, *, expected_version):
        """Save through the app's write service (subclasses name theirs)."""
        raise NotImplementedError(f"{type(self).__name__} must say which service saves it.")


VERSION_HELP = (
    "Increases by one on every change. Send back the version you last read when you update: if "
    "someone has saved a change since, the update is refused with 409 Conflict, nothing is "
    "overwritten, and the answer lists what changed. Ignored when creating."
)


class VersionedSerializer(RulesModelSerializer):
    """A representation of a Versioned model, with optimistic locking on update."""

    version = serializers.IntegerField(
        min_value=1, max_value=2_147_483_647, required=False, help_text=VERSION_HELP
    )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None and "version" not in attrs:
            raise exceptions.ValidationError(
                {
                    "version": [
                        "Send the version you last read, so that changes saved meanwhile "
                        "are not overwritten."
                    ]
                }
            )
        if self.instance is None:
            attrs.pop("version", None)
        return attrs


@extend_schema_field({"type": "string", "nullable": True})
class UserNameField(serializers.Field):
    """A user as people know them: full name, or username when no name is recorded."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, user):
        return person_name(user)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in words a person can act on.")


class ChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The field's name, as the forms label it.")
    yours = serializers.CharField(help_text="Its value in the version you sent.")
    theirs = serializers.CharField(help_text="Its value now.")
    by = serializers.CharField(help_text="Who saved the change.")
    at = serializers.DateTimeField(help_text="When it was saved.")


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Why nothing was saved.")
    current_version = serializers.IntegerField(
        help_text="The record's version now: re-read it before trying again."
    )
    changes = ChangeSerializer(many=True, help_text="What was changed since your version.")


# --- OpenAPI ----------------------------------------------------------------------------------

VALIDATION_ERRORS = {
    "type": "object",
    "description": "Field name → messages. Messages that concern several fields are under "
    f"`{NON_FIELD}`. In a nested list (an event's `judgements`), an item's messages are keyed by "
    "its position, counting from 0.",
    "additionalProperties": {},
}

ERROR_RESPONSES = {
    400: OpenApiResponse(
        VALIDATION_ERRORS,
        description="Refused: the request breaks a rule (the same rules and messages as the "
        "forms, or a filter value that is not allowed). Nothing was saved.",
        examples=[
            OpenApiExample(
                "A red rating without its risk",
                value={
                    "rationale": [
                        "A red rating's rationale must say what risk remains for children, "
                        "in at least one full sentence."
                    ]
                },
                status_codes=["400"],
            )
        ],
    ),
    401: OpenApiResponse(
        ErrorSerializer,
        description="No credentials, or a token that is not valid: send "
        "`Authorization: Token <key>` (or sign in, for the browsable API).",
    ),
    403: OpenApiResponse(
        ErrorSerializer, description="Signed in, but your role does not allow this."
    ),
    404: OpenApiResponse(
        ErrorSerializer,
        description="There is no such record, or not one you may see (a draft event is visible "
        "only to those who may change events), or no such page of results.",
    ),
    409: OpenApiResponse(
        ConflictSerializer,
        description="Not saved: someone changed this record after you read it (your `version` "
        "is stale). The answer lists what changed; re-read the record and apply your change "
        "again.",
    ),
}
DELETE_CONFLICT = OpenApiResponse(
    ErrorSerializer,
    description="Not deleted: other records still refer to this one (named in the answer).",
)


class ApiSchema(AutoSchema):
    """Adds to every operation the error answers it can give, so that clients (and the fuzz
    tests) know every status code and body the API may return."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code, response in responses.items():
            if not response.get("description"):
                response["description"] = self._success_description(code)
        for code, response in self._error_responses().items():
            responses.setdefault(
                str(code), self._get_response_for_code(response, str(code), direction=direction)
            )
        return responses

    def _resolve_path_parameters(self, variables):
        # The route accepts any segment as an id (so that a malformed one is the API's JSON 404),
        # but an id is an integer.
        parameters = super()._resolve_path_parameters(variables)
        model = get_view_model(self.view, emit_warnings=False)
        for parameter in parameters:
            if parameter["name"] == "id" and model is not None:
                parameter["schema"] = build_basic_type(OpenApiTypes.INT)
                parameter["description"] = f"The {model._meta.verbose_name}'s id."
        return parameters

    def _success_description(self, code):
        if code == "201":
            return "Saved: the new record, as a read would show it."
        if self.method in ("PUT", "PATCH"):
            return "Saved: the record as it now is, with its new `version`."
        if self._is_list_view():
            return "One page of the records that match the filters."
        return "The record."

    def _error_responses(self):
        codes = {401: ERROR_RESPONSES[401], 403: ERROR_RESPONSES[403]}
        one_record = "{" in self.path
        if self.method in ("POST", "PUT", "PATCH") or (self.method == "GET" and not one_record):
            codes[400] = ERROR_RESPONSES[400]  # a rule broken, or a filter value refused
        if one_record or (self.method == "GET" and self._is_list_view()):
            codes[404] = ERROR_RESPONSES[404]  # no such record, or no such page
        if self.method in ("PUT", "PATCH"):
            codes[409] = ERROR_RESPONSES[409]
        if self.method == "DELETE":
            codes[409] = DELETE_CONFLICT
        return codes


VERSION_NOTE = (
    "Send the `version` you read; a stale one is refused with 409 Conflict, listing what changed, "
    "and nothing is saved."
)


def crud_docs(singular, plural, *, tag, who_writes, who_deletes, list_note="", **overrides):
    """The OpenAPI summaries and descriptions of a resource's six operations, under one tag."""
    article = f"{'an' if singular[0] in 'aeiou' else 'a'} {singular}"
    docs = {
        "list": extend_schema(summary=f"List {plural}", description=list_note),
        "retrieve": extend_schema(summary=f"One {singular}"),
        "create": extend_schema(summary=f"Add {article}", description=who_writes),
        "update": extend_schema(
            summary=f"Replace {article}", description=f"{who_writes} {VERSION_NOTE}"
        ),
        "partial_update": extend_schema(
            summary=f"Change {article}", description=f"{who_writes} {VERSION_NOTE}"
        ),
        "destroy": extend_schema(summary=f"Delete {article}", description=who_deletes),
        **overrides,
    }

    def decorate(viewset):
        return extend_schema(tags=[tag])(extend_schema_view(**docs)(viewset))

    return decorate
