"""PostgreSQL full-text search: the production engine.

Migration 0002 adds to the document table a generated ``search_vector`` column
(title weighted A, question and accepted answer B, other replies C) with a GIN index,
so the vector can never disagree with the row. User text reaches the engine only
through ``websearch_to_tsquery``, which has no syntax errors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import OperationalError, connection, transaction
from psycopg.errors import QueryCanceled

from forum.search.backends.base import (
    CANDIDATE_LIMIT,
    DOCUMENT_TABLE,
    MARK_END,
    MARK_START,
    Filters,
    Page,
    Row,
    SearchTimeout,
    filter_sql,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from forum.search.models import ThreadDocument
    from forum.search.query import ParsedQuery

# Migration 0002 builds the vector with this configuration; queries must match it.
TEXT_SEARCH_CONFIG = "english"
# ts_rank_cd weights for D, C, B, A: a title hit counts five times a question hit.
RANK_WEIGHTS = "{0.05, 0.1, 0.2, 1.0}"
# 1: divide by 1 + log(document length), so long threads do not win by volume.
RANK_NORMALIZATION = 1
TITLE_HEADLINE = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"
SNIPPET_HEADLINE = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=32, MinWords=12, "
    'ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "'
)

_CONFIG = f"'{TEXT_SEARCH_CONFIG}'::regconfig"
# The snippet comes from the question, accepted answer and tags, unless only the other
# replies match: then from the opening of those. ts_headline parses all the text it is
# given, so it is never handed a whole long thread.
SNIPPET_REPLIES_CHARS = 1500
_SNIPPET_SOURCE = (
    "CASE WHEN ts_filter(d.search_vector, '{{c}}') @@ {tsquery}"
    " AND NOT ts_filter(d.search_vector, '{{a,b}}') @@ {tsquery}"
    f" THEN left(d.replies, {SNIPPET_REPLIES_CHARS}) ELSE d.body END"
)


def tsquery_sql(query: ParsedQuery, *, match_any: bool = False) -> tuple[str, list]:
    """SQL for the tsquery and its parameters: the cleaned query through
    websearch_to_tsquery, or (to match any clause) each required clause's
    tsquery ORed together."""
    if match_any:
        clauses = [str(clause) for clause in query.required]
        parts = " || ".join([f"websearch_to_tsquery({_CONFIG}, %s)"] * len(clauses))
        return f"({parts})", clauses
    return f"websearch_to_tsquery({_CONFIG}, %s)", [query.text]


class PostgresBackend:
    """Search through the document table's generated tsvector column."""

    vendor = "postgresql"

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
        """Rank the most popular matches by ts_rank_cd times popularity; one
        statement, headlines only for the page's rows.

        The tsquery is written out wherever it is used rather than shared through a
        CTE, so the planner sees the words and can estimate how common they are:
        a rare word is found through the GIN index, a common one by walking the
        popularity index until enough documents match, which reads a few hundred
        rows instead of every match."""
        tsquery, query_params = tsquery_sql(query, match_any=match_any)
        conditions, filter_params = filter_sql(filters)
        params = [*query_params, *filter_params, CANDIDATE_LIMIT]
        params += [*query_params, limit, offset]
        if highlight:
            highlights = (
                f"ts_headline({_CONFIG}, d.title, {tsquery}, %s), "
                f"ts_headline({_CONFIG}, {_SNIPPET_SOURCE.format(tsquery=tsquery)},"
                f" {tsquery}, %s)"
            )
            params += [*query_params, TITLE_HEADLINE]
            params += [*query_params * 3, SNIPPET_HEADLINE]
        else:
            highlights = "NULL, NULL"
        sql = f"""
            WITH candidates AS (
                SELECT d.thread_id, d.popularity, d.last_activity_at, d.search_vector
                FROM {DOCUMENT_TABLE} d
                WHERE d.search_vector @@ {tsquery} AND d.is_public {conditions}
                ORDER BY d.popularity DESC, d.last_activity_at DESC, d.thread_id DESC
                LIMIT %s
            ),
            page AS (
                SELECT c.thread_id, c.last_activity_at,
                       ts_rank_cd('{RANK_WEIGHTS}'::float4[], c.search_vector,
                                  {tsquery}, {RANK_NORMALIZATION}) * c.popularity
                           AS rank
                FROM candidates c
                ORDER BY rank DESC, c.last_activity_at DESC, c.thread_id DESC
                LIMIT %s OFFSET %s
            )
            SELECT total.n, p.thread_id, p.rank, {highlights}
            FROM (SELECT count(*) AS n FROM candidates) total
            LEFT JOIN page p ON TRUE
            LEFT JOIN {DOCUMENT_TABLE} d ON d.thread_id = p.thread_id
            ORDER BY p.rank DESC, p.last_activity_at DESC, p.thread_id DESC
        """  # noqa: S608 -- only constants and placeholders are interpolated  # nosec B608
        fetched = _run_bounded(sql, params)
        return Page(
            total=fetched[0][0] if fetched else 0,
            rows=[
                Row(thread_id, float(rank), title=title or "", snippet=snippet or "")
                for _, thread_id, rank, title, snippet in fetched
                if thread_id is not None
            ],
        )

    def write(self, documents: Sequence[ThreadDocument]) -> None:
        """Nothing to do: the vector is a generated column of the document row."""

    def remove(self, thread_ids: Sequence[int]) -> None:
        """Nothing to do: the vector goes with the document row."""

    def prune(self) -> int:
        """Nothing to prune; the index lives in the document table."""
        return 0

    def optimize(self) -> None:
        """Refresh the planner's statistics on the documents after a rebuild: how
        common each word is decides between the word index and the popularity index,
        and a freshly filled table has no statistics until autovacuum comes by."""
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {DOCUMENT_TABLE}")


def _run_bounded(sql: str, params: list) -> list[tuple]:
    """Run the search with SEARCH_TIMEOUT_MS as the statement timeout (local to its
    own transaction or savepoint); raises SearchTimeout when PostgreSQL cancels it,
    so one pathological query cannot hold a worker and a connection."""
    timeout_ms = int(getattr(settings, "SEARCH_TIMEOUT_MS", 2000))
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if timeout_ms > 0:
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, true)",
                    [str(timeout_ms)],
                )
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
            if timeout_ms > 0:
                cursor.execute("SET LOCAL statement_timeout TO DEFAULT")
            return fetched
    except OperationalError as error:
        if isinstance(error.__cause__, QueryCanceled):
            raise SearchTimeout(f"Search cancelled after {timeout_ms} ms") from error
        raise
