"""The kinds of search document, and the one key space rankings use for them.

Threads and published knowledge articles are ranked together, on one scale, with
one vocabulary and one set of corpus totals. Each kind keeps its own document
table (and engine index: a tsvector column, or an FTS5 table); a ranking names a
document by an integer key: a thread by its id, an article by its id negated. The
key fits everything that ranks, caches and pins by id (the meaning vectors'
matrix, cached rankings, promotions) without a second id space.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# What a search result (or an answer linked from elsewhere) is, as the API names it.
DOCUMENT_KINDS = ("thread", "article")


@dataclass(frozen=True)
class Corpus:
    """One kind of document: its table, id column and SQLite FTS tables."""

    kind: str
    table: str
    id_column: str
    sign: int

    @property
    def fts_table(self) -> str:
        return f"{self.table}_fts"

    @property
    def fts_instance_table(self) -> str:
        return f"{self.table}_fts_instance"

    @property
    def fts_row_table(self) -> str:
        return f"{self.table}_fts_row"

    def key(self, pk: int) -> int:
        """The ranking key of this kind's document ``pk``."""
        return self.sign * pk

    def pk(self, key: int) -> int:
        """The document id behind a ranking key of this kind."""
        return self.sign * key

    def owns(self, key: int) -> bool:
        return key * self.sign > 0

    def pks(self, keys: Iterable[int]) -> list[int]:
        """The ids of this kind's documents among these keys, in order."""
        return [self.pk(key) for key in keys if self.owns(key)]


THREADS = Corpus("thread", "search_threaddocument", "thread_id", 1)
ARTICLES = Corpus("article", "search_articledocument", "article_id", -1)
CORPORA = (THREADS, ARTICLES)


def article_key(article_id: int) -> int:
    return ARTICLES.key(article_id)


def is_article_key(key: int) -> bool:
    return ARTICLES.owns(key)
