"""SQLite FTS5: the embedded default's search engine.

Public documents are mirrored into an FTS5 table (``search_threaddocument_fts``,
created by migration 0004 on SQLite only) whose rowid is the thread id and whose
three columns hold the analysed terms of ``forum.search.analysis``. Its
``fts5vocab`` tables give each term's occurrences per document and column (the
term frequencies BM25F needs) and each term's document count; a trigram-tokenized
FTS5 table over the vocabulary proposes corrections for misspelt words.

Every candidate of a query is read with its counts in one statement: this engine is
meant for communities of up to some tens of thousands of threads (the production
engine, PostgreSQL, caps the candidates of very common words).
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import TYPE_CHECKING

from django.db import connection

from forum.search.backends.base import Filters, Retrieval, filter_sql
from forum.search.documents import CORPORA, THREADS, Corpus
from forum.search.ranking import Candidate
from forum.search.vocabulary import IndexedState

if TYPE_CHECKING:
    from collections.abc import Sequence

    from forum.search.models import ThreadDocument

FTS_TABLE = THREADS.fts_table
TRIGRAM_TABLE = "search_term_trigrams"
TERM_TABLE = "search_searchterm"
COLUMNS = {"title": 0, "body": 1, "replies": 2}


def quote(text: str) -> str:
    """An FTS5 string: inside double quotes nothing is syntax, and a quote is
    written twice. Several terms in one string make a phrase."""
    return '"' + text.replace('"', '""') + '"'


class SQLiteBackend:
    """Search through an FTS5 table kept beside the document table."""

    vendor = "sqlite"

    def candidates(
        self, retrieval: Retrieval, filters: Filters, corpus: Corpus = THREADS
    ) -> list[Candidate]:
        """Public documents of the corpus holding any term, or named; filtered;
        with each term's counts per field."""
        frequencies = self._frequencies([t.term for t in retrieval.terms], corpus)
        ids = set(frequencies) | set(corpus.pks(retrieval.extra_ids))
        if not ids:
            return []
        fts, pk = corpus.fts_table, f"d.{corpus.id_column}"
        conditions, params = filter_sql(filters, corpus=corpus)
        for phrase in retrieval.phrases:
            conditions += (
                f" AND {pk} IN (SELECT rowid FROM {fts}"  # noqa: S608 - only constants and placeholders are interpolated  # nosec B608
                f" WHERE {fts} MATCH %s)"
            )
            params.append(quote(" ".join(phrase)))
        for phrase in retrieval.excluded:
            conditions += (
                f" AND {pk} NOT IN (SELECT rowid FROM {fts}"  # noqa: S608 - only constants and placeholders are interpolated  # nosec B608
                f" WHERE {fts} MATCH %s)"
            )
            params.append(quote(" ".join(phrase)))
        sql = (
            f"SELECT {pk}, d.title_length, d.body_length, d.replies_length,"  # noqa: S608 - only constants and placeholders are interpolated  # nosec B608
            " d.is_solved, d.is_expert_verified, d.kudos_count, d.token_ids"
            f" FROM {corpus.table} d"
            f" WHERE {pk} IN (SELECT value FROM json_each(%s))"
            f" AND d.is_public {conditions}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [json.dumps(sorted(ids)), *params])
            rows = cursor.fetchall()
        return [
            Candidate(
                key=corpus.key(pk),
                lengths=(title_n, body_n, replies_n),
                frequencies=frequencies.get(pk, {}),
                is_solved=bool(solved),
                is_expert_verified=bool(expert),
                kudos_count=kudos,
                token_ids=bytes(tokens) if tokens else None,
            )
            for pk, title_n, body_n, replies_n, solved, expert, kudos, tokens in rows
        ]

    @staticmethod
    def _frequencies(
        terms: list[str], corpus: Corpus
    ) -> dict[int, dict[str, tuple[int, int, int]]]:
        if not terms:
            return {}
        placeholders = ", ".join(["%s"] * len(terms))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT doc, col, term, count(*) FROM {corpus.fts_instance_table}"  # noqa: S608 - only constants and placeholders are interpolated  # nosec B608
                f" WHERE term IN ({placeholders}) GROUP BY doc, col, term",
                terms,
            )
            rows = cursor.fetchall()
        counts: dict[int, dict[str, list[int]]] = defaultdict(dict)
        for doc, column, term, count in rows:
            per_field = counts[doc].setdefault(term, [0, 0, 0])
            # PostgreSQL keeps at most 256 positions of a word per document.
            per_field[COLUMNS[column]] = min(count, 256)
        return {
            doc: {term: tuple(fields) for term, fields in by_term.items()}
            for doc, by_term in counts.items()
        }

    def indexed_state(
        self, ids: Sequence[int], corpus: Corpus = THREADS
    ) -> dict[int, IndexedState]:
        """What these documents count for now (SQLite writers take turns)."""
        if not ids:
            return {}
        pk = f"d.{corpus.id_column}"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {pk}, d.is_public, d.title_length, d.body_length,"  # noqa: S608 - only constants and placeholders are interpolated  # nosec B608
                " d.replies_length, f.title, f.body, f.replies"
                f" FROM {corpus.table} d LEFT JOIN {corpus.fts_table} f"
                f" ON f.rowid = {pk}"
                f" WHERE {pk} IN (SELECT value FROM json_each(%s))",
                [json.dumps(list(ids))],
            )
            rows = cursor.fetchall()
        return {
            pk: IndexedState(
                is_public=bool(public) and title is not None,
                terms=set(f"{title or ''} {body or ''} {replies or ''}".split()),
                lengths=(title_n, body_n, replies_n),
            )
            for pk, public, title_n, body_n, replies_n, title, body, replies in rows
        }

    def write(
        self,
        documents: Sequence[ThreadDocument],
        fields: dict,
        corpus: Corpus = THREADS,
    ) -> None:
        """Replace these documents' FTS rows; documents that are not public get
        none, so hidden text is not in the index at all."""
        if not documents:
            return
        self.remove([document.pk for document in documents], corpus)
        rows = [
            (document.pk, *(" ".join(part) for part in fields[document.pk]))
            for document in documents
            if document.is_public
        ]
        if rows:
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {corpus.fts_table} (rowid, title, body, replies)"  # noqa: S608 - only constants and placeholders are interpolated  # nosec B608
                    " VALUES (%s, %s, %s, %s)",
                    rows,
                )

    def remove(self, ids: Sequence[int], corpus: Corpus = THREADS) -> None:
        """Delete these documents' rows from the corpus's FTS table."""
        _delete_rows(corpus.fts_table, ids)

    def similar_terms(self, term: str, *, limit: int) -> list[tuple[str, int, str]]:
        """Vocabulary terms sharing the most trigrams with this one."""
        trigrams = {term[i : i + 3] for i in range(len(term) - 2)}
        if not trigrams:
            return []
        expression = " OR ".join(quote(trigram) for trigram in sorted(trigrams))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT t.term, t.doc_count, t.word FROM {TRIGRAM_TABLE}"  # noqa: S608 - only constants and placeholders are interpolated  # nosec B608
                f" JOIN {TERM_TABLE} t ON t.id = {TRIGRAM_TABLE}.rowid"
                f" WHERE {TRIGRAM_TABLE} MATCH %s AND t.doc_count > 0"
                f" ORDER BY bm25({TRIGRAM_TABLE}) LIMIT %s",
                [expression, limit],
            )
            return cursor.fetchall()

    def add_terms(self, terms: Sequence[str]) -> None:
        """Put new vocabulary terms into the trigram table."""
        if not terms:
            return
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {TRIGRAM_TABLE} (rowid, term)"  # noqa: S608 - only constants and placeholders are interpolated  # nosec B608
                f" SELECT t.id, t.term FROM {TERM_TABLE} t"
                " WHERE t.term IN (SELECT value FROM json_each(%s))"
                f" AND NOT EXISTS (SELECT 1 FROM {TRIGRAM_TABLE} g"
                " WHERE g.rowid = t.id)",
                [json.dumps(list(terms))],
            )

    def remove_terms(self, term_ids: Sequence[int]) -> None:
        """Take vocabulary terms out of the trigram table."""
        _delete_rows(TRIGRAM_TABLE, term_ids)

    def term_document_counts(self) -> dict[str, int]:
        """How many public documents (of every kind) hold each term, from the index
        itself."""
        counts: dict[str, int] = defaultdict(int)
        with connection.cursor() as cursor:
            for corpus in CORPORA:
                cursor.execute(f"SELECT term, doc FROM {corpus.fts_row_table}")  # noqa: S608 - only constants are interpolated  # nosec B608
                for term, documents in cursor.fetchall():
                    counts[term] += documents
        return dict(counts)

    def prune(self) -> int:
        """Delete FTS rows whose document is gone or not public; returns how many."""
        pruned = 0
        with connection.cursor() as cursor:
            for corpus in CORPORA:
                cursor.execute(
                    f"DELETE FROM {corpus.fts_table} WHERE rowid NOT IN"  # noqa: S608 - only constants and placeholders are interpolated  # nosec B608
                    f" (SELECT {corpus.id_column} FROM {corpus.table} WHERE is_public)"
                )
                pruned += max(cursor.rowcount, 0)
        return pruned

    def optimize(self) -> None:
        """Merge the FTS tables' segments after a rebuild, so queries read one."""
        with connection.cursor() as cursor:
            for table in (*(c.fts_table for c in CORPORA), TRIGRAM_TABLE):
                cursor.execute(
                    f"INSERT INTO {table} ({table}) VALUES ('optimize')"  # noqa: S608 - only constants are interpolated  # nosec B608
                )


def _delete_rows(table: str, rowids: Sequence[int]) -> None:
    if not rowids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table}"  # noqa: S608 - only constants and placeholders are interpolated  # nosec B608
            " WHERE rowid IN (SELECT value FROM json_each(%s))",
            [json.dumps(list(rowids))],
        )
