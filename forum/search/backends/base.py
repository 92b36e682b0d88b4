"""What every search backend shares: filters, result rows and safe highlighting."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from forum.search.documents import THREADS, Corpus

if TYPE_CHECKING:
    from collections.abc import Sequence

    from forum.search.models import ThreadDocument
    from forum.search.ranking import Candidate, QueryTerm
    from forum.search.vocabulary import IndexedState

# The engines wrap matches in these private-use characters instead of <mark>, so that
# the surrounding text can be HTML-escaped first and the marks added after. Indexed
# text never contains them (forum.search.indexing strips them).
MARK_START = "\ue000"
MARK_END = "\ue001"
FIELD_SEPARATOR = "\ue002"
SENTINELS = MARK_START + MARK_END + FIELD_SEPARATOR

_SENTINEL_SPLIT = re.compile(f"([{MARK_START}{MARK_END}])")
_SPACES = re.compile(r"\s{2,}")

DOCUMENT_TABLE = THREADS.table

# The ranked list is cut here: ten pages of twenty. Deeper pages hold nothing.
CANDIDATE_LIMIT = 200
# Per query term, at most this many documents are taken as candidates: all of them
# for a term this rare or rarer, else the best by that term alone (a rare term) or
# the most popular (a term so common that ranking its matches would read much of
# the corpus: then COMMON_TERM_CANDIDATES, and none for a synonym's or a corrected
# typo's common term, which only scores). Documents that match every typed term are
# taken too (COMMON_TERM_CANDIDATES of them, the most popular).
CANDIDATES_PER_TERM = 500
RANK_ALL_MATCHES_UP_TO = 5_000
COMMON_TERM_CANDIDATES = 200


class SearchTimeout(Exception):  # noqa: N818 - reads as "the search timed out"
    """The engine gave up after SEARCH_TIMEOUT_MS; the page says so kindly."""


@dataclass(frozen=True)
class Filters:
    """Restrictions on which public documents may match."""

    board_id: int | None = None
    solved_only: bool = False
    tag: str | None = None


@dataclass(frozen=True)
class Retrieval:
    """What the engine is asked for: documents holding any of the terms (or named
    in ``extra_ids``), holding every required phrase and none of the excluded
    ones, each with its term frequencies per field. Phrases are analysed terms."""

    terms: tuple[QueryTerm, ...] = ()
    # The typed terms, for the "matches them all" candidates.
    typed_terms: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[tuple[str, ...], ...] = ()
    extra_ids: tuple[int, ...] = ()


class SearchBackend(Protocol):
    """A database's full-text engine behind the one search interface."""

    def candidates(
        self, retrieval: Retrieval, filters: Filters, corpus: Corpus = THREADS
    ) -> list[Candidate]: ...

    def indexed_state(
        self, ids: Sequence[int], corpus: Corpus = THREADS
    ) -> dict[int, IndexedState]: ...

    def write(
        self,
        documents: Sequence[ThreadDocument],
        fields: dict,
        corpus: Corpus = THREADS,
    ) -> None: ...

    def remove(self, ids: Sequence[int], corpus: Corpus = THREADS) -> None: ...

    def similar_terms(self, term: str, *, limit: int) -> list[tuple[str, int, str]]: ...

    def add_terms(self, terms: Sequence[str]) -> None: ...

    def remove_terms(self, term_ids: Sequence[int]) -> None: ...

    def term_document_counts(self) -> dict[str, int]: ...

    def prune(self) -> int: ...

    def optimize(self) -> None: ...


def filter_sql(
    filters: Filters, *, solved: bool = False, corpus: Corpus = THREADS
) -> tuple[str, list]:
    """SQL conditions (each starting with AND) on the document alias ``d`` of this
    corpus. An article counts as an answer (solved), and is on every board it
    names."""
    from forum.knowledge.models import Article
    from forum.models import Thread

    is_article = corpus.kind == "article"
    model = Article if is_article else Thread
    clauses, params = [], []
    if filters.board_id is not None:
        if is_article:
            boards = Article.boards.through._meta.db_table
            clauses.append(
                f"AND d.article_id IN (SELECT ab.article_id FROM {boards} ab"  # noqa: S608 - only constants and placeholders are interpolated  # nosec B608
                " WHERE ab.board_id = %s)"
            )
        else:
            clauses.append("AND d.board_id = %s")
        params.append(filters.board_id)
    if (filters.solved_only or solved) and not is_article:
        clauses.append("AND d.is_solved")
    if filters.tag:
        through = model.tags.through
        tag_table = through._meta.get_field("tag").related_model._meta.db_table
        # Joined on the content type's natural key rather than its id, so no
        # ContentType lookup (and no cache-dependent query) happens per search.
        # Table names come from model metadata; the values are parameters.
        clauses.append(
            f"AND d.{corpus.id_column} IN ("  # noqa: S608 - only constants and placeholders are interpolated  # nosec B608
            f" SELECT ti.object_id FROM {through._meta.db_table} ti"
            f" JOIN {tag_table} tg ON tg.id = ti.tag_id"
            " JOIN django_content_type ct ON ct.id = ti.content_type_id"
            " WHERE ct.app_label = %s AND ct.model = %s"
            " AND (tg.slug = %s OR tg.name = %s))"
        )
        params += [
            model._meta.app_label,
            model._meta.model_name,
            slugify(filters.tag, allow_unicode=True),
            filters.tag,
        ]
    return " ".join(clauses), params


def highlight_html(raw: str | None) -> SafeString:
    """Escape engine output as HTML and turn its match sentinels into balanced
    <mark> elements."""
    parts, inside = [], False
    for piece in _SENTINEL_SPLIT.split(_SPACES.sub(" ", raw or "").strip()):
        if piece == MARK_START and not inside:
            parts.append("<mark>")
            inside = True
        elif piece == MARK_END and inside:
            parts.append("</mark>")
            inside = False
        elif piece not in (MARK_START, MARK_END):
            parts.append(escape(piece.replace(FIELD_SEPARATOR, " ")))
    if inside:
        parts.append("</mark>")
    return mark_safe("".join(parts))  # noqa: S308 -- text escaped; only marks added  # nosec B308 B703
