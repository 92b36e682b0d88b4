import importlib.util
import os
from pathlib import Path

import pytest
from django.core.cache import cache

from accounts.models import Role
from tests.factories import BoardFactory, ExpertCertificationFactory, UserFactory


def pytest_configure(config):
    """Pages are served in each offered language from compiled catalogues, which are
    build products: compile the ones whose source changed."""
    from community.catalogues import compile_catalogues

    compile_catalogues(only_stale=True)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters live in the cache; every test starts with none. The rank
    ladder starts known (the migration seeds the default one), so query counts don't
    depend on which test happened to load it first."""
    from forum import reputation

    cache.clear()
    reputation._local_ladder = None
    cache.set(reputation.LADDER_CACHE_KEY, reputation.DEFAULT_LADDER, timeout=None)
    yield
    reputation._local_ladder = None
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_search_vectors():
    """Each process keeps the search documents' vectors in memory; a test's
    rolled-back documents must not linger into the next."""
    from forum.search import vectors

    vectors.reset()
    yield
    vectors.reset()


@pytest.fixture
def uncached_pages(settings):
    """Query-count tests measure rendering, which the page cache would skip on a
    second request (tests/forum/test_page_cache.py covers the cached path)."""
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture(autouse=True)
def _no_flood_limits(settings):
    """Most tests post faster than any person could; flood control is tested on its
    own with the ``flood_limits`` fixture."""
    settings.MODERATION_RATE_LIMITS = {}


@pytest.fixture
def flood_limits(settings, monkeypatch):
    """The configured flood limits (the defaults, unless the environment changes
    them), switched back on for one test. The limits count fixed windows, so a burst
    that straddles a window's end would be split between two; the flood clock stands
    still at the start of a day (every window starts there) for the test."""
    from types import SimpleNamespace

    from community.environment import rate_limits_from_env

    start_of_a_day = 20_000 * 86_400 + 1
    monkeypatch.setattr(
        "forum.moderation.flood.time", SimpleNamespace(time=lambda: start_of_a_day)
    )

    settings.MODERATION_RATE_LIMITS = rate_limits_from_env(
        os.environ.get("MODERATION_RATE_LIMITS", "")
    )
    return settings.MODERATION_RATE_LIMITS


@pytest.fixture
def board(db):
    return BoardFactory(name="NBN & Internet", slug="nbn-internet")


@pytest.fixture
def other_board(db):
    return BoardFactory(name="Billing", slug="billing")


@pytest.fixture
def customer(db):
    return UserFactory(username="carla")


@pytest.fixture
def other_customer(db):
    return UserFactory(username="dan")


@pytest.fixture
def expert(db, board):
    user = UserFactory(username="ethan")
    ExpertCertificationFactory(user=user, board=board, title="NBN expert")
    return user


@pytest.fixture
def moderator(db):
    return UserFactory(username="morgan", role=Role.MODERATOR)


@pytest.fixture
def manager(db):
    return UserFactory(username="sam", role=Role.MANAGER)


@pytest.fixture
def administrator(db):
    return UserFactory(
        username="alex", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True
    )


# --- Browser tests and load runs -----------------------------------------------
# Their packages have requirements files of their own (requirements-browser.txt,
# requirements-load.txt), which `make test` installs when the suite will run them.
# Browser tests run whenever Chromium is installed; without Chromium, or locally
# without Playwright, they are skipped and the run ends with a loud notice, never
# silently. In CI (CI=true) a missing package fails the run instead: work CI should
# do must not quietly turn into skips.

RUNNING_IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
PLAYWRIGHT_MISSING = importlib.util.find_spec("playwright") is None
LOCUST_MISSING = importlib.util.find_spec("locust") is None
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
BROWSER_DIR = Path(__file__).parent / "browser"
NO_CHROMIUM = f"Chromium not found at {CHROMIUM_PATH}"

# The browser modules import Playwright as they load: not even collected without it.
collect_ignore_glob = (
    ["browser/test_*.py"] if PLAYWRIGHT_MISSING and not RUNNING_IN_CI else []
)


def chromium_missing() -> bool:
    return not Path(CHROMIUM_PATH).exists()


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_DIR in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
    if chromium_missing():
        skip = pytest.mark.skip(reason=NO_CHROMIUM)
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(skip)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    browser_tests = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if NO_CHROMIUM in str(report.longrepr)
    ]
    if browser_tests:
        terminalreporter.write_sep(
            "!",
            f"BROWSER TESTS NOT RUN ({len(browser_tests)}): no Chromium at "
            f"{CHROMIUM_PATH}. Install it (apt-get install chromium) "
            "or set CHROMIUM_PATH.",
            red=True,
            bold=True,
        )
    elif collect_ignore_glob and not chromium_missing():
        terminalreporter.write_sep(
            "!",
            "BROWSER TESTS NOT RUN: Playwright is not installed. "
            "`make test` installs it (requirements-browser.lock).",
            red=True,
            bold=True,
        )


@pytest.fixture
def question(db, board, customer):
    """An open question by ``customer`` in ``board``, created through the service."""
    from forum import services

    return services.create_thread(
        board=board,
        author=customer,
        title="NBN drops out every evening",
        body="Every night around 8pm the connection drops for a minute.",
        tags="nbn, dropouts",
    )


@pytest.fixture
def answer(db, question, other_customer):
    """A reply to ``question`` by ``other_customer``."""
    from forum import services

    return services.post_reply(
        question,
        author=other_customer,
        body="Ask for a line test and mention the times.",
    )
