from django.db import models

from forum.models import Board, Thread


class ThreadDocument(models.Model):
    """One thread as the search engine sees it: public text and ranking inputs.

    Rebuilt by ``forum.search.index_thread`` whenever the thread changes. The engine's
    own index derives from this row: on PostgreSQL a generated, weighted ``tsvector``
    column with a GIN index (added by a migration, so Django does not manage it); on
    SQLite an FTS5 table with the same three text columns, written beside it.
    """

    thread = models.OneToOneField(
        Thread,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_document",
    )
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="+")
    # Not hidden (later also approved); only public documents are ever returned.
    is_public = models.BooleanField(default=True)
    is_solved = models.BooleanField(default=False)
    kudos_count = models.PositiveIntegerField(default=0)
    # Multiplies text relevance. Precomputed so that ranking reads one column, and so
    # that the candidate set can be chosen by it before any text ranking runs.
    popularity = models.FloatField(default=1.0)
    last_activity_at = models.DateTimeField()
    title = models.TextField()
    # The question, the accepted answer and the tags: ranked just below the title.
    body = models.TextField(blank=True)
    # Other visible replies, in order, capped: ranked lowest.
    replies = models.TextField(blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "thread search document"
        indexes = [
            # The candidate order: for a common word, walking this until enough
            # documents match beats fetching every match from the word index.
            models.Index(
                fields=["-popularity", "-last_activity_at", "-thread"],
                condition=models.Q(is_public=True),
                name="search_document_popularity",
            ),
        ]

    def __str__(self) -> str:
        return f"Search document for thread {self.thread_id}"
