"""Schemathesis against the live schema: generated requests to every operation, as an administrator
(who may call all of them), find no server error and no answer that breaks the schema."""

import copy
import json
from collections import Counter, defaultdict

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from findings.indicators.models import Indicator, IndicatorValue
from findings.models import AreaOfConcern, AreaReview, Finding, ImprovementAction
from findings.plan.models import ProgressUpdate
from sefton_tracker.wsgi import application
from tests.support.factories import AreaReviewFactory, FindingFactory, ImprovementActionFactory
from visits.models import InspectionEvent, LocalAuthority

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Bounded so that the whole run stays within a few minutes on CI's two cores.
MAX_EXAMPLES = 40

MODELS = {
    "authorities": LocalAuthority,
    "events": InspectionEvent,
    "areas": AreaOfConcern,
    "ratings": AreaReview,
    "findings": Finding,
    "actions": ImprovementAction,
    "action-updates": ProgressUpdate,
    "indicators": Indicator,
    "indicator-values": IndicatorValue,
}
RELATIONS = {
    "authority": LocalAuthority,
    "event": InspectionEvent,
    "raised_by": InspectionEvent,
    "area": AreaOfConcern,
    "action": ImprovementAction,
}


def existing(model, number):
    """For an even generated number, an id that exists (so that updates and deletes reach real
    records and their rules); an odd one is left alone (so that 404 and 400 are exercised too)."""
    if not isinstance(number, int) or number % 2:
        return number
    ids = list(model.objects.order_by("pk").values_list("pk", flat=True))
    return ids[number // 2 % len(ids)] if ids else number


@pytest.fixture
def keep_connection():
    """The app is called directly, inside this test's transaction: the database connection must
    outlive each request, as Django's own test client arranges."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def own_indicator(authority):
    """A council's own indicator with a month's value, for the writes to reach."""
    import datetime

    from tests.indicators.making import local_indicator, month_value

    month_value(local_indicator(authority), datetime.date(2025, 4, 1), "81.5")


@pytest.fixture
def token_headers(db, administrator):
    return {"Authorization": f"Token {Token.objects.create(user=administrator).key}"}


def served_schema() -> dict:
    """The schema /api/schema/ serves, generated the same way (collection cannot sign in)."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(public=True)))


SERVED = served_schema()
schema = schemathesis.openapi.from_dict(
    copy.deepcopy(SERVED),
    config=SchemathesisConfig.from_dict(
        # The coverage phase's boundary values, but only valid ones: its invalid variants are
        # many times as numerous, and the fuzzing phase sends invalid requests as well.
        {"phases": {"coverage": {"generation": {"mode": "positive"}, "unexpected-methods": []}}}
    ),
)


@schema.hook
def map_path_parameters(context, path_parameters):
    resource = context.operation.path.split("/")[3]
    if path_parameters and "id" in path_parameters and resource in MODELS:
        path_parameters["id"] = existing(MODELS[resource], path_parameters["id"])
    return path_parameters


@schema.hook
def map_body(context, body):
    if isinstance(body, dict):
        for field, model in RELATIONS.items():
            if field in body:
                body[field] = existing(model, body[field])
    return body


def test_the_fuzzed_schema_is_the_one_served(client, board_member):
    client.force_login(board_member)
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.json() == served_schema()


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_generated_request_finds_a_server_error_or_breaks_the_schema(
    case, keep_connection, sefton, token_headers, report_the_run
):
    phase = case.meta.phase.name.value if case.meta else "explicit"
    RUN[case.operation.label][phase] += 1
    read_the_version(case)
    case.call_and_validate(app=application, headers=token_headers, checks=CHECKS)


def read_the_version(case):
    """A delete says which version it read: for an even generated `version`, the record's own (so
    that deletes reach real records and their rules); an odd one is left alone (so that a stale
    version's 409 is exercised too)."""
    resource = case.operation.path.split("/")[3]
    pk, version = (case.path_parameters or {}).get("id"), (case.query or {}).get("version")
    if case.method != "DELETE" or resource not in MODELS:
        return
    if isinstance(pk, int) and abs(pk) < 2**31 and isinstance(version, int) and not version % 2:
        record = MODELS[resource].objects.filter(pk=pk).first()
        case.query["version"] = getattr(record, "version", version)


RUN: defaultdict[str, Counter] = defaultdict(Counter)


@pytest.fixture(scope="module")
def report_the_run(request):
    """Say in the test log how much was generated: the figures a reviewer wants to see."""
    yield
    if RUN:
        phases = sum(RUN.values(), Counter())
        by_phase = ", ".join(f"{count} {phase}" for phase, count in sorted(phases.items()))
        plugins = request.config.pluginmanager
        with plugins.get_plugin("capturemanager").global_and_fixture_disabled():
            plugins.get_plugin("terminalreporter").write_line(
                f"\nschemathesis: {len(RUN)} operations, {phases.total()} cases ({by_phase})"
            )


# Requests no client should send and no generator thinks of: numbers beyond any field's range,
# nesting deeper than any body needs, a body past the size limit. Every write operation of the
# schema answers each with a JSON 4xx naming the field or the problem, never a 500.

WRITES = [
    (path, method.upper())
    for path, item in SERVED["paths"].items()
    for method, operation in item.items()
    if method in ("post", "put", "patch")
    and "application/json" in operation.get("requestBody", {}).get("content", {})
]


def resolved(node):
    while "$ref" in node:
        node = SERVED["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def number_fields(node, at=()):
    """Where a request body of this schema holds an integer or a number: a path of property
    names, with 0 for an array's first item."""
    node = resolved(node)
    if node.get("readOnly"):
        return
    for part in node.get("allOf", []):
        yield from number_fields(part, at)
    if node.get("type") in ("integer", "number"):
        yield at
    for name, prop in node.get("properties", {}).items():
        yield from number_fields(prop, (*at, name))
    if "items" in node:
        yield from number_fields(node["items"], (*at, 0))


def request_body(path, method):
    operation = SERVED["paths"][path][method.lower()]
    return operation["requestBody"]["content"]["application/json"]["schema"]


NUMBER_CASES = [
    pytest.param(
        path, method, field, number, id=f"{method} {path} {'.'.join(map(str, field))}={number}"
    )
    for path, method in WRITES
    for field in dict.fromkeys(number_fields(request_body(path, method)))
    for number in ("1e999", "-1e999")
]


def holding(field, literal) -> bytes:
    """A JSON body with the literal number text at `field` (a path of names and 0s)."""
    value = "\0"
    for step in reversed(field):
        value = [value] if step == 0 else {step: value}
    return json.dumps(value).replace('"\\u0000"', literal).encode()


@pytest.fixture
def send_raw(db, keep_connection, token_headers, administrator):
    """Send a raw body to an operation as the administrator, and check the answer against the
    schema as the generated cases are checked."""
    review = AreaReviewFactory()
    FindingFactory(event=review.event, area=review.area)
    action = ImprovementActionFactory(area=review.area)
    ProgressUpdate.objects.create(
        action=action, note="Audit done.", rag="green", author=administrator
    )
    own_indicator(review.area.authority)

    def send(path, method, body: bytes):
        resource = path.split("/")[3]
        ids = {}
        if "{id}" in path:
            ids = {"id": MODELS[resource].objects.order_by("pk").values_list("pk", flat=True)[0]}
        case = schema[path][method].Case(
            path_parameters=ids, body={}, media_type="application/json"
        )
        response = case.call(app=application, headers=token_headers, data=body)
        case.validate_response(response, checks=CHECKS)
        assert response.headers["content-type"] == ["application/json"], response.text[:200]
        return response

    return send


@pytest.mark.parametrize(("path", "method", "field", "number"), NUMBER_CASES)
def test_a_number_no_field_can_hold_is_a_400_naming_the_field(
    send_raw, path, method, field, number
):
    response = send_raw(path, method, holding(field, number))
    assert response.status_code == 400, response.text
    messages = response.json()
    for step in field:
        messages = messages[str(step)]
    assert messages and all(isinstance(m, str) for m in messages), response.text


@pytest.mark.parametrize(("path", "method"), WRITES)
def test_json_nested_five_thousand_deep_is_a_400(send_raw, path, method):
    response = send_raw(path, method, b"[" * 5000 + b"]" * 5000)
    assert response.status_code == 400, response.text
    assert "nested" in response.json()["detail"]


@pytest.mark.parametrize(("path", "method"), WRITES)
def test_a_body_over_the_size_limit_is_a_413_that_says_the_limit(send_raw, path, method):
    body = json.dumps({"text": "a" * 3 * 1024 * 1024}).encode()
    response = send_raw(path, method, body)
    assert response.status_code == 413, response.text
    assert response.json() == {"detail": "The request body is larger than 2.5 MB."}


def test_a_pdf_upload_is_held_to_its_own_limit_not_the_bodys(api, officer):
    # DATA_UPLOAD_MAX_MEMORY_SIZE leaves files out: a 3 MB PDF is read, not refused as too large.
    from django.core.files.uploadedfile import SimpleUploadedFile

    api.force_authenticate(officer)
    upload = SimpleUploadedFile("letter.pdf", b"%PDF-1.7\n" + b"0" * 3 * 1024 * 1024)
    response = api.post("/api/v1/import/drafts/", {"file": upload}, format="multipart")
    assert response.status_code < 500 and response.status_code != 413, response.content
