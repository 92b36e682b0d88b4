"""What search engines read about an article: schema.org ``Article`` data, for
published articles only (drafts never reach a crawler, archived ones are
``noindex``)."""

from __future__ import annotations

import html
import re

from django.utils.html import strip_tags

from forum import seo
from forum.console import conf as console_conf
from forum.knowledge.models import Article

_SPACES = re.compile(r"\s+")


def article_text(article: Article) -> str:
    """The article as plain text (from its sanitised HTML)."""
    return _SPACES.sub(" ", html.unescape(strip_tags(article.body_html))).strip()


def article_description(article: Article, *, length: int = 160) -> str:
    """The summary, else the start of the text: for meta tags and feeds."""
    text = article.summary or article_text(article)
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _person(user) -> dict:
    if user is None:
        return {"@type": "Person", "name": "Former member"}
    return {
        "@type": "Person",
        "name": user.name,
        "url": seo.absolute_url(f"/u/{user.username}/"),
    }


def article_structured_data(article: Article) -> dict | None:
    """schema.org Article data for a published article, else None."""
    if not article.is_published:
        return None
    site = console_conf.site_name()
    return {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title[:110],
        "description": article_description(article),
        "datePublished": (article.published_at or article.created_at).isoformat(),
        "dateModified": max(
            filter(None, [article.updated_at, article.last_reviewed_at])
        ).isoformat(),
        "author": _person(article.owner),
        "publisher": {
            "@type": "Organization",
            "name": site,
            "url": seo.absolute_url("/"),
        },
        "mainEntityOfPage": seo.absolute_url(article.get_absolute_url()),
        "articleSection": article.category.name,
        "keywords": [tag.name for tag in article.tags.all()],
    }
