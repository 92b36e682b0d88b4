from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from forum.knowledge.models import Article
from forum.models import Board, Thread


class ThreadDocument(models.Model):
    """One thread as the search engine sees it: public text and ranking inputs.

    Rebuilt by ``forum.search.index_thread`` whenever the thread changes. The engine's
    own index derives from this row: on PostgreSQL a weighted ``tsvector`` column
    with a GIN index (added by a migration, so Django does not manage it), on SQLite
    an FTS5 table; both hold the terms of ``forum.search.analysis``, not the raw
    text, so that the two engines see the same words.
    """

    thread = models.OneToOneField(
        Thread,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_document",
    )
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="+")
    # Not hidden and approved; only public documents are ever returned.
    is_public = models.BooleanField(default=True)
    is_solved = models.BooleanField(default=False)
    # Accepted by a certified expert or a moderator.
    is_expert_verified = models.BooleanField(default=False)
    kudos_count = models.PositiveIntegerField(default=0)
    # The order in which a very common word's matches are taken as candidates.
    popularity = models.FloatField(default=1.0)
    last_activity_at = models.DateTimeField()
    title = models.TextField()
    # The question, the accepted answer and the tags: ranked just below the title.
    body = models.TextField(blank=True)
    # Other visible replies, in order, capped: ranked lowest.
    replies = models.TextField(blank=True)
    # How many terms each field holds, for BM25's length normalisation.
    title_length = models.PositiveIntegerField(default=0)
    body_length = models.PositiveIntegerField(default=0)
    replies_length = models.PositiveIntegerField(default=0)
    # The meaning of the title and question as a unit vector (float16), and their
    # model tokens (uint16) for the word-by-word comparison; empty when the
    # embedding model is off.
    vector = models.BinaryField(null=True, blank=True)
    token_ids = models.BinaryField(null=True, blank=True)
    indexed_at = models.DateTimeField(auto_now=True, db_index=True)

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


class ArticleDocument(models.Model):
    """One published knowledge article as the search engine sees it, ranked on the
    same scale as threads: the same fields, vocabulary and totals.

    Title → title; summary, body and tags → body; nothing in replies. An article
    is an official answer, so it stands as an expert-verified solution would
    (``is_solved`` and ``is_expert_verified`` are always set), and readers'
    "helpful" answers stand in for kudos. Only published articles have a
    document; the engine's index derives from this row as for threads.
    """

    article = models.OneToOneField(
        Article,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_document",
    )
    is_public = models.BooleanField(default=True)
    is_solved = models.BooleanField(default=True)
    is_expert_verified = models.BooleanField(default=True)
    kudos_count = models.PositiveIntegerField(default=0)
    popularity = models.FloatField(default=1.0)
    last_activity_at = models.DateTimeField()
    title = models.TextField()
    body = models.TextField(blank=True)
    replies = models.TextField(blank=True)
    title_length = models.PositiveIntegerField(default=0)
    body_length = models.PositiveIntegerField(default=0)
    replies_length = models.PositiveIntegerField(default=0)
    vector = models.BinaryField(null=True, blank=True)
    token_ids = models.BinaryField(null=True, blank=True)
    indexed_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = "article search document"

    def __str__(self) -> str:
        return f"Search document for article {self.article_id}"


class SearchTerm(models.Model):
    """A term of the index's vocabulary: in how many public documents it appears
    (BM25's document frequency), and a word it stands for ("Did you mean").

    Kept exact by the indexer, in the transaction that changes the documents."""

    term = models.CharField(max_length=60, unique=True)
    doc_count = models.IntegerField(default=0)
    word = models.CharField(max_length=60)

    def __str__(self) -> str:
        return f"{self.term} ({self.doc_count})"


class SearchStats(models.Model):
    """Totals over the public documents, threads and articles together (one row,
    pk 1): their number and the summed length of each field, for BM25's
    averages."""

    documents = models.IntegerField(default=0)
    title_terms = models.BigIntegerField(default=0)
    body_terms = models.BigIntegerField(default=0)
    replies_terms = models.BigIntegerField(default=0)
    # How many of the documents are knowledge articles (none: no article query).
    articles = models.IntegerField(default=0)

    class Meta:
        verbose_name_plural = "search stats"

    def __str__(self) -> str:
        return f"{self.documents} public search documents"


class Synonym(models.Model):
    """Words or short phrases customers use for the same thing, applied at query
    time. Two-way: any of them finds the others. One-way: the first finds the rest
    (``dropping out`` → ``disconnecting``) but not the other way round."""

    phrases = models.CharField(
        max_length=5000,
        help_text=_("Comma-separated words or phrases of at most four words."),
    )
    two_way = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["phrases", "id"]

    def __str__(self) -> str:
        return self.phrases

    @property
    def phrase_list(self) -> list[str]:
        return [part.strip() for part in self.phrases.split(",") if part.strip()]


class Promotion(models.Model):
    """A thread or a published knowledge article (exactly one) pinned to the top
    of the results for a query and its variants (the same terms in any order),
    shown as recommended."""

    query = models.CharField(max_length=200)
    # forum.search.analysis.query_key of the query.
    query_key = models.CharField(max_length=200, db_index=True)
    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["query_key", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["query_key", "thread"], name="promotion_once_per_query"
            ),
            models.UniqueConstraint(
                fields=["query_key", "article"],
                name="article_promotion_once_per_query",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(thread__isnull=False, article__isnull=True)
                    | models.Q(thread__isnull=True, article__isnull=False)
                ),
                name="promotion_thread_or_article",
            ),
        ]

    def __str__(self) -> str:
        target = (
            f"article {self.article_id}" if self.article_id else f"{self.thread_id}"
        )
        return f"{target} for “{self.query}”"

    @property
    def document_key(self) -> int:
        """The promoted document's key in rankings (forum.search.documents)."""
        from forum.search.documents import article_key

        return article_key(self.article_id) if self.article_id else self.thread_id


class ClickOutcome(models.Model):
    """What one journey did with one result of one query: opened it, said it
    helped or not, and whether the journey still ended in a ticket. Written by the
    deflection aggregation job from the raw events; one row per journey, query and
    thread, so a visitor who clicks a result fifty times counts once."""

    journey_key = models.CharField(max_length=22, db_index=True)
    visitor = models.CharField(max_length=80, blank=True)
    query_key = models.CharField(max_length=200)
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    helpful = models.BooleanField(default=False)
    unhelpful = models.BooleanField(default=False)
    ticket = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["query_key", "thread"], name="click_query")]

    def __str__(self) -> str:
        return f"{self.journey_key}: {self.thread_id} for “{self.query_key}”"


class LearnedBoost(models.Model):
    """The ranking signal learned from deflection outcomes for one thread under
    one query key: a bounded multiplier, refreshed by the aggregation job."""

    query_key = models.CharField(max_length=200)
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    boost = models.FloatField()
    # The evidence behind it, for the staff "explain" view.
    helpful_visitors = models.FloatField(default=0)
    clicked_visitors = models.FloatField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["query_key", "thread"], name="learned_once_per_query"
            )
        ]

    def __str__(self) -> str:
        return f"{self.thread_id} +{self.boost:.3f} for “{self.query_key}”"
