"""The interactive API documentation in a real browser: reached from the footer, after signing in;
Swagger UI runs from the app's own static files and lists every operation, grouped by resource,
with no request leaving the server."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_api_documentation_works_without_reaching_outside(
    live_server, page, board_member, screenshot
):
    elsewhere = []

    def only_the_app(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_app)
    # Not signed in: sent to sign in, and back to the documentation afterwards.
    page.goto(f"{live_server.url}/api/docs/")
    assert page.url == f"{live_server.url}/accounts/login/?next=/api/docs/"
    page.fill("#id_username", board_member.username)
    page.fill("#id_password", "a-good-test-password")
    page.click("button[type=submit]")
    page.wait_for_selector(".opblock", timeout=15_000)
    assert page.url == f"{live_server.url}/api/docs/"
    # And from any page, by the footer's link.
    page.goto(f"{live_server.url}/dashboard/")
    page.locator("footer").get_by_role("link", name="API documentation").click()
    page.wait_for_selector(".opblock", timeout=15_000)

    title = page.locator(".swagger-ui .title").first.inner_text()
    assert title.startswith("Sefton improvement tracker API")
    # 42 resources and exports, 3 import, 4 reports, 5 national (outcomes and journeys), 16
    # indicators and their values, 7 progress updates
    assert page.locator(".opblock").count() == 77
    groups = [name.strip() for name in page.locator(".opblock-tag").all_inner_texts()]
    assert [name.splitlines()[0] for name in groups] == [
        "Progress updates",
        "Improvement actions",
        "Areas of concern",
        "Local authorities",
        "Inspection events",
        "Findings",
        "Import",
        "Indicator values",
        "Indicators",
        "Journeys out of inadequate",
        "Ofsted outcomes",
        "Ratings",
        "Reports",
    ]
    assert elsewhere == []
    screenshot("api-docs")
