import os
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM_PATH

# Playwright's sync API keeps an event loop running in the test thread; the ORM calls
# the tests make for arranging and checking data are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser context on the live server; a screenshot is saved on failure."""
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(
            path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True
        )
    context.close()


@pytest.fixture
def sign_in(page):
    """Sign a user in through the real form."""

    def sign_in_as(login: str, password: str):
        page.goto("/accounts/login/")
        page.locator("#id_login").fill(login)
        page.locator("#id_password").fill(password)
        page.get_by_role("button", name="Sign In").click()

    return sign_in_as


# The real OpenID Connect provider for the single sign-on journeys (tests/sso.py).
from tests.sso import company_sso, oidc_provider  # noqa: E402, F401
