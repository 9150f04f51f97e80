"""The OpenAPI schema at /api/schema/ describes every endpoint, field, filter and error answer, and
the interactive documentation at /api/docs/ is served from the app's own static files."""

import re

import pytest
from django.contrib.staticfiles import finders
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db

OPERATIONS = {"get", "put", "patch", "post", "delete"}


@pytest.fixture
def schema(client, board_member):
    client.force_login(board_member)
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in OPERATIONS:
                yield path, method, operation


def test_the_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)


def test_every_resource_and_download_is_in_the_schema(schema):
    paths = set(schema["paths"])
    for resource in ("authorities", "events", "areas", "ratings", "findings", "actions", "reports"):
        assert {f"/api/v1/{resource}/", f"/api/v1/{resource}/{{id}}/"} <= paths
    assert {"/api/v1/ofsted-outcomes/", "/api/v1/ofsted-outcomes/{id}/"} <= paths
    assert "/api/v1/journeys/" in paths
    assert {"/api/v1/indicators/", "/api/v1/indicators/{id}/"} <= paths
    assert {"/api/v1/indicator-values/", "/api/v1/indicator-values/{id}/"} <= paths
    for download in ("findings", "ratings", "ofsted-outcomes", "indicators", "indicator-values"):
        assert {f"/api/v1/{download}/export.csv", f"/api/v1/{download}/export.xlsx"} <= paths
    assert {
        "/api/v1/import/drafts/",
        "/api/v1/import/drafts/{token}/",
        "/api/v1/import/events/",
    } <= paths
    assert "/api/v1/reports/{id}/download/" in paths
    assert {
        "/api/v1/action-updates/",
        "/api/v1/action-updates/{id}/",
        "/api/v1/action-updates/{id}/evidence/",
        "/api/v1/action-updates/export.csv",
        "/api/v1/action-updates/export.xlsx",
        "/api/v1/actions/export.csv",
        "/api/v1/actions/export.xlsx",
    } <= paths
    # 42 for the resources and exports (the actions' two downloads among them), 3 for importing
    # a letter, 4 for reports, 5 for the national data (Ofsted's outcomes: list, one, two
    # downloads; the journeys), 16 for the indicators and their values (six operations and two
    # downloads each), 7 for progress updates (list, one, record, correct, the evidence file, two
    # downloads).
    assert len(list(operations(schema))) == 77


def test_every_operation_is_grouped_under_its_resource(schema):
    """The documentation groups operations by tag: one per resource, never the path's "v1"."""
    tags = {}
    for path, method, operation in operations(schema):
        assert len(operation.get("tags", [])) == 1, (path, method)
        tags.setdefault(operation["tags"][0], set()).add(path.split("/")[3])
    assert tags == {
        "Local authorities": {"authorities"},
        "Inspection events": {"events"},
        "Areas of concern": {"areas"},
        "Ratings": {"ratings"},
        "Findings": {"findings"},
        "Improvement actions": {"actions"},
        "Progress updates": {"action-updates"},
        "Import": {"import"},
        "Reports": {"reports"},
        "Ofsted outcomes": {"ofsted-outcomes"},
        "Journeys out of inadequate": {"journeys"},
        "Indicators": {"indicators"},
        "Indicator values": {"indicator-values"},
    }


def test_every_operation_has_a_summary_and_describes_each_answer(schema):
    for path, method, operation in operations(schema):
        assert operation.get("summary"), (path, method)
        for code, answer in operation["responses"].items():
            assert answer.get("description"), (path, method, code)


def test_every_operation_documents_the_errors_it_can_give(schema):
    for path, method, operation in operations(schema):
        codes = set(operation["responses"])
        assert {"401", "403"} <= codes, (path, method)
        if method in ("post", "put", "patch"):
            assert "400" in codes, (path, method)
        if "{id}" in path:
            assert "404" in codes, (path, method)
        if method in ("put", "patch"):
            conflict = operation["responses"]["409"]["content"]["application/json"]["schema"]
            assert conflict == {"$ref": "#/components/schemas/Conflict"}, (path, method)
        if method == "delete":
            assert "409" in codes, (path, method)


def test_every_filter_and_parameter_is_described(schema):
    for path, method, operation in operations(schema):
        for parameter in operation.get("parameters", []):
            assert parameter.get("description"), (path, method, parameter["name"])


def test_every_field_is_described(schema):
    for name, component in schema["components"]["schemas"].items():
        for field, spec in component.get("properties", {}).items():
            assert spec.get("description"), (name, field)


def test_the_conflict_answer_lists_what_changed(schema):
    conflict = schema["components"]["schemas"]["Conflict"]["properties"]
    assert set(conflict) == {"detail", "current_version", "changes"}
    version = schema["components"]["schemas"]["InspectionEvent"]["properties"]["version"]
    assert "409 Conflict" in version["description"]


