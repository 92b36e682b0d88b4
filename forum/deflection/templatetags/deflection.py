"""Template helpers for search results and report numbers."""

from datetime import timedelta
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from forum.reports.figures import format_percent

register = template.Library()


@register.simple_tag
def result_url(thread, rank: int, source: str = "search_page") -> str:
    """The tracked link for a search result: logs the click, then opens the thread.

    ``{% result_url hit.thread forloop.counter "search_page" %}``
    """
    query = urlencode({"rank": rank, "source": source})
    return f"{reverse('deflection:go', args=[thread.pk])}?{query}"


@register.simple_tag
def article_result_url(article, rank: int, source: str = "search_page") -> str:
    """The tracked link for a knowledge article in results: logs the click, then
    opens the article. ``{% article_result_url hit.article forloop.counter %}``"""
    query = urlencode({"rank": rank, "source": source})
    return f"{reverse('deflection:go_article', args=[article.pk])}?{query}"


@register.filter
def percent(value, whole=None) -> str:
    """0.625 -> "62.5%"; ``{{ rate|percent:journeys }}`` drops the decimal once the
    denominator is large enough for it to be noise; nothing to divide -> an en dash."""
    return format_percent(value, whole)


@register.filter
def duration(value: timedelta | None) -> str:
    """A wait in hours and minutes, e.g. "1 h 5 min" or "12 min"."""
    if value is None:
        return "–"
    minutes = int(value.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)s min") % {"minutes": minutes}
