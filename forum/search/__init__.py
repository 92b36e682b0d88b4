"""Full-text search over threads and knowledge articles: one interface, a backend
per database.

The forum's write services call ``index_thread`` inside their transaction after every
change a reader could search for; published knowledge articles are indexed from
their own saves (signals.py). Pages call ``search_threads`` and ``suggest_answers``
(hits naming a thread or an article). PostgreSQL uses its full-text search, SQLite
its FTS5 extension (see ``forum/search/backends/``); docs/search.md describes the
ranking.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from forum.search.results import SearchHit, SearchResults

if TYPE_CHECKING:
    from forum.search.engine import search_threads, suggest_answers, suggest_threads
    from forum.search.indexing import count_kudos, index_thread

__all__ = [
    "SearchHit",
    "count_kudos",
    "SearchResults",
    "index_thread",
    "search_threads",
    "suggest_answers",
    "suggest_threads",
]

# This package is also the ``search`` app's module, which Django imports before any
# model can be defined, so the functions that need models are imported on first use.
_LAZY = {
    "index_thread": "forum.search.indexing",
    "count_kudos": "forum.search.indexing",
    "search_threads": "forum.search.engine",
    "suggest_answers": "forum.search.engine",
    "suggest_threads": "forum.search.engine",
}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
