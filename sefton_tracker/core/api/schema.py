"""The OpenAPI description shared by every resource: error answers and CRUD summaries; and the
sign-in that the schema and documentation pages ask of a browser."""

import functools

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_basic_type, get_view_model
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)

from .conditional import IF_MATCH, is_versioned
from .errors import NON_FIELD
from .serializers import ConflictSerializer, DeleteConflictSerializer, ErrorSerializer

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
VERSIONED_DELETE_CONFLICT = OpenApiResponse(
    DeleteConflictSerializer,
    description="Not deleted: someone changed this record after you read it (the `version` you "
    "sent is stale: the answer lists what changed), or other records still refer to it (named "
    "in the answer).",
)
VERSIONED_DELETE_REFUSED = OpenApiResponse(
    VALIDATION_ERRORS,
    description="Refused: say which version you read, with `?version=` or `If-Match` (a "
    "`version` that is not one, or an If-Match that is not an ETag, is refused too). Nothing was "
    "deleted.",
)
PRECONDITION_FAILED = OpenApiResponse(
    ConflictSerializer,
    description="Not done: the ETag you sent as If-Match is not the record's current one "
    "(someone changed it after you read it). The answer lists what changed; re-read the record "
    "and try again.",
)
ONE_RECORD_ACTIONS = ("retrieve", "create", "update", "partial_update")
ETAG = OpenApiParameter(
    "ETag",
    str,
    location=OpenApiParameter.HEADER,
    response=[200, 201],
    required=True,
    description="The record's version, as an entity tag: send it back as If-Match to change or "
    "delete the record only if no one has changed it since.",
)
IF_MATCH_HEADER = OpenApiParameter(
    IF_MATCH,
    str,
    location=OpenApiParameter.HEADER,
    description="The ETag you read (instead of `version`): if the record has changed since, "
    "nothing is done and the answer is 412 Precondition Failed, listing what changed.",
)
VERSION_QUERY = OpenApiParameter(
    "version",
    {"type": "integer", "minimum": 1, "maximum": 2_147_483_647},
    location=OpenApiParameter.QUERY,
    description="The version you read (or send If-Match): one of them is required. If the "
    "record has changed since, it is not deleted and the answer is 409 Conflict, listing what "
    "changed.",
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

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self._is_versioned():
            if self.method in ("PUT", "PATCH", "DELETE"):
                parameters.append(IF_MATCH_HEADER)
            if self.method == "DELETE":
                parameters.append(VERSION_QUERY)
            if getattr(self.view, "action", None) in ONE_RECORD_ACTIONS:
                parameters.append(ETAG)
        return parameters

    def _is_versioned(self):
        return is_versioned(get_view_model(self.view, emit_warnings=False))

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
        if self.method in ("PUT", "PATCH", "DELETE") and self._is_versioned():
            codes[412] = PRECONDITION_FAILED
            if self.method == "DELETE":
                codes[400] = VERSIONED_DELETE_REFUSED
                codes[409] = VERSIONED_DELETE_CONFLICT
        if self.method in ("POST", "PUT", "PATCH"):
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024
            codes[413] = OpenApiResponse(
                ErrorSerializer,
                description=f"Refused: the request body is larger than {limit:g} MB (a file "
                "uploaded to the import is not counted: it has its own limit).",
            )
        return codes


VERSION_NOTE = (
    "Send the `version` you read; a stale one is refused with 409 Conflict, listing what changed, "
    "and nothing is saved. Or send the ETag you read as If-Match: a stale one is refused with 412 "
    "Precondition Failed, with the same answer."
)
DELETE_VERSION_NOTE = (
    "Send the version you read, as `?version=` (a stale one is 409 Conflict) or the ETag as "
    "If-Match (a stale one is 412 Precondition Failed): if the record has changed since, it is "
    "not deleted, and the answer lists what changed."
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
        **overrides,
    }

    def decorate(viewset):
        deletes = who_deletes
        if is_versioned(viewset.queryset.model):
            deletes = f"{who_deletes} {DELETE_VERSION_NOTE}"
        destroy = {"destroy": extend_schema(summary=f"Delete {article}", description=deletes)}
        return extend_schema(tags=[tag])(extend_schema_view(**{**destroy, **docs})(viewset))

    return decorate


def browser_signs_in_first(view):
    """For the schema and documentation pages: a browser not signed in is sent to the sign-in page,
    and back here once signed in, rather than shown a bare 401. A script (one that does not ask
    for HTML) or a request with credentials, good or bad, still gets the API's own answer."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if (
            not request.user.is_authenticated
            and "HTTP_AUTHORIZATION" not in request.META
            and "text/html" in request.headers.get("Accept", "")
        ):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped
