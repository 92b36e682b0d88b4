"""What a search returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from forum.models import Thread


@dataclass
class SearchHit:
    """One matching thread (board and author loaded), its highlighted snippet and
    title (safe HTML, matches in <mark>), and its rank (higher is better)."""

    thread: Thread
    snippet: str
    rank: float
    title_html: str = ""


@dataclass
class SearchResults:
    """A page of hits for the cleaned query that actually ran."""

    query: str
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = 20
    has_next: bool = False
    # Only the most popular matches are ranked (backends.base.CANDIDATE_LIMIT); when
    # there were more, ``total`` counts those ranked and this is True.
    total_is_capped: bool = False

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
