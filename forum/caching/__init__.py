"""Rendered pages and fragments kept in the cache, and the generations that retire them.

Every cached entry's key ends with the current *generations* of what it shows: one per
thread, one per board, and one for the whole site (members' names, roles, badges and
certifications, tags, boards). A write changes the generation, so the next reader
misses and renders afresh; nothing is ever deleted by pattern. Writes reach the
generations from one place each:

- ``save()``/``delete()`` of a thread, post, board, member and the rest, by signals;
- ``update()`` on thread and post querysets, by ``ThreadQuerySet``/``PostQuerySet``,
  which ask which threads they touch before writing (view counts excepted: a cached
  page may show a view count a few minutes old).

A generation changes both at once and again after the commit, so a reader that rendered
the old rows between the two cannot keep them. Generations are random tokens, never
counters: a generation lost from the cache (evicted, Redis restarted) comes back as a
new token, never as one an old page was stored under. Entries also expire (a few
minutes for lists that show relative times), which bounds what a lost write could
leave behind; what lags within that bound is a member's rank name, the only display
detail written by counter updates. If the cache is down, pages render uncached.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import translation

from community.replicas import state as replicas
from forum.caching.visitors import (  # noqa: F401 - part of this module's interface
    has_only_params,
    is_plain_visitor,
    page_for_visitors,
)

logger = logging.getLogger(__name__)

SITE = "gen:site"
# Every search document: a query's cached ranking (forum.search.engine).
SEARCH_INDEX = "gen:search"
GENERATION_SECONDS = 7 * 24 * 3600
# Thread pages show absolute times; board lists say "5 minutes ago".
THREAD_PAGE_SECONDS = 600
BOARD_PAGE_SECONDS = 60
# A member's board-moderator records and certifications (forum.permissions).
ROLES_SECONDS = 600
# The header's unread count: new and read notifications renew it at once; one about
# content hidden since may count for up to this long.
UNREAD_SECONDS = 60
# Pages beyond this are rare and many: rendered, never stored.
CACHED_PAGES = 50

# Fields whose changes nobody sees on a cached page.
UNSHOWN_THREAD_FIELDS = frozenset({"view_count"})


def thread_key(thread_id: int) -> str:
    return f"gen:thread:{thread_id}"


def board_key(board_id: int) -> str:
    return f"gen:board:{board_id}"


def inbox_key(user_id: int) -> str:
    return f"gen:inbox:{user_id}"


def thread_scope(thread_id: int) -> list[str]:
    """What a thread page shows: the thread, and names and badges site-wide."""
    return [thread_key(thread_id), SITE]


def board_scope(board_id: int) -> list[str]:
    """What a board's thread list shows: every thread in it, and the site."""
    return [board_key(board_id), SITE]


def home_scope(board_ids: Iterable[int]) -> list[str]:
    """What the home page shows: threads from every board, and the site."""
    return [*map(board_key, board_ids), SITE]


def enabled() -> bool:
    return settings.PAGE_CACHE_ENABLED


# --- reading -------------------------------------------------------------------


# Generations read during the current request (see ``generations_per_request``).
_request_generations: ContextVar[dict[str, str] | None] = ContextVar(
    "request_generations", default=None
)
# Entries read ahead by ``prefetch`` during the current request, by cache key.
_request_entries: ContextVar[dict[str, Any] | None] = ContextVar(
    "request_entries", default=None
)
_NOT_CACHED = object()


@contextmanager
def generations_per_request() -> Iterator[None]:
    """Within this block each generation is read from the cache once: a signed-in
    thread page asks for the thread's and the site's five times. The page then
    shows one moment of each, as a single read would; this process's own writes
    renew what it remembered (``_renew``)."""
    reset = _request_generations.set({})
    reset_entries = _request_entries.set({})
    try:
        yield
    finally:
        _request_entries.reset(reset_entries)
        _request_generations.reset(reset)


def generations(keys: list[str]) -> list[str] | None:
    """The current token of each generation (new ones for any missing), or None
    when the cache is unavailable."""
    remembered = _request_generations.get()
    if remembered is None:
        remembered = {}
    wanted = [key for key in dict.fromkeys(keys) if key not in remembered]
    if wanted:
        found = _read_generations(wanted)
        if found is None:
            return None
        remembered.update(found)
    return [remembered[key] for key in keys]


def _read_generations(keys: list[str]) -> dict[str, str] | None:
    try:
        found = cache.get_many(keys)
        for key in keys:
            if key not in found:
                token = _new_token()
                if not cache.add(key, token, GENERATION_SECONDS):
                    token = cache.get(key) or token
                found[key] = token
        return found
    except Exception:
        logger.warning("Page cache unavailable; rendering uncached", exc_info=True)
        return None


def remember(
    scope: list[str],
    name: Iterable[Any],
    build: Callable[[], Any],
    *,
    timeout: int,
    keep: Callable[[Any], bool] = lambda value: True,
) -> Any:
    """The value cached under ``name`` for the current generations of ``scope``, or
    ``build()``'s result, stored when ``keep`` approves it."""
    if not enabled():
        return build()
    key = _entry_key(scope, name)
    if key is None:
        return build()
    value = _read_ahead(key)
    if value is _NOT_CACHED:
        value = None
    elif value is None:
        try:
            value = cache.get(key)
        except Exception:
            value = None
    if value is not None:
        return value
    value = build()
    if keep(value) and _replica_may_store(scope):
        try:
            cache.set(key, value, timeout)
        except Exception:
            logger.warning("Page cache unavailable; not storing", exc_info=True)
    return value


def _new_token() -> str:
    """A generation's token: random, prefixed with when it was made (hex seconds)."""
    return f"{int(time.time()):x}.{secrets.token_hex(6)}"


