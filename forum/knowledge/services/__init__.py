"""Everything that writes to the knowledge base. Each function locks what it
changes, asks ``forum.permissions`` and runs in one transaction; none knows
about requests."""

from forum.knowledge.services.articles import (
    create_article,
    edit_article,
    record_article_view,
)
from forum.knowledge.services.workflow import (
    archive_article,
    mark_article_reviewed,
    publish_article,
    restore_article,
    return_article,
    submit_article,
)

__all__ = [
    "archive_article",
    "create_article",
    "edit_article",
    "mark_article_reviewed",
    "publish_article",
    "record_article_view",
    "restore_article",
    "return_article",
    "submit_article",
]