def test_the_downloads_declare_their_file_types(schema):
    csv = schema["paths"]["/api/v1/findings/export.csv"]["get"]["responses"]["200"]
    xlsx = schema["paths"]["/api/v1/ratings/export.xlsx"]["get"]["responses"]["200"]
    assert set(csv["content"]) == {"text/csv"}
    assert set(xlsx["content"]) == {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    }
    parameters = {
        p["name"] for p in schema["paths"]["/api/v1/findings/export.csv"]["get"]["parameters"]
    }
    assert {"rag", "polarity", "authority", "q", "ordering"} <= parameters


def test_token_authentication_is_declared(schema):
    schemes = schema["components"]["securitySchemes"]
    assert schemes["tokenAuth"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": 'Token-based authentication with required prefix "Token"',
    }


def test_the_documentation_page_uses_only_the_apps_own_static_files(client, board_member):
    client.force_login(board_member)
    response = client.get("/api/docs/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "http://" not in html and "https://" not in html and "cdn" not in html.lower()
    assert "<style" not in html and "style=" not in html
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts and all('src="/' in attributes for attributes in scripts)
    for asset in re.findall(r'(?:src|href)="(/static/[^"?]+)', html):
        assert finders.find(asset.removeprefix("/static/")), asset
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html


def test_the_documentation_starts_from_a_script_file_that_loads_the_schema(client, board_member):
    client.force_login(board_member)
    response = client.get("/api/docs/?script=")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert '"/api/schema/"' in response.content.decode()


def test_record_ids_in_paths_are_integers(schema):
    for path, method, operation in operations(schema):
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path" and path.startswith("/api/v1/import/drafts/"):
                # A reading of a document is no record: its token is a string.
                assert parameter["name"] == "token", (path, method)
                assert parameter["schema"] == {"type": "string"}, (path, method)
            elif parameter["in"] == "path":
                assert parameter["schema"] == {"type": "integer"}, (path, method)


VERSIONED = ("events", "areas", "ratings", "findings", "actions")


@pytest.mark.parametrize("resource", VERSIONED)
def test_versioned_records_document_their_etag_and_if_match(schema, resource):
    one = schema["paths"][f"/api/v1/{resource}/{{id}}/"]
    added = schema["paths"][f"/api/v1/{resource}/"]["post"]["responses"]["201"]
    for answer in (one["get"]["responses"]["200"], one["put"]["responses"]["200"], added):
        assert answer["headers"]["ETag"]["required"] is True
    for method in ("put", "patch", "delete"):
        operation = one[method]
        headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
        assert "If-Match" in headers, method
        failed = operation["responses"]["412"]["content"]["application/json"]["schema"]
        assert failed == {"$ref": "#/components/schemas/Conflict"}, method
    delete = one["delete"]
    [version] = [p for p in delete["parameters"] if p["in"] == "query"]
    assert version["name"] == "version"
    assert {"400", "409", "412"} <= set(delete["responses"])
    assert "If-Match" in delete["description"] and "?version=" in delete["description"]


def test_a_body_too_large_is_documented_on_every_write(schema):
    for path, method, operation in operations(schema):
        if method in ("post", "put", "patch"):
            assert "413" in operation["responses"], (path, method)
    authorities = schema["paths"]["/api/v1/authorities/{id}/"]["delete"]
    assert "412" not in authorities["responses"]  # an authority has no versions


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize("url", ["/api/docs/", "/api/schema/"])
def test_a_browser_not_signed_in_is_sent_to_sign_in_and_back(client, url):
    response = client.get(url, HTTP_ACCEPT=BROWSER)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_after_signing_in_the_browser_comes_back_to_the_documentation(client, board_member):
    board_member.set_password("a-good-test-password")
    board_member.save()
    response = client.post(
        "/accounts/login/?next=/api/docs/",
        {
            "username": board_member.username,
            "password": "a-good-test-password",
            "next": "/api/docs/",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/api/docs/"
    assert client.get("/api/docs/", HTTP_ACCEPT=BROWSER).status_code == 200


@pytest.mark.parametrize(
    "url, accept",
    [
        ("/api/docs/", "*/*"),
        ("/api/schema/", "*/*"),
        ("/api/schema/", "application/vnd.oai.openapi+json"),
        ("/api/schema/", "application/vnd.oai.openapi"),
    ],
)
def test_a_script_without_credentials_still_gets_the_apis_401(client, url, accept):
    assert client.get(url, HTTP_ACCEPT=accept).status_code == 401


def test_a_wrong_token_is_refused_in_json_even_from_a_browser(client):
    response = client.get("/api/docs/", HTTP_ACCEPT=BROWSER, HTTP_AUTHORIZATION="Token nope")
    assert response.status_code == 401


def test_the_resources_keep_their_401_json_for_a_browser(client):
    response = client.get("/api/v1/events/", HTTP_ACCEPT=BROWSER)
    assert response.status_code == 401


def test_every_page_links_a_signed_in_reader_to_the_api_documentation(client, board_member):
    link = '<a class="govuk-footer__link" href="/api/docs/">API documentation</a>'
    assert link not in client.get("/accounts/login/").content.decode()
    client.force_login(board_member)
    for url in ("/", "/dashboard/", "/findings/"):
        assert link in client.get(url).content.decode(), url
