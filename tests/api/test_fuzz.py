"""Schemathesis against the live schema: generated requests to every operation, as an administrator
(who may call all of them), find no server error and no answer that breaks the schema."""

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

from findings.models import AreaOfConcern, AreaReview, Finding, ImprovementAction
from sefton_tracker.wsgi import application
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
}
RELATIONS = {
    "authority": LocalAuthority,
    "event": InspectionEvent,
    "raised_by": InspectionEvent,
    "area": AreaOfConcern,
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


@pytest.fixture
def token_headers(db, administrator):
    return {"Authorization": f"Token {Token.objects.create(user=administrator).key}"}


def served_schema() -> dict:
    """The schema /api/schema/ serves, generated the same way (collection cannot sign in)."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(public=True)))


schema = schemathesis.openapi.from_dict(
    served_schema(),
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
    case.call_and_validate(app=application, headers=token_headers, checks=CHECKS)


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