def _made_at(token: str) -> int:
    made, _, _ = token.partition(".")
    try:
        return int(made, 16)
    except ValueError:
        return 0


def _replica_may_store(scope: list[str]) -> bool:
    """Whether what this request rendered may be stored. A read replica may not yet
    have replayed the write behind a generation younger than its allowed lag: a
    page it rendered would be stored under the new generation and outlive the lag.
    So within that window only pages read from the primary are stored; replica
    readers render afresh, and after it every usable replica has the write."""
    window = replicas.staleness_window()
    if not window:
        return True
    tokens = generations(scope) or []
    newest = max(map(_made_at, tokens), default=0)
    return time.time() - newest >= window


def prefetch(entries: Iterable[tuple[list[str], Iterable[Any]]]) -> None:
    """Read these (scope, name) entries ahead, all in one round trip (and their
    generations in one more), for this request's ``remember`` calls to find: a
    signed-in thread page knows five of its pieces before it reads any. Does
    nothing outside a request's ``generations_per_request``."""
    found = _request_entries.get()
    entries = list(entries)
    if found is None or not entries or not enabled():
        return
    if generations([key for scope, _ in entries for key in scope]) is None:
        return
    keys = [_entry_key(scope, name) for scope, name in entries]
    try:
        values = cache.get_many(keys)
    except Exception:
        return
    found.update({key: values.get(key, _NOT_CACHED) for key in keys})


# Memcached refuses keys past 250 characters and Django warns of them on every
# backend; the release prefix takes about 20.
LONGEST_ENTRY_KEY = 200


def _entry_key(scope: list[str], name: Iterable[Any]) -> str | None:
    tokens = generations(scope)
    if tokens is None:
        return None
    # Every entry is per language: a page or fragment rendered in one language is
    # never served in another (text, dates and numbers all differ).
    language = translation.get_language() or settings.LANGUAGE_CODE
    key = ":".join(["page", *map(str, name), language, *tokens])
    if len(key) <= LONGEST_ENTRY_KEY:
        return key
    # The home page's scope holds a generation per board, so its key grows with the
    # boards: a digest of the whole key keeps it short and still changes with any
    # of them.
    name = list(name)
    return f"page:{name[0]}:{hashlib.sha256(key.encode()).hexdigest()}"


def _read_ahead(key: str) -> Any:
    """The prefetched value (once: a caller may change what it gets), _NOT_CACHED
    for a key read ahead and missing, or None when it was not read ahead."""
    found = _request_entries.get()
    return found.pop(key, None) if found else None


def page_number(raw: str | None) -> int | None:
    """The page a list request asks for, if it is one worth caching."""
    if raw is None:
        return 1
    if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= CACHED_PAGES:
        return int(raw)
    return None


# --- writing -------------------------------------------------------------------


def _renew(keys: list[str]) -> None:
    if not keys:
        return
    tokens = {key: _new_token() for key in keys}
    remembered = _request_generations.get()
    if remembered is not None:
        remembered.update(tokens)
    try:
        cache.set_many(tokens, timeout=GENERATION_SECONDS)
    except Exception:
        # Entries expire on their own; the write itself must not fail for this.
        logger.warning("Page cache unavailable; cached pages expire on their own")


class _RenewalAfterCommit:
    """One after-commit renewal per transaction, however many writes it holds."""

    def __init__(self):
        self.keys: set[str] = set()
        self.done = False

    def __call__(self):
        self.done = True
        _renew(sorted(self.keys))


# This thread's renewal waiting for its transaction's commit, held weakly: Django
# holds the callback until the commit runs it or a rollback drops it, so a dead
# reference means there is none waiting (found without reading Django's list).
_waiting_renewal = threading.local()


def _renew_now_and_after_commit(keys: list[str]) -> None:
    if not enabled() or not keys:
        return
    _renew(keys)
    if not transaction.get_connection().in_atomic_block:
        return  # autocommit: the write is already committed
    reference = getattr(_waiting_renewal, "reference", None)
    renewal = reference() if reference is not None else None
    if renewal is None or renewal.done:
        renewal = _RenewalAfterCommit()
        _waiting_renewal.reference = weakref.ref(renewal)
        transaction.on_commit(renewal)
    renewal.keys.update(keys)


def forget_threads(thread_ids: Iterable[int], board_ids: Iterable[int] = ()) -> None:
    """Threads (and the boards listing them) changed."""
    keys = [thread_key(pk) for pk in set(thread_ids) if pk is not None]
    keys += [board_key(pk) for pk in set(board_ids) if pk is not None]
    _renew_now_and_after_commit(keys)


def forget_boards(board_ids: Iterable[int]) -> None:
    _renew_now_and_after_commit([board_key(pk) for pk in set(board_ids)])


def forget_inboxes(user_ids: Iterable[int]) -> None:
    """Members received notifications or read them."""
    _renew_now_and_after_commit([inbox_key(pk) for pk in set(user_ids)])


def forget_search_index() -> None:
    """A search document was written, removed or re-scored: cached rankings go."""
    _renew_now_and_after_commit([SEARCH_INDEX])


def forget_site() -> None:
    """Something every page may show changed: a member's name, a badge, a tag."""
    _renew_now_and_after_commit([SITE])


def forget_threads_of_posts(posts) -> None:
    """Posts in a queryset are about to change: their threads and boards."""
    pairs = set(posts.values_list("thread_id", "thread__board_id").distinct())
    forget_threads([thread for thread, _ in pairs], [board for _, board in pairs])


def forget_threads_in(threads) -> None:
    """Threads in a queryset are about to change."""
    pairs = set(threads.values_list("pk", "board_id"))
    forget_threads([thread for thread, _ in pairs], [board for _, board in pairs])
