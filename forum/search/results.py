"""What a search returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from forum.knowledge.models import Article
    from forum.models import Thread
    from forum.search.ranking import Scored


@dataclass
class SearchHit:
    """One matching thread (board loaded) or published knowledge article (category
    loaded): exactly one of ``thread`` and ``article`` is set. With its highlighted
    snippet and title (safe HTML, matches in <mark>), and its rank (higher is
    better)."""

    thread: Thread | None
    snippet: str
    rank: float
    title_html: str = ""
    article: Article | None = None
    # Pinned to this query by a manager: shown first, marked as recommended.
    promoted: bool = False
    # The parts of the score, for staff who asked why (None otherwise).
    explanation: Scored | None = None

    @property
    def kind(self) -> str:
        """ "article" or "thread"."""
        return "article" if self.article is not None else "thread"

    @property
    def document(self) -> Thread | Article:
        """The thread or the article."""
        return self.article if self.article is not None else self.thread

    @property
    def title(self) -> str:
        return self.document.title

    @property
    def url(self) -> str:
        """The result's own address (pages link through the click logger)."""
        return self.document.get_absolute_url()


@dataclass
class SearchResults:
    """A page of hits for the cleaned query that actually ran."""

    query: str
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = 20
    has_next: bool = False
    # Only the best CANDIDATE_LIMIT results are kept; when there were more,
    # ``total`` counts those kept and this is True.
    total_is_capped: bool = False
    # The query with its misspelt words corrected ("Did you mean"), or ''.
    suggestion: str = ""
    # For staff asking why: whether meaning took part in the ranking.
    meaning_status: str = ""

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def next_page(self) -> int:
        return self.page + 1

    @property
    def previous_page(self) -> int:
        return max(self.page - 1, 1)

    @property
    def first_rank(self) -> int:
        """The position of the first hit in the whole result list, counting from 1."""
        return (self.page - 1) * self.per_page + 1
