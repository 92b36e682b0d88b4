"""Which pages the benchmark measures, their SQL query counts, and sign-in cookies.
Runs in-process with the benchmark's settings, before gunicorn starts."""

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.module_loading import import_string

from accounts.models import Role, User
from forum.models import Board, Thread

SEARCH_QUERY = "modem restart"
# Deflection logging skips crawlers by user agent (forum.deflection.services.privacy),
# and nothing else reads it: with this one the search page runs without logging.
# wrk sends no user agent and keeps no cookies, so without it every request is a new
# visitor whose first search opens a journey and inserts its event.
BOT_USER_AGENT = "bench-bot/1.0"


def _session_cookie(user: User) -> str:
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def _bench_user(username: str, role: str) -> User:
    user, _ = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.com", "role": role}
    )
    return user


def _count_queries(path: str, cookie: str, user_agent: str) -> int:
    client = Client(HTTP_HOST="127.0.0.1", HTTP_USER_AGENT=user_agent)
    if cookie:
        name, value = cookie.split("=", 1)
        client.cookies[name] = value
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}, not 200")
    return len(captured)


def pages_to_measure() -> list:
    from bench.run import Page

    board = Board.objects.order_by("-thread_count").first()
    thread = (
        Thread.objects.filter(reply_count__gte=50, is_hidden=False)
        .order_by("reply_count", "id")
        .first()
    ) or Thread.objects.order_by("-reply_count").first()
    customer = _session_cookie(_bench_user("bench-customer", Role.CUSTOMER))
    manager = _session_cookie(_bench_user("bench-manager", Role.MANAGER))
    query = SEARCH_QUERY.replace(" ", "+")
    pages = [
        Page("floor", f"/bench/floor/{thread.pk}/", key="floor"),
        Page("board page 1 (visitor)", board.get_absolute_url(), key="board-visitor"),
        Page(
            "board page 1 (customer)",
            board.get_absolute_url(),
            customer,
            key="board-customer",
        ),
        Page(
            f"thread, {thread.reply_count} replies (visitor)",
            thread.get_absolute_url(),
            key="thread-visitor",
        ),
        Page(
            f"thread, {thread.reply_count} replies (customer)",
            thread.get_absolute_url(),
            customer,
            key="thread-customer",
        ),
        Page(f"search “{SEARCH_QUERY}”", f"/search/?q={query}", key="search"),
        Page(
            f"search “{SEARCH_QUERY}”, logging off",
            f"/search/?q={query}",
            key="search-unlogged",
            user_agent=BOT_USER_AGENT,
        ),
        Page(
            f"ask-a-question suggestions “{SEARCH_QUERY}”",
            f"/ask/similar/?title={query}",
            key="suggestions",
        ),
        Page(
            "search floor (naive ts_rank)",
            f"/bench/search-floor/?q={query}",
            key="search-floor",
        ),
        Page(
            "deflection report, 90 days",
            "/reports/deflection/?period=90",
            manager,
            key="report",
        ),
        Page(
            "community report, 90 days",
            "/reports/community/?period=90",
            manager,
            key="community-report",
        ),
        Page(
            "search report, 90 days",
            "/reports/search/?period=90",
            manager,
            key="search-report",
        ),
    ]
    for page in pages:
        page.queries = _count_queries(page.path, page.cookie, page.user_agent)
    return pages
