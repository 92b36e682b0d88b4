"""The public documents' embeddings, held in each process for brute-force search.

A query's nearest threads by meaning are found by one matrix product over every
public thread's vector (50,000 threads: 50 MB and a few milliseconds), because a
paraphrase shares no word with its answer, so no word index can propose it.

The matrix follows the documents: a search first asks which documents were indexed
since the last look (an indexed query of ids and times, with an overlap for
transactions that committed late) and reads the vectors of those that changed; it
looks at most every ``SEARCH_VECTOR_REFRESH_SECONDS`` (a new thread is found by its
words at once, by its meaning within seconds); every
``SEARCH_VECTOR_RELOAD_SECONDS`` the matrix is read whole, which also forgets
deleted threads. Whatever it proposes is then checked
against the database with the search's filters, so a stale entry can only cost a
place among the candidates, never show a hidden thread.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import BigIntegerField, BooleanField, F, Value

from forum.search.documents import ARTICLES, THREADS
from forum.search.models import ArticleDocument, ThreadDocument
from forum.search.semantic import DIMENSIONS, vector_from_bytes

# A document indexed by a transaction that committed this long after it wrote its
# time is still picked up by the next read.
COMMIT_OVERLAP = timedelta(seconds=30)


@dataclass
class _Matrix:
    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    vectors: np.ndarray = field(
        default_factory=lambda: np.zeros((0, DIMENSIONS), dtype=np.float32)
    )
    boards: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    solved: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    row_of: dict[int, int] = field(default_factory=dict)
    # When each document held was indexed, to skip the unchanged ones in the overlap.
    indexed: dict[int, datetime] = field(default_factory=dict)
    seen_until: datetime | None = None
    loaded_at: float = 0.0
    looked_at: float = 0.0
    database: str = ""


_lock = threading.Lock()
_matrix = _Matrix()


def _database_name() -> str:
    return f"{connection.vendor}:{connection.settings_dict.get('NAME')}"


def _reload_seconds() -> float:
    return float(getattr(settings, "SEARCH_VECTOR_RELOAD_SECONDS", 300))


def _refresh_seconds() -> float:
    return float(getattr(settings, "SEARCH_VECTOR_REFRESH_SECONDS", 2))


def refresh() -> _Matrix:
    """The matrix, brought up to date with the document table."""
    global _matrix
    with _lock:
        now = time.monotonic()
        stale = (
            _matrix.database != _database_name()
            or now - _matrix.loaded_at > _reload_seconds()
        )
        if stale:
            _matrix = _load_all()
        elif now - _matrix.looked_at >= _refresh_seconds():
            _apply_changes(_matrix)
        _matrix.looked_at = now
        return _matrix


def reset() -> None:
    """Forget the matrix; the next search reads it whole (tests, after a rebuild)."""
    global _matrix
    with _lock:
        _matrix = _Matrix()


def nearest(
    query: np.ndarray, *, limit: int, board_id: int | None, solved_only: bool
) -> list[tuple[int, float]]:
    """The threads whose vectors are nearest the query's, best first, with their
    cosine similarity."""
    matrix = refresh()
    if not len(matrix.ids):
        return []
    scores = matrix.vectors @ query
    allowed = np.ones(len(scores), dtype=bool)
    if board_id is not None:
        # An article may name several boards: the engine's filters decide.
        allowed &= (matrix.boards == board_id) | (matrix.ids < 0)
    if solved_only:
        allowed &= matrix.solved
    scores = np.where(allowed, scores, -np.inf)
    count = min(limit, int(allowed.sum()))
    if count <= 0:
        return []
    top = np.argpartition(-scores, count - 1)[:count]
    top = top[np.argsort(-scores[top], kind="stable")]
    return [(int(matrix.ids[row]), float(scores[row])) for row in top]


def similarities(query: np.ndarray, keys: list[int]) -> dict[int, float]:
    """The cosine similarity of the query with each of these documents (ranking
    keys) that has a vector."""
    matrix = _matrix
    rows = [(pk, matrix.row_of[pk]) for pk in keys if pk in matrix.row_of]
    if not rows:
        return {}
    scores = matrix.vectors[[row for _, row in rows]] @ query
    return {pk: float(score) for (pk, _), score in zip(rows, scores, strict=True)}


def _rows(threads, articles, *, ordered: bool = False) -> list[tuple]:
    """(key, vector, board, solved, public, indexed at) of these thread and article
    documents (either may be None), in one query; an article is an answer and
    has no one board."""
    parts = []
    if threads is not None:
        parts.append(
            threads.filter(vector__isnull=False)
            .annotate(key=F("thread_id"))
            .values_list(
                "key", "vector", "board_id", "is_solved", "is_public", "indexed_at"
            )
        )
    if articles is not None:
        parts.append(
            articles.filter(vector__isnull=False)
            .annotate(
                key=F("article_id") * ARTICLES.sign,
                no_board=Value(0, output_field=BigIntegerField()),
                answer=Value(True, output_field=BooleanField()),
            )
            .values_list(
                "key", "vector", "no_board", "answer", "is_public", "indexed_at"
            )
        )
    if not parts:
        return []
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return list(rows.order_by("key") if ordered else rows)


def _changed_rows(matrix: _Matrix) -> list[tuple]:
    """The documents indexed since the last look whose time differs from the one
    held: keys and times first (threads and articles in one query), vectors only
    for those."""
    threads = ThreadDocument.objects.values_list(
        "thread_id", "indexed_at", Value(THREADS.sign)
    )
    articles = ArticleDocument.objects.values_list(
        "article_id", "indexed_at", Value(ARTICLES.sign)
    )
    if matrix.seen_until is not None:
        since = matrix.seen_until - COMMIT_OVERLAP
        threads = threads.filter(indexed_at__gte=since)
        articles = articles.filter(indexed_at__gte=since)
    changed: dict[int, list[int]] = {THREADS.sign: [], ARTICLES.sign: []}
    for pk, indexed_at, sign in threads.union(articles, all=True):
        if matrix.indexed.get(sign * pk) != indexed_at:
            changed[sign].append(pk)
    thread_ids, article_ids = changed[THREADS.sign], changed[ARTICLES.sign]
    return _rows(
        ThreadDocument.objects.filter(thread_id__in=thread_ids) if thread_ids else None,
        ArticleDocument.objects.filter(article_id__in=article_ids)
        if article_ids
        else None,
    )


def _load_all() -> _Matrix:
    rows = _rows(
        ThreadDocument.objects.filter(is_public=True),
        ArticleDocument.objects.filter(is_public=True),
        ordered=True,
    )
    matrix = _Matrix(database=_database_name(), loaded_at=time.monotonic())
    kept = [(row, vector_from_bytes(row[1])) for row in rows]
    kept = [(row, vector) for row, vector in kept if vector is not None]
    if kept:
        matrix.ids = np.array([row[0] for row, _ in kept], dtype=np.int64)
        matrix.vectors = np.vstack([vector for _, vector in kept])
        matrix.boards = np.array([row[2] for row, _ in kept], dtype=np.int64)
        matrix.solved = np.array([row[3] for row, _ in kept], dtype=bool)
        matrix.row_of = {pk: n for n, pk in enumerate(matrix.ids.tolist())}
        matrix.indexed = {row[0]: row[5] for row, _ in kept}
        matrix.seen_until = max(row[5] for row, _ in kept)
    return matrix


def _apply_changes(matrix: _Matrix) -> None:
    """Fold in the documents indexed since the last read: new ones appended,
    changed ones replaced, ones no longer public given a vector that matches
    nothing."""
    rows = _changed_rows(matrix)
    if not rows:
        return
    added_ids, added_vectors, added_boards, added_solved = [], [], [], []
    for pk, data, board_id, is_solved, is_public, indexed_at in rows:
        matrix.indexed[pk] = indexed_at
        vector = vector_from_bytes(data) if is_public else None
        if vector is None:
            vector = np.zeros(DIMENSIONS, dtype=np.float32)
        row = matrix.row_of.get(pk)
        if row is None:
            if not is_public:
                continue
            added_ids.append(pk)
            added_vectors.append(vector)
            added_boards.append(board_id)
            added_solved.append(is_solved)
            continue
        matrix.vectors[row] = vector
        matrix.boards[row] = board_id
        matrix.solved[row] = is_solved
    if added_ids:
        start = len(matrix.ids)
        matrix.ids = np.concatenate([matrix.ids, np.array(added_ids, dtype=np.int64)])
        matrix.vectors = np.vstack([matrix.vectors, np.vstack(added_vectors)])
        matrix.boards = np.concatenate(
            [matrix.boards, np.array(added_boards, dtype=np.int64)]
        )
        matrix.solved = np.concatenate(
            [matrix.solved, np.array(added_solved, dtype=bool)]
        )
        for offset, pk in enumerate(added_ids):
            matrix.row_of[pk] = start + offset
    newest = max(row[5] for row in rows)
    if matrix.seen_until is None or newest > matrix.seen_until:
        matrix.seen_until = newest
