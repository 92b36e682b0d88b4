"""PostgreSQL full-text search: the production engine.

Each public document has a ``search_vector`` (title weighted A, question and
accepted answer B, other replies C) built with the ``simple`` configuration from
the terms of ``forum.search.analysis``, with a GIN index; the vocabulary has a
trigram GiST index for typo correction (migration 0004). User text never reaches
the engine: it sees analysed terms (letters and digits) through ``plainto_tsquery``
and ``phraseto_tsquery``, which have no syntax.

Term frequencies per field come from ``ts_rank`` with one field's weight at a time:
for a single term it is (1 + sum of 1/k² over that field's occurrences, k counted
across the document) / (pi²/6), so the counts can be read back exactly
(``_counts_from_ranks``). That costs a binary search in each candidate's vector,
where unnesting the vectors would expand every word of every candidate.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from itertools import accumulate
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import OperationalError, connection, transaction
from psycopg.errors import QueryCanceled

from community.replicas.router import read_connection
from forum.search.backends.base import (
    CANDIDATE_LIMIT,
    CANDIDATES_PER_TERM,
    COMMON_TERM_CANDIDATES,
    RANK_ALL_MATCHES_UP_TO,
    Filters,
    Retrieval,
    SearchTimeout,
    filter_sql,
)
from forum.search.documents import CORPORA, THREADS, Corpus
from forum.search.ranking import Candidate
from forum.search.vocabulary import IndexedState

if TYPE_CHECKING:
    from collections.abc import Sequence

    from forum.search.models import ThreadDocument

TEXT_SEARCH_CONFIG = "simple"
_CONFIG = f"'{TEXT_SEARCH_CONFIG}'::regconfig"
# ts_rank's weights are {D, C, B, A}: one field at a time.
_FIELD_WEIGHTS = ("'{0,0,0,1}'", "'{0,0,1,0}'", "'{0,1,0,0}'")
# For choosing a rare term's best documents: the title counts most.
_TERM_RANK_WEIGHTS = "'{0.05, 0.25, 0.5, 1.0}'"
_ZETA_2 = math.pi**2 / 6
# Candidates by words whose exact counts are read (those named by meaning or
# promotions come on top, up to as many again): with them, as many as the results
# ever show.
FIRST_STAGE_LIMIT = CANDIDATE_LIMIT // 2
TERM_TABLE = "search_searchterm"


def _term(term: str) -> str:
    return f"plainto_tsquery({_CONFIG}, {term})"


def _phrase(sql_param: str) -> str:
    return f"phraseto_tsquery({_CONFIG}, {sql_param})"


class PostgresBackend:
    """Search through the document table's tsvector column."""

    vendor = "postgresql"

    def candidates(
        self, retrieval: Retrieval, filters: Filters, corpus: Corpus = THREADS
    ) -> list[Candidate]:
        """Public documents of the corpus holding any term (capped per term), or
        matching all the typed terms, or named; filtered; with each term's counts
        per field."""
        table, pk = corpus.table, f"d.{corpus.id_column}"
        conditions, filter_params = filter_sql(filters, corpus=corpus)
        required, required_params = self._phrase_conditions(retrieval)
        conditions = f"{conditions} {required}"
        filter_params = [*filter_params, *required_params]
        sources, params = [], []
        for query_term in retrieval.terms:
            common = query_term.doc_count > RANK_ALL_MATCHES_UP_TO
            if common and query_term.source != "query":
                continue
            sql, term_params = self._term_source(
                query_term, conditions, filter_params, corpus
            )
            sources.append(sql)
            params += term_params
        if len(retrieval.typed_terms) > 1:
            # plainto_tsquery ANDs the words it is given.
            sources.append(
                f"(SELECT {pk} FROM {table} d"  # noqa: S608 - only constants and placeholders are interpolated  # nosec B608
                f" WHERE d.search_vector @@ {_term('%s')} AND d.is_public {conditions}"
                " ORDER BY d.popularity DESC, d.last_activity_at DESC,"
                f" {pk} DESC LIMIT %s)"
            )
            params += [
                " ".join(retrieval.typed_terms),
                *filter_params,
                COMMON_TERM_CANDIDATES,
            ]
        extra = corpus.pks(retrieval.extra_ids)
        if extra:
            sources.append("(SELECT unnest(%s::bigint[]))")
            params.append(extra)
        if not sources:
            return []
        first, first_params = self._first_stage(retrieval)
        ranks, rank_params = [], []
        for query_term in retrieval.terms:
            for weights in _FIELD_WEIGHTS:
                ranks.append(
                    f"ts_rank({weights}::float4[], d.search_vector, {_term('%s')})"
                )
                rank_params.append(query_term.term)
        rank_columns = "".join(f", {rank}" for rank in ranks)
        sql = f"""
            WITH c(doc_id) AS ({" UNION ".join(sources)}),
            kept AS (
                SELECT {pk} AS doc_id FROM c JOIN {table} d ON {pk} = c.doc_id
                WHERE d.is_public {conditions}
                ORDER BY {pk} = ANY(%s::bigint[]) DESC, {first} DESC, {pk} DESC
                LIMIT %s
            )
            SELECT {pk}, d.title_length, d.body_length, d.replies_length,
                   d.is_solved, d.is_expert_verified, d.kudos_count, d.token_ids
                   {rank_columns}
            FROM kept JOIN {table} d ON {pk} = kept.doc_id
        """  # noqa: S608 -- only constants and placeholders are interpolated  # nosec B608
        params = [
            *params,
            *filter_params,
            extra,
            *first_params,
            FIRST_STAGE_LIMIT + len(extra),
            *rank_params,
        ]
        rows = _run_bounded(sql, params)
        return [self._candidate(row, retrieval, corpus) for row in rows]

    @staticmethod
    def _first_stage(retrieval: Retrieval) -> tuple[str, list]:
        """A cheap score to keep the best candidates before their exact counts are
        read: each term's rank over the weighted fields, times its idf."""
        if not retrieval.terms:
            return "d.popularity", []
        parts, params = [], []
        for query_term in retrieval.terms:
            parts.append(
                f"%s * ts_rank({_TERM_RANK_WEIGHTS}::float4[], d.search_vector,"
                f" {_term('%s')})"
            )
            params += [query_term.weight * max(query_term.idf, 0.01), query_term.term]
        return "(" + " + ".join(parts) + ")", params

    @staticmethod
    def _term_source(query_term, conditions: str, filter_params: list, corpus: Corpus):
        """The subquery proposing one term's candidates, and its parameters."""
        pk = f"d.{corpus.id_column}"
        params = [query_term.term, *filter_params]
        limit = CANDIDATES_PER_TERM
        if query_term.doc_count <= CANDIDATES_PER_TERM:
            order = ""
        elif query_term.doc_count <= RANK_ALL_MATCHES_UP_TO:
            order = (
                f"ORDER BY ts_rank({_TERM_RANK_WEIGHTS}::float4[], d.search_vector,"
                f" {_term('%s')}) DESC, {pk} DESC"
            )
            params.append(query_term.term)
        else:
            order = f"ORDER BY d.popularity DESC, d.last_activity_at DESC, {pk} DESC"
            limit = COMMON_TERM_CANDIDATES
        sql = (
            f"(SELECT {pk} FROM {corpus.table} d"  # noqa: S608 - only constants and placeholders are interpolated  # nosec B608
            f" WHERE d.search_vector @@ {_term('%s')} AND d.is_public {conditions}"
            f" {order} LIMIT %s)"
        )
        return sql, [*params, limit]

    @staticmethod
    def _phrase_conditions(retrieval: Retrieval) -> tuple[str, list]:
        clauses, params = [], []
        for phrase in retrieval.phrases:
            clauses.append(f"AND d.search_vector @@ {_phrase('%s')}")
            params.append(" ".join(phrase))
        for phrase in retrieval.excluded:
            clauses.append(f"AND NOT d.search_vector @@ {_phrase('%s')}")
            params.append(" ".join(phrase))
        return " ".join(clauses), params

    @staticmethod
    def _candidate(row: tuple, retrieval: Retrieval, corpus: Corpus) -> Candidate:
        pk, title_n, body_n, replies_n, solved, expert, kudos, tokens = row[:8]
        ranks = row[8:]
        frequencies = {}
        for index, query_term in enumerate(retrieval.terms):
            counts = _counts_from_ranks(ranks[index * 3 : index * 3 + 3])
            if any(counts):
                frequencies[query_term.term] = counts
        return Candidate(
            key=corpus.key(pk),
            lengths=(title_n, body_n, replies_n),
            frequencies=frequencies,
            is_solved=solved,
            is_expert_verified=expert,
            kudos_count=kudos,
            token_ids=bytes(tokens) if tokens else None,
        )

    def indexed_state(
        self, ids: Sequence[int], corpus: Corpus = THREADS
    ) -> dict[int, IndexedState]:
        """What these documents count for now, their rows locked until the end of
        the transaction so that two indexers of one document take turns."""
        if not ids:
            return {}
        pk = corpus.id_column
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {pk}, is_public, tsvector_to_array(search_vector),"  # noqa: S608 - only constants and placeholders are interpolated  # nosec B608
                " title_length, body_length, replies_length"
                f" FROM {corpus.table} WHERE {pk} = ANY(%s)"
                f" ORDER BY {pk} FOR UPDATE",
                [list(ids)],
            )
            return {
                pk: IndexedState(
                    is_public=bool(public and terms is not None),
                    terms=set(terms or ()),
                    lengths=(title_n, body_n, replies_n),
                )
                for pk, public, terms, title_n, body_n, replies_n in cursor.fetchall()
            }

    def write(
        self,
        documents: Sequence[ThreadDocument],
        fields: dict,
        corpus: Corpus = THREADS,
    ) -> None:
        """Set each document's vector from its analysed fields (none when it is not
        public: hidden text is not in the index at all)."""
        rows = []
        for document in documents:
            title, body, replies = fields[document.pk]
            public = document.is_public
            rows.append(
                (
                    public,
                    " ".join(title),
                    " ".join(body),
                    " ".join(replies),
                    document.pk,
                )
            )
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {corpus.table} SET search_vector = CASE WHEN %s THEN"  # noqa: S608 - only constants and placeholders are interpolated  # nosec B608
                f" setweight(to_tsvector({_CONFIG}, %s), 'A')"
                f" || setweight(to_tsvector({_CONFIG}, %s), 'B')"
                f" || setweight(to_tsvector({_CONFIG}, %s), 'C') END"
                f" WHERE {corpus.id_column} = %s",
                rows,
            )

    def remove(self, ids: Sequence[int], corpus: Corpus = THREADS) -> None:
        """Nothing to do: the vector goes with the document row."""

    def similar_terms(self, term: str, *, limit: int) -> list[tuple[str, int, str]]:
        """Vocabulary terms nearest this one by trigrams (pg_trgm's distance,
        through the GiST index)."""
        with read_connection().cursor() as cursor:
            cursor.execute(
                f"SELECT term, doc_count, word FROM {TERM_TABLE}"  # noqa: S608 - only constants and placeholders are interpolated  # nosec B608
                " WHERE doc_count > 0 ORDER BY term <-> %s LIMIT %s",
                [term, limit],
            )
            return cursor.fetchall()

    def add_terms(self, terms: Sequence[str]) -> None:
        """Nothing to do: the trigram index follows the vocabulary table."""

    def remove_terms(self, term_ids: Sequence[int]) -> None:
        """Nothing to do: the trigram index follows the vocabulary table."""

    def term_document_counts(self) -> dict[str, int]:
        """How many public documents (of every kind) hold each term, from the index
        itself."""
        vectors = " UNION ALL ".join(
            f"SELECT search_vector FROM {corpus.table}"  # noqa: S608 - only constants are interpolated  # nosec B608
            " WHERE is_public AND search_vector IS NOT NULL"
            for corpus in CORPORA
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT word, ndoc FROM ts_stat(%s)", [vectors])
            return dict(cursor.fetchall())

    def prune(self) -> int:
        """Nothing to prune; the index lives in the document table."""
        return 0

    def optimize(self) -> None:
        """Refresh the planner's statistics after a rebuild: how common each word is
        decides between the word index and the popularity index."""
        with connection.cursor() as cursor:
            for corpus in CORPORA:
                cursor.execute(f"ANALYZE {corpus.table}")
            cursor.execute(f"ANALYZE {TERM_TABLE}")


def _counts_from_ranks(ranks: Sequence[float]) -> tuple[int, int, int]:
    """The occurrences per field of one term, from its three single-field ranks
    (see the module's docstring)."""
    counts, before = [], 0
    for rank in ranks:
        count = _count_from_rank(float(rank or 0.0), before)
        counts.append(count)
        before += count
    return counts[0], counts[1], counts[2]


# _SQUARES[m] = sum of 1/k² for k = 1 .. m (PostgreSQL keeps at most 256 positions
# of a word per document, so no field count exceeds that).
_SQUARES = list(accumulate((1.0 / k**2 for k in range(1, 514)), initial=0.0))


def _count_from_rank(rank: float, before: int) -> int:
    """The n for which (1 + sum of 1/k² for k = before+2 .. before+n) / zeta(2) is
    nearest the rank, for a field whose occurrences follow ``before`` earlier ones
    of the term; 0 for a zero rank."""
    if rank <= 1e-9:
        return 0
    # total(n) = 1 + _SQUARES[before + n] - _SQUARES[before + 1], rising in n.
    wanted = rank * _ZETA_2 - 1.0 + _SQUARES[before + 1]
    low, high = before + 1, min(before + 256, len(_SQUARES) - 1)
    index = bisect_left(_SQUARES, wanted, low, high)
    if index > low and wanted - _SQUARES[index - 1] <= _SQUARES[index] - wanted:
        index -= 1
    return index - before


def _run_bounded(sql: str, params: list) -> list[tuple]:
    """Run the search with SEARCH_TIMEOUT_MS as the statement timeout (local to its
    own transaction or savepoint); raises SearchTimeout when PostgreSQL cancels it,
    so one pathological query cannot hold a worker and a connection."""
    timeout_ms = int(getattr(settings, "SEARCH_TIMEOUT_MS", 2000))
    reader = read_connection()
    try:
        with transaction.atomic(using=reader.alias), reader.cursor() as cursor:
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
