"""SQLite FTS5: the embedded default's search engine.

Documents are mirrored into an FTS5 table (``search_threaddocument_fts``, created by
migration 0002 on SQLite only, with Porter stemming like PostgreSQL's English
configuration) whose rowid is the thread id. Ranking is bm25 with the title weighted
highest, times the document's precomputed popularity.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection

from forum.search.backends.base import (
    CANDIDATE_LIMIT,
    DOCUMENT_TABLE,
    FIELD_SEPARATOR,
    MARK_END,
    MARK_START,
    Filters,
    Page,
    Row,
    filter_sql,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from forum.search.models import ThreadDocument
    from forum.search.query import Clause, ParsedQuery

FTS_TABLE = "search_threaddocument_fts"
# bm25 weights for title, body (question, accepted answer, tags) and replies. bm25
# saturates with repeated hits, so these give a title hit about twice the score of a
# hit in the question: near PostgreSQL's A and B weights in effect.
BM25_WEIGHTS = "10.0, 1.0, 0.5"
SNIPPET_TOKENS = 32

# The highlighted title, the best body fragment and the best replies fragment, in one
# scalar (FTS5's auxiliary functions only work in the SELECT that runs the MATCH).
_MARKS = f"char({ord(MARK_START)}), char({ord(MARK_END)})"
_SEPARATOR = f"char({ord(FIELD_SEPARATOR)})"
# FTS5's functions take the table's own name (its hidden column), never an alias.
# Only constants are interpolated; the MATCH string is a parameter.
_HIGHLIGHTS = (
    f"(SELECT highlight({FTS_TABLE}, 0, {_MARKS})"  # noqa: S608 - only constants and placeholders are interpolated  # nosec B608
    f" || {_SEPARATOR} || snippet({FTS_TABLE}, 1, {_MARKS}, '…', {SNIPPET_TOKENS})"
    f" || {_SEPARATOR} || snippet({FTS_TABLE}, 2, {_MARKS}, '…', {SNIPPET_TOKENS})"
    f" FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
    f" AND {FTS_TABLE}.rowid = p.thread_id)"
)


def quote(word: str) -> str:
    """An FTS5 string: inside double quotes nothing is syntax, and a quote is
    written twice."""
    return '"' + word.replace('"', '""') + '"'


def _clause(clause: Clause) -> str:
    # FTS5 tokenizes a quoted string as it tokenized the documents; several tokens
    # in one string make a phrase (so "wi-fi" finds "wi-fi" and "Wi Fi").
    return quote(clause.text)


def match_expression(query: ParsedQuery, *, match_any: bool = False) -> str:
    """The FTS5 MATCH string: every piece of text quoted, required clauses ANDed
    (or ORed, to match any), then each exclusion as NOT."""
    if match_any:
        return " OR ".join(_clause(clause) for clause in query.required)
    expression = " AND ".join(_clause(clause) for clause in query.required)
    for clause in query.excluded:
        expression = f"({expression}) NOT {_clause(clause)}"
    return expression


class SQLiteBackend:
    """Search through an FTS5 table kept beside the document table."""

    vendor = "sqlite"

    def search(
        self,
        query: ParsedQuery,
        filters: Filters,
        *,
        match_any: bool = False,
        limit: int,
        offset: int = 0,
        highlight: bool = True,
    ) -> Page:
        """Rank the most popular matches by bm25 times popularity; one statement."""
        expression = match_expression(query, match_any=match_any)
        conditions, params = filter_sql(filters)
        highlights = _HIGHLIGHTS if highlight else "NULL"
        sql = f"""
            WITH candidates AS (
                SELECT d.thread_id, d.last_activity_at,
                       -bm25({FTS_TABLE}, {BM25_WEIGHTS}) * d.popularity AS rank
                FROM {FTS_TABLE}
                JOIN {DOCUMENT_TABLE} d ON d.thread_id = {FTS_TABLE}.rowid
                WHERE {FTS_TABLE} MATCH %s AND d.is_public {conditions}
                ORDER BY d.popularity DESC, d.last_activity_at DESC, d.thread_id DESC
                LIMIT %s
            ),
            page AS (
                SELECT thread_id, rank, last_activity_at FROM candidates
                ORDER BY rank DESC, last_activity_at DESC, thread_id DESC
                LIMIT %s OFFSET %s
            )
            SELECT total.n, p.thread_id, p.rank, {highlights}
            FROM (SELECT count(*) AS n FROM candidates) total
            LEFT JOIN page p ON 1
            ORDER BY p.rank DESC, p.last_activity_at DESC, p.thread_id DESC
        """  # noqa: S608 -- only constants and placeholders are interpolated  # nosec B608
        params = [expression, *params, CANDIDATE_LIMIT, limit, offset]
        if highlight:
            params.append(expression)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        return Page(
            total=fetched[0][0] if fetched else 0,
            rows=[_row(*values) for _, *values in fetched if values[0] is not None],
        )

    def write(self, documents: Sequence[ThreadDocument]) -> None:
        """Replace these documents' rows in the FTS table."""
        if not documents:
            return
        self.remove([document.thread_id for document in documents])
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title, body, replies)"  # noqa: S608 - only constants and placeholders are interpolated  # nosec B608
                " VALUES (%s, %s, %s, %s)",
                [(d.thread_id, d.title, d.body, d.replies) for d in documents],
            )

    def remove(self, thread_ids: Sequence[int]) -> None:
        """Delete these threads' rows from the FTS table."""
        if not thread_ids:
            return
        placeholders = ", ".join(["%s"] * len(thread_ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({placeholders})",  # noqa: S608 - only constants and placeholders are interpolated  # nosec B608
                list(thread_ids),
            )

    def prune(self) -> int:
        """Delete FTS rows whose document is gone; returns how many."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {FTS_TABLE} WHERE rowid NOT IN"  # noqa: S608 - only constants and placeholders are interpolated  # nosec B608
                f" (SELECT thread_id FROM {DOCUMENT_TABLE})"
            )
            return max(cursor.rowcount, 0)

    def optimize(self) -> None:
        """Merge the FTS table's segments after a rebuild, so queries read one."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('optimize')"  # noqa: S608 - only constants are interpolated  # nosec B608
            )


def _row(thread_id: int, rank: float, highlights: str | None) -> Row:
    title, body, replies = ((highlights or "") + FIELD_SEPARATOR * 2).split(
        FIELD_SEPARATOR
    )[:3]
    return Row(thread_id, float(rank), title=title, snippet=_best(body, replies))


def _best(body: str, replies: str) -> str:
    """The fragment that shows a match; the question's opening when neither does."""
    if MARK_START in body or MARK_START not in replies:
        return body or replies
    return replies
