"""Building threads' search documents from what readers can see."""

from __future__ import annotations

import html
import math
import re
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from forum import caching
from forum.models import Post, Thread
from forum.search import analysis, semantic, vocabulary
from forum.search.backends import get_backend
from forum.search.backends.base import SENTINELS
from forum.search.models import ThreadDocument

# Bounds on a document, so a thread with thousands of replies costs no more to index,
# store, rank or highlight than a long one.
BODY_MAX_CHARS = 10_000
REPLIES_MAX_CHARS = 20_000
REPLIES_MAX_POSTS = 50
TAGS_MAX_CHARS = 500

# Popularity orders the candidates of a very common word (backends.base): solved
# threads with kudos first.
SOLVED_POPULARITY = 0.5
KUDOS_POPULARITY = 0.1
KUDOS_POPULARITY_MAX = 0.5

_BLOCK_TAG = re.compile(
    r"</?(?:p|br|hr|h[1-6]|li|ul|ol|pre|blockquote|table|thead|tbody|tr|td|th)\b[^>]*>",
    re.IGNORECASE,
)
_ANY_TAG = re.compile(r"<[^>]*>")
# Control characters (PostgreSQL refuses NUL in text) and the highlight sentinels.
_UNINDEXABLE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f{SENTINELS}]")


# What a rebuilt document rewrites, thread or article (forum.search.knowledge).
DOCUMENT_FIELDS = [
    "is_public",
    "is_solved",
    "is_expert_verified",
    "kudos_count",
    "popularity",
    "last_activity_at",
    "title",
    "body",
    "replies",
    "title_length",
    "body_length",
    "replies_length",
    "vector",
    "token_ids",
    "indexed_at",
]


def index_thread(thread_id: int) -> None:
    """Bring the thread's search document up to date (title, visible posts, tags,
    solved, kudos), or delete it when the thread no longer exists."""
    index_threads([thread_id])


def index_threads(thread_ids: Iterable[int]) -> int:
    """Rebuild the documents of these threads in a few queries, with their engine
    index, meaning vectors, and the vocabulary's counts; returns how many documents
    were written. Call it inside the transaction that changed the threads."""
    ids = set(thread_ids)
    if not ids:
        return 0
    caching.forget_search_index()
    backend = get_backend()
    # Read (and on PostgreSQL lock) what the documents counted for before.
    before = backend.indexed_state(sorted(ids))
    threads = list(
        Thread.objects.filter(pk__in=ids).only(
            "pk",
            "board_id",
            "title",
            "is_hidden",
            "is_approved",
            "solution_post_id",
            "first_post_id",
            "accepted_as",
            "kudos_count",
            "last_activity_at",
        )
    )
    gone = ids - {thread.pk for thread in threads}
    if gone:
        # One by one through the ORM, so the engine and the vocabulary hear of each
        # (signals.py).
        ThreadDocument.objects.filter(thread_id__in=gone).delete()
    if not threads:
        return 0
    documents, fields, after = _documents(threads)
    ThreadDocument.objects.bulk_create(
        documents,
        update_conflicts=True,
        unique_fields=["thread"],
        update_fields=["board", *DOCUMENT_FIELDS],
    )
    backend.write(documents, fields)
    vocabulary.apply_changes(
        {pk: state for pk, state in before.items() if pk not in gone}, after
    )
    return len(documents)


def count_kudos(thread_id: int, *, delta: int) -> None:
    """Move the thread's document's kudos count (a boost in ranking) with the
    thread's own, in the same transaction."""
    ThreadDocument.objects.filter(thread_id=thread_id).update(
        kudos_count=F("kudos_count") + delta
    )
    caching.forget_search_index()


def forget_document(thread_id: int) -> None:
    """Take a document that is about to be deleted out of the vocabulary's counts
    (its engine row goes with it)."""
    backend = get_backend()
    before = backend.indexed_state([thread_id])
    vocabulary.apply_changes(before, {})
    backend.remove([thread_id])
    caching.forget_search_index()


def popularity(*, is_solved: bool, kudos_count: int) -> float:
    """The order in which a very common word's matches become candidates."""
    kudos = min(
        KUDOS_POPULARITY * math.log1p(max(kudos_count, 0)), KUDOS_POPULARITY_MAX
    )
    return 1.0 + (SOLVED_POPULARITY if is_solved else 0.0) + kudos


def plain_text(post_html: str) -> str:
    """A post's sanitised HTML as plain text, entities decoded, whitespace folded."""
    text = _ANY_TAG.sub("", _BLOCK_TAG.sub(" ", post_html or ""))
    return _clean(html.unescape(text))


def _clean(text: str) -> str:
    return " ".join(_UNINDEXABLE.sub(" ", text).split())


