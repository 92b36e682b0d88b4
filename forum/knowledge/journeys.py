"""Where the knowledge base tells the deflection module what a reader did with an
article (viewed it, said it helped or not), so an article counts in journeys
exactly like a thread. Never raises: logging must not break a page."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from forum.knowledge.models import Article


def article_viewed(request, article: Article) -> None:
    """The reader opened the article's page."""


def article_feedback_given(request, article: Article, *, helpful: bool) -> None:
    """The reader answered "Was this article helpful?"."""
