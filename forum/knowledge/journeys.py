"""Where the knowledge base tells the deflection module what a reader did with an
article (viewed it, said it helped or not), so an article counts in journeys
exactly like a thread. Never raises: logging must not break a page."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from forum.deflection.models import EventKind
from forum.deflection.services import record_article_view, record_event

if TYPE_CHECKING:
    from forum.knowledge.models import Article

logger = logging.getLogger(__name__)


def article_viewed(request, article: Article) -> None:
    """The reader opened the article's page: an article view on their journey,
    once per article per journey."""
    try:
        record_article_view(request, article.pk)
    except Exception:  # the recording functions never raise; this guards the call
        logger.exception("Could not record an article view")


def article_feedback_given(request, article: Article, *, helpful: bool) -> None:
    """The reader answered "Was this article helpful?": "yes, this helped" or
    "no" on their journey, once per article per journey."""
    kind = EventKind.HELPFUL_YES if helpful else EventKind.HELPFUL_NO
    try:
        record_event(request, kind, article=article)
    except Exception:  # as above: a page must never fail for its logging
        logger.exception("Could not record an article's helpful answer")