def _documents(
    threads: list[Thread],
) -> tuple[list[ThreadDocument], dict[int, tuple], dict[int, vocabulary.IndexedState]]:
    """The documents, their analysed fields, and what they count for."""
    lead_texts, reply_texts = _visible_post_texts(threads)
    tags = _tag_names(threads)
    model = semantic.get_model()
    documents, fields, states = [], {}, {}
    for thread in threads:
        question = lead_texts.get(thread.first_post_id, "")
        leads = [question]
        if thread.solution_post_id != thread.first_post_id:
            leads.append(lead_texts.get(thread.solution_post_id, ""))
        tag_text = " ".join(tags[thread.pk])[:TAGS_MAX_CHARS]
        # Tags last, so a snippet opens with the question rather than its labels,
        # and after capping, so a long question never pushes them out.
        # Each lead post gets half, so a long question cannot crowd out the answer.
        post_text = " ".join(_cap(text, BODY_MAX_CHARS // 2) for text in leads if text)
        body = f"{post_text} {tag_text}".strip()
        title = _clean(thread.title)
        replies = _cap(" ".join(reply_texts[thread.pk]), REPLIES_MAX_CHARS)
        analysed = tuple(analysis.terms(text) for text in (title, body, replies))
        is_public = not thread.is_hidden and thread.is_approved
        document = ThreadDocument(
            thread=thread,
            board_id=thread.board_id,
            is_public=is_public,
            is_solved=thread.is_solved,
            is_expert_verified=thread.is_solved and thread.is_expert_verified,
            kudos_count=thread.kudos_count,
            popularity=popularity(
                is_solved=thread.is_solved, kudos_count=thread.kudos_count
            ),
            last_activity_at=thread.last_activity_at,
            title=title,
            body=body,
            replies=replies,
            title_length=len(analysed[0]),
            body_length=len(analysed[1]),
            replies_length=len(analysed[2]),
            vector=_vector(model, title=title, question=question),
            token_ids=_tokens(model, title=title, question=question),
        )
        documents.append(document)
        fields[thread.pk] = analysed
        states[thread.pk] = vocabulary.IndexedState(
            is_public=is_public,
            terms={term for part in analysed for term in part},
            lengths=(len(analysed[0]), len(analysed[1]), len(analysed[2])),
            words=_words_by_term(title, body, replies) if is_public else {},
        )
    return documents, fields, states


def _vector(model, *, title: str, question: str) -> bytes | None:
    if model is None:
        return None
    return semantic.document_vector(model, title=title, question=question)


def _tokens(model, *, title: str, question: str) -> bytes | None:
    if model is None:
        return None
    return semantic.document_tokens(model, title=title, question=question)


def _words_by_term(*texts: str) -> dict[str, str]:
    """For each term, the first word of the text that gave it: what "Did you mean"
    shows for it."""
    words: dict[str, str] = {}
    for text in texts:
        for word in analysis.words(text):
            if word in analysis.STOP_WORDS or len(word) > analysis.MAX_TERM_LENGTH:
                continue
            words.setdefault(analysis.stem(word), word)
    return words


def _visible_post_texts(
    threads: list[Thread],
) -> tuple[dict[int, str], dict[int, list[str]]]:
    """Texts of visible lead posts (question, accepted answer) by post id, and of
    the first visible replies by thread id. Hidden posts are never indexed."""
    lead_ids = {
        pk
        for thread in threads
        for pk in (thread.first_post_id, thread.solution_post_id)
        if pk is not None
    }
    visible = Post.objects.public()
    leads = {
        pk: plain_text(body_html)
        for pk, body_html in visible.filter(pk__in=lead_ids).values_list(
            "pk", "body_html"
        )
    }
    replies = (
        visible.filter(thread__in=threads)
        .exclude(pk__in=lead_ids)
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("thread_id")],
                order_by=[F("created_at").asc(), F("id").asc()],
            )
        )
        .filter(position__lte=REPLIES_MAX_POSTS)
        .order_by("thread_id", "created_at", "id")
        .values_list("thread_id", "body_html")
    )
    by_thread: dict[int, list[str]] = defaultdict(list)
    for thread_id, body_html in replies:
        by_thread[thread_id].append(plain_text(body_html))
    return leads, by_thread


def _tag_names(threads: list[Thread]) -> dict[int, list[str]]:
    through = Thread.tags.through
    rows = through.objects.filter(
        content_type__app_label="forum",
        content_type__model="thread",
        object_id__in=[thread.pk for thread in threads],
    ).values_list("object_id", "tag__name")
    names: dict[int, list[str]] = defaultdict(list)
    for thread_id, name in rows:
        names[thread_id].append(_clean(name))
    return names


def _cap(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    # Cut at a word boundary so no half word is indexed.
    return text[:limit].rsplit(" ", 1)[0]


def index_missing(*, using: str = "default", batch_size: int = 200) -> int:
    """Index every thread without a search document, in batches of one transaction
    each; returns how many were indexed."""
    from django.db import transaction

    indexed, last_id = 0, 0
    while True:
        ids = list(
            Thread.objects.using(using)
            .filter(pk__gt=last_id, search_document__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return indexed
        with transaction.atomic(using=using):
            indexed += index_threads(ids)
        last_id = ids[-1]
