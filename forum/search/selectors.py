"""What the search-tuning pages read."""

from __future__ import annotations

from django.db.models import QuerySet

from forum.search.models import Promotion, Synonym


def synonym_list() -> QuerySet[Synonym]:
    """Every synonym rule, alphabetically, with who added it."""
    return Synonym.objects.select_related("created_by").order_by("phrases", "id")


def promotion_list() -> QuerySet[Promotion]:
    """Every promotion by query, with its thread and board or its article and
    category, and who added it."""
    return Promotion.objects.select_related(
        "thread", "thread__board", "article", "article__category", "created_by"
    ).order_by("query_key", "created_at", "id")
