"""What every search backend shares: filters, result rows and safe highlighting."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

if TYPE_CHECKING:
    from collections.abc import Sequence

    from forum.search.models import ThreadDocument
    from forum.search.query import ParsedQuery

# The engines wrap matches in these private-use characters instead of <mark>, so that
# the surrounding text can be HTML-escaped first and the marks added after. Indexed
# text never contains them (forum.search.indexing strips them).
MARK_START = "\ue000"
MARK_END = "\ue001"
FIELD_SEPARATOR = "\ue002"
SENTINELS = MARK_START + MARK_END + FIELD_SEPARATOR

_SENTINEL_SPLIT = re.compile(f"([{MARK_START}{MARK_END}])")
_SPACES = re.compile(r"\s{2,}")

DOCUMENT_TABLE = "search_threaddocument"

# How many matches, chosen by popularity, are ranked by text relevance. Ranking reads
# each document's text, so bounding it keeps a common word cheap on a large forum.
CANDIDATE_LIMIT = 200


class SearchTimeout(Exception):  # noqa: N818 - reads as "the search timed out"
    """The engine gave up after SEARCH_TIMEOUT_MS; the page says so kindly."""


@dataclass(frozen=True)
class Filters:
    """Restrictions on which public documents may match."""

    board_id: int | None = None
    solved_only: bool = False
    tag: str | None = None


@dataclass(frozen=True)
class Row:
    """One ranked match, with the engine's raw (sentinel-marked) highlights."""

    thread_id: int
    rank: float
    title: str = ""
    snippet: str = ""


@dataclass(frozen=True)
class Page:
    """A page of ranked matches and how many candidates there were in all."""

    total: int
    rows: list[Row] = field(default_factory=list)


class SearchBackend(Protocol):
    """A database's full-text engine behind the one search interface."""

    def search(
        self,
        query: ParsedQuery,
        filters: Filters,
        *,
        match_any: bool = False,
        limit: int,
        offset: int = 0,
        highlight: bool = True,
    ) -> Page: ...

    def write(self, documents: Sequence[ThreadDocument]) -> None: ...

    def remove(self, thread_ids: Sequence[int]) -> None: ...

    def prune(self) -> int: ...

    def optimize(self) -> None: ...


def filter_sql(filters: Filters, *, solved: bool = False) -> tuple[str, list]:
    """SQL conditions (each starting with AND) on the document alias ``d``."""
    from forum.models import Thread

    clauses, params = [], []
    if filters.board_id is not None:
        clauses.append("AND d.board_id = %s")
        params.append(filters.board_id)
    if filters.solved_only or solved:
        clauses.append("AND d.is_solved")
    if filters.tag:
        through = Thread.tags.through
        tag_table = through._meta.get_field("tag").related_model._meta.db_table
        # Joined on the content type's natural key rather than its id, so no
        # ContentType lookup (and no cache-dependent query) happens per search.
        # Table names come from model metadata; the values are parameters.
        clauses.append(
            "AND d.thread_id IN ("  # noqa: S608 - only constants and placeholders are interpolated  # nosec B608
            f" SELECT ti.object_id FROM {through._meta.db_table} ti"
            f" JOIN {tag_table} tg ON tg.id = ti.tag_id"
            " JOIN django_content_type ct ON ct.id = ti.content_type_id"
            " WHERE ct.app_label = %s AND ct.model = %s"
            " AND (tg.slug = %s OR tg.name = %s))"
        )
        params += [
            "forum",
            "thread",
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
