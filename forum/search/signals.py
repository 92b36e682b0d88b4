"""Keep the engine's index and the vocabulary in step with what they index.

Thread documents are written by the forum's services (``index_thread``); the
deletions the ORM cascades are heard here. Knowledge articles are indexed from
their own saves, tag changes and deletion, so every doorway that changes an
article (the workflow services, the admin, a command) keeps search exact in the
same transaction without calling search.
"""

from django.db.models.signals import m2m_changed, post_save, pre_delete
from django.dispatch import receiver

from forum import caching
from forum.knowledge.models import Article
from forum.search.models import ArticleDocument, ThreadDocument


@receiver(pre_delete, sender=ThreadDocument, dispatch_uid="search_forget_document")
def forget_document(sender, instance: ThreadDocument, **kwargs) -> None:
    """Before the row goes: uncount its terms and delete the engine's copy."""
    from forum.search.indexing import forget_document

    forget_document(instance.pk)


@receiver(
    pre_delete, sender=ArticleDocument, dispatch_uid="search_forget_article_document"
)
def forget_article_document(sender, instance: ArticleDocument, **kwargs) -> None:
    """Before an article's document goes (unpublished, or the article deleted)."""
    from forum.search.knowledge import forget_article_document

    forget_article_document(instance.pk)


@receiver(post_save, sender=Article, dispatch_uid="search_index_article")
def index_saved_article(sender, instance: Article, raw: bool = False, **kwargs):
    """Published: (re)index it; any other state: its document goes."""
    if raw:
        return
    from forum.search.knowledge import index_article

    index_article(instance.pk)


@receiver(m2m_changed, sender=Article.tags.through, dispatch_uid="search_article_tags")
def index_article_tags(sender, instance, action: str, **kwargs) -> None:
    """An article's tags are part of its text."""
    if not isinstance(instance, Article) or not action.startswith("post_"):
        return
    from forum.search.knowledge import index_article

    index_article(instance.pk)


@receiver(
    m2m_changed, sender=Article.boards.through, dispatch_uid="search_article_boards"
)
def forget_rankings_on_boards(sender, instance, action: str, **kwargs) -> None:
    """Board filters read the article's boards at search time: cached rankings
    filtered by board go."""
    if action.startswith("post_"):
        caching.forget_search_index()
