"""Keep the engine's index and the vocabulary in step when documents are deleted by
the ORM, such as when a thread is deleted and its document goes with it."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from forum.search.models import ThreadDocument


@receiver(pre_delete, sender=ThreadDocument, dispatch_uid="search_forget_document")
def forget_document(sender, instance: ThreadDocument, **kwargs) -> None:
    """Before the row goes: uncount its terms and delete the engine's copy."""
    from forum.search.indexing import forget_document

    forget_document(instance.pk)
