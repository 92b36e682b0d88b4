"""Keep the engine's index in step when documents are deleted by the ORM, such as
when a thread is deleted and its document goes with it."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from forum.search.models import ThreadDocument


@receiver(post_delete, sender=ThreadDocument, dispatch_uid="search_remove_document")
def remove_from_engine(sender, instance: ThreadDocument, **kwargs) -> None:
    """Delete the engine's copy of a deleted document (SQLite's FTS5 row)."""
    from forum.search.backends import get_backend

    get_backend().remove([instance.pk])
