"""Browser tests: Playwright driving Debian's chromium against the live test server.

Without /usr/bin/chromium these tests skip (a failure under REQUIRE_SERVICES=1, as in CI).
Screenshots go to test-artifacts/screenshots/, which git ignores.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE = Path(__file__).resolve().parents[2] / "static" / "build" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

# The live server runs in a thread of this (synchronous) test process.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        pytest.skip(f"no chromium at {CHROMIUM}: apt-get install chromium")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # bypass_csp lets the accessibility checker be injected under the app's Content Security Policy.
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "bypass_csp": True}


@pytest.fixture
def sign_in(live_server, page):
    """Sign in through the real login form: sign_in(user, password)."""

    def _sign_in(user, password="a-good-test-password"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        return page

    return _sign_in


@pytest.fixture
def axe_check(page):
    """Run axe-core on the current page; fail on any serious or critical violation."""

    def _check(label: str = ""):
        assert AXE.exists(), "static/build/axe.min.js is missing: run `make assets`"
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} element(s), e.g. "
            f"{v['nodes'][0]['target']}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not serious, f"accessibility problems on {label or page.url}:\n" + "\n".join(serious)
        return result["violations"]

    return _check


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot: screenshot("dashboard")."""

    def _shot(name: str):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shot
