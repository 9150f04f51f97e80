"""The interactive API documentation in a real browser: Swagger UI runs from the app's own static
files and lists every operation, with no request leaving the server."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_api_documentation_works_without_reaching_outside(
    live_server, page, sign_in, board_member, screenshot
):
    elsewhere = []

    def only_the_app(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_app)
    sign_in(board_member)
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".opblock", timeout=15_000)

    title = page.locator(".swagger-ui .title").first.inner_text()
    assert title.startswith("Sefton improvement tracker API")
    assert page.locator(".opblock").count() == 47  # 40 resources and exports, 3 import, 4 reports
    assert elsewhere == []
    screenshot("api-docs")
