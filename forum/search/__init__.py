"""Full-text search over threads: one interface, a backend per database.

Placeholder until the full-text backends land: the forum writes call
``index_thread`` already, and searching finds nothing.
"""

from dataclasses import dataclass, field


@dataclass
class SearchHit:
    thread: object
    snippet: str
    rank: float


@dataclass
class SearchResults:
    query: str
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = 20
    has_next: bool = False


def index_thread(thread_id: int) -> None:
    """Bring the thread's search document up to date (title, posts, solved, kudos)."""


def search_threads(
    query: str,
    *,
    board=None,
    solved_only: bool = False,
    tag: str | None = None,
    page: int = 1,
    per_page: int = 20,
) -> SearchResults:
    return SearchResults(query=query, page=page, per_page=per_page)


def similar_solved_threads(text: str, *, limit: int = 5) -> list:
    return []
