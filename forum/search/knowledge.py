"""Knowledge articles in search: their documents, ranked with threads'.

A published article becomes an ``ArticleDocument`` with the same fields as a
thread's (title; summary, body and tags; no replies), the same analysed terms,
meaning vector and engine index, counted in the same vocabulary and totals.
Any other state (draft, in review, archived) or a deleted article has no
document. ``signals.py`` calls ``index_articles`` from the article's own saves,
tag changes and deletion, in the transaction that made them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction

from forum import caching
from forum.knowledge.models import Article, ArticleState
from forum.search import analysis, semantic, vocabulary
from forum.search.backends import get_backend
from forum.search.documents import ARTICLES
from forum.search.indexing import (
    BODY_MAX_CHARS,
    DOCUMENT_FIELDS,
    TAGS_MAX_CHARS,
    _cap,
    _clean,
    _words_by_term,
    plain_text,
    popularity,
)
from forum.search.models import ArticleDocument


def index_article(article_id: int) -> None:
    """Bring the article's search document up to date: written when it is
    published, gone in any other state or when the article no longer exists."""
    index_articles([article_id])


def index_articles(article_ids: Iterable[int]) -> int:
    """Rebuild the documents of these articles, with their engine index, meaning
    vectors and the vocabulary's counts, in one transaction (the caller's, when
    there is one); returns how many documents were written."""
    ids = set(article_ids)
    if not ids:
        return 0
    with transaction.atomic():
        caching.forget_search_index()
        backend = get_backend()
        before = backend.indexed_state(sorted(ids), ARTICLES)
        articles = list(
            Article.objects.filter(pk__in=ids, state=ArticleState.PUBLISHED).only(
                "pk",
                "title",
                "summary",
                "body_html",
                "helpful_count",
                "updated_at",
                "published_at",
            )
        )
        gone = ids - {article.pk for article in articles}
        if gone and before.keys() & gone:
            # One by one through the ORM, so the engine and the vocabulary hear
            # of each (signals.py).
            ArticleDocument.objects.filter(article_id__in=gone).delete()
        if not articles:
            return 0
        documents, fields, after = _documents(articles)
        ArticleDocument.objects.bulk_create(
            documents,
            update_conflicts=True,
            unique_fields=["article"],
            update_fields=DOCUMENT_FIELDS,
        )
        backend.write(documents, fields, ARTICLES)
        vocabulary.apply_changes(
            {pk: state for pk, state in before.items() if pk not in gone},
            after,
            articles=True,
        )
    return len(documents)


def forget_article_document(article_id: int) -> None:
    """Take an article document that is about to be deleted out of the
    vocabulary's counts (its engine row goes with it)."""
    backend = get_backend()
    before = backend.indexed_state([article_id], ARTICLES)
    vocabulary.apply_changes(before, {}, articles=True)
    backend.remove([article_id], ARTICLES)
    caching.forget_search_index()


def index_missing_articles() -> int:
    """Index every published article without a search document; returns how many
    were indexed."""
    ids = list(
        Article.objects.published()
        .filter(search_document__isnull=True)
        .values_list("pk", flat=True)
    )
    return index_articles(ids)


def _documents(
    articles: list[Article],
) -> tuple[list[ArticleDocument], dict[int, tuple], dict[int, vocabulary.IndexedState]]:
    tags = _tag_names(articles)
    model = semantic.get_model()
    documents, fields, states = [], {}, {}
    for article in articles:
        title = _clean(article.title)
        summary = _clean(article.summary)
        text = _cap(plain_text(article.body_html), BODY_MAX_CHARS)
        tag_text = " ".join(tags[article.pk])[:TAGS_MAX_CHARS]
        # The summary first: it is what a snippet shows when nothing is matched.
        body = " ".join(part for part in (summary, text, tag_text) if part)
        question = f"{summary} {text}".strip()
        analysed = tuple(analysis.terms(part) for part in (title, body, ""))
        helpful = article.helpful_count
        documents.append(
            ArticleDocument(
                article=article,
                is_public=True,
                is_solved=True,
                is_expert_verified=True,
                kudos_count=helpful,
                popularity=popularity(is_solved=True, kudos_count=helpful),
                last_activity_at=article.updated_at or article.published_at,
                title=title,
                body=body,
                replies="",
                title_length=len(analysed[0]),
                body_length=len(analysed[1]),
                replies_length=0,
                vector=semantic.document_vector(model, title=title, question=question)
                if model
                else None,
                token_ids=semantic.document_tokens(
                    model, title=title, question=question
                )
                if model
                else None,
            )
        )
        fields[article.pk] = analysed
        states[article.pk] = vocabulary.IndexedState(
            is_public=True,
            terms={term for part in analysed for term in part},
            lengths=(len(analysed[0]), len(analysed[1]), 0),
            words=_words_by_term(title, body),
        )
    return documents, fields, states


def _tag_names(articles: list[Article]) -> dict[int, list[str]]:
    through = Article.tags.through
    rows = through.objects.filter(
        content_type__app_label=Article._meta.app_label,
        content_type__model=Article._meta.model_name,
        object_id__in=[article.pk for article in articles],
    ).values_list("object_id", "tag__name")
    names: dict[int, list[str]] = defaultdict(list)
    for article_id, name in rows:
        names[article_id].append(_clean(name))
    return names
