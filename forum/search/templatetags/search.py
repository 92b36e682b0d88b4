"""Search results' links, and the numbers in the staff "explain" view."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

register = template.Library()


@register.filter
def score(value) -> str:
    """A score part to three decimals ('—' when absent)."""
    if value is None:
        return "—"
    return f"{float(value):.3f}"


@register.filter
def percent_boost(value) -> str:
    """A multiplier's boost as a percentage: 0.03 → '3.0%'."""
    return f"{float(value or 0) * 100:.1f}%"


@register.simple_tag
def hit_url(hit, rank: int, source: str = "search_page") -> str:
    """The tracked link for a search hit, a thread or an article: logs the click,
    then opens it. ``{% hit_url hit forloop.counter "search_page" %}``"""
    return result_link(hit.article or hit.thread, rank, source)


def result_link(document, rank: int, source: str) -> str:
    """The click logger's address for a thread or an article at this rank."""
    from forum.knowledge.models import Article

    name = "deflection:go_article" if isinstance(document, Article) else "deflection:go"
    query = urlencode({"rank": rank, "source": source})
    return f"{reverse(name, args=[document.pk])}?{query}"
