"""Searching threads and knowledge articles: one engine behind every door (the
search page, the API and widget, the ask-a-question and contact-support
suggestions). Published articles are documents like threads, ranked on the same
scale (documents.py names them by one key).

A search: parse the input once (query.py); plan it against the vocabulary, with
corrections and synonyms (planning.py); ask the database's engine for candidates
and their term counts, and the in-process vectors for the threads nearest in
meaning (vectors.py); rank them (ranking.py) with the promotions and the learned
signal (learning.py); then load and highlight one page.
"""

from __future__ import annotations

import hashlib
from typing import NamedTuple

import numpy as np
from django.conf import settings
from django.db.models import F
from django.db.models.functions import Substr

from forum import caching
from forum.knowledge.models import Article, ArticleState
from forum.models import Board, Thread
from forum.search import semantic, vectors
from forum.search.backends import get_backend
from forum.search.backends.base import (
    CANDIDATE_LIMIT,
    Filters,
    Retrieval,
    SearchTimeout,
    highlight_html,
)
from forum.search.documents import ARTICLES, CORPORA, THREADS
from forum.search.highlight import mark_all, opening, snippet
from forum.search.planning import QueryPlan, plan_query
from forum.search.query import parse_query
from forum.search.ranking import Candidate, Scored, rank
from forum.search.results import SearchHit, SearchResults
from forum.tags import normalise_tag

MAX_PER_PAGE = 50
# Deeper pages than this hold nothing: only CANDIDATE_LIMIT results are ranked.
MAX_PAGE = CANDIDATE_LIMIT
TAG_MAX_LENGTH = 100
SIMILAR_MAX = 20
# Threads proposed by meaning alone, before the filters and the floor.
MEANING_CANDIDATES = 100
# The token match reads each candidate's tokens: past this many candidates, only the
# best by words and cosine get it and are ranked again, ahead of the rest. 50 holds
# both development collections' figures exactly as 200 did (every dev-hard query
# has more than 50 candidates), for a quarter of the work.
MEANING_RERANK_DEPTH = 50
# Suggestions prefer answers: a solved thread comes before an unsolved one unless
# the unsolved one scores this much better (a strict "solved first" would put a
# solved thread about something else above the question's own duplicate).
SUGGESTION_SOLVED_PREFERENCE = 0.1
SNIPPET_BODY_CHARS = 1500
SNIPPET_REPLIES_CHARS = 1000

__all__ = ["SearchTimeout", "search_threads", "suggest_answers", "suggest_threads"]


def search_threads(
    query: str,
    *,
    board: Board | int | None = None,
    solved_only: bool = False,
    tag: str | None = None,
    page: int = 1,
    per_page: int = 20,
    explain: bool = False,
) -> SearchResults:
    """Public threads and published articles that answer the query, best first,
    one page of them; an empty or unsearchable query gives empty results without
    running a search.
    ``explain`` keeps each hit's score parts. Never raises on odd input; raises
    SearchTimeout when the engine takes longer than SEARCH_TIMEOUT_MS."""
    parsed = parse_query(query)
    page = min(max(_as_int(page, 1), 1), MAX_PAGE)
    per_page = min(max(_as_int(per_page, 20), 1), MAX_PER_PAGE)
    results = SearchResults(query=parsed.text, page=page, per_page=per_page)
    if not parsed.is_runnable:
        return results
    plan = plan_query(parsed)
    results.suggestion = plan.suggestion
    if explain:
        results.meaning_status = semantic.model_status(query_read=plan.reads_meaning)
    if not plan.is_runnable:
        return results
    filters = Filters(
        board_id=board.pk if isinstance(board, Board) else _as_int(board, None),
        solved_only=bool(solved_only),
        tag=_clean_tag(tag),
    )
    everything = (
        ranked_documents(plan, filters) if explain else cached_ranking(plan, filters)
    )
    ranked = everything[:CANDIDATE_LIMIT]
    results.total = len(ranked)
    results.total_is_capped = len(everything) > CANDIDATE_LIMIT
    start = (page - 1) * per_page
    page_rows = ranked[start : start + per_page]
    results.has_next = start + per_page < len(ranked)
    results.hits = _hits(page_rows, plan, explain=explain)
    return results


def suggest_answers(text: str, *, limit: int = 5) -> list[SearchHit]:
    """Threads and articles that may already answer a draft question (its title),
    answers preferred (solved threads, articles); [] when the text asks for
    nothing or the search is slow."""
    parsed = parse_query(text)
    if not parsed.is_runnable:
        return []
    limit = min(max(_as_int(limit, 5), 1), SIMILAR_MAX)
    try:
        plan = plan_query(parsed)
        if not plan.is_runnable:
            return []
        ranked = cached_ranking(plan, Filters())
    except SearchTimeout:
        # Suggestions are a help, not the task: none rather than a slow page.
        return []
    preference = 1.0 + SUGGESTION_SOLVED_PREFERENCE
    ranked = sorted(
        ranked[: limit * 3],
        key=lambda row: (
            -row.score * (preference if row.is_solved and not row.promoted else 1.0)
        ),
    )
    ranked = [row for row in ranked if row.promoted] + [
        row for row in ranked if not row.promoted
    ]
    documents = _public_documents([row.key for row in ranked[:limit]])
    return [
        _plain_hit(documents[row.key], row)
        for row in ranked[:limit]
        if row.key in documents
    ]


def suggest_threads(text: str, *, limit: int = 5) -> list[Thread]:
    """The threads among ``suggest_answers`` (for callers that list threads
    only)."""
    return [hit.thread for hit in suggest_answers(text, limit=limit) if hit.thread]


class RankedDocument(NamedTuple):
    """What a cached ranking keeps of each result (the score's parts stay out: the
    staff's explanation ranks afresh). ``key``: documents.py."""

    key: int
    score: float
    promoted: bool
    is_solved: bool


def cached_ranking(plan: QueryPlan, filters: Filters) -> list[RankedDocument]:
    """``ranked_documents``, kept for SEARCH_RANKING_CACHE_SECONDS under everything
    the ranking read (the plan, with its synonyms, corrections, promotions and
    learned boosts, and the filters) and the search index's generation, which every
    document write renews. Rankings hold public threads only, so one viewer's can
    be served to another; the page still loads each thread and leaves out one
    hidden since."""
    seconds = settings.SEARCH_RANKING_CACHE_SECONDS

    def rank_now() -> list[RankedDocument]:
        return [
            RankedDocument(row.key, row.score, row.promoted, row.is_solved)
            for row in ranked_documents(plan, filters)
        ]

    if seconds <= 0:
        return rank_now()
    return caching.remember(
        [caching.SEARCH_INDEX],
        ("search", _ranking_key(plan, filters)),
        rank_now,
        timeout=seconds,
    )


def _ranking_key(plan: QueryPlan, filters: Filters) -> str:
    signals = plan.signals
    described = repr(
        (
            plan.terms,
            plan.typed_terms,
            plan.phrases,
            plan.excluded,
            plan.unmatched,
            plan.stats,
            plan.meaning_text,
            tuple(signals.promoted),
            sorted(signals.learned.items()),
            filters,
            _meaning_model(plan) is not None,
        )
    )
    return hashlib.sha256(described.encode()).hexdigest()


def ranked_documents(plan: QueryPlan, filters: Filters) -> list[Scored]:
    """Every candidate that answers the planned query, ranked (all of them, not a
    page): the engine's candidates by words, the nearest by meaning, promotions;
    threads and, when any is published, articles, on one scale."""
    model = _meaning_model(plan)
    query_vector = model.embed(plan.meaning_text) if model else None
    nearby = []
    if query_vector is not None and query_vector.any():
        nearby = vectors.nearest(
            query_vector,
            limit=MEANING_CANDIDATES,
            board_id=filters.board_id,
            solved_only=filters.solved_only,
        )
    signals = plan.signals
    retrieval = Retrieval(
        terms=tuple(plan.terms),
        typed_terms=plan.typed_terms,
        phrases=plan.phrases,
        excluded=plan.excluded,
        extra_ids=tuple(
            dict.fromkeys([pk for pk, _ in nearby] + list(signals.promoted))
        ),
    )
    corpora = CORPORA if plan.stats.articles > 0 else (THREADS,)
    backend = get_backend()
    candidates = [
        candidate
        for corpus in corpora
        for candidate in backend.candidates(retrieval, filters, corpus)
    ]

    def ranking(rows: list[Candidate]) -> list[Scored]:
        return rank(
            rows,
            plan.terms,
            plan.stats,
            use_meaning=model is not None,
            learned=signals.learned,
            promoted=list(signals.promoted),
            unmatched=plan.unmatched,
        )

    if model is None or query_vector is None:
        return ranking(candidates)
    cosines = vectors.similarities(query_vector, [c.key for c in candidates])
    for candidate in candidates:
        candidate.cosine = cosines.get(candidate.key)
        # Until the tokens are matched (below), the cosine stands in for them.
        candidate.token_match = candidate.cosine
    if len(candidates) <= MEANING_RERANK_DEPTH:
        _match_tokens(model, plan, candidates)
        return ranking(candidates)
    # Two stages: everything ranked with the cosine for the token match, then the
    # best MEANING_RERANK_DEPTH (and the promoted) ranked again with their tokens
    # matched, ahead of the rest in their first-stage order.
    preliminary = ranking(candidates)
    head_keys = {row.key for row in preliminary[:MEANING_RERANK_DEPTH]}
    head_keys.update(signals.promoted)
    head = [c for c in candidates if c.key in head_keys]
    _match_tokens(model, plan, head)
    return ranking(head) + [row for row in preliminary if row.key not in head_keys]


def _meaning_model(plan: QueryPlan) -> semantic.EmbeddingModel | None:
    """The embedding model, when it takes part in this query's ranking."""
    return semantic.get_model() if plan.reads_meaning else None


def _match_tokens(model, plan: QueryPlan, candidates: list[Candidate]) -> None:
    """Each candidate's token match: how well the query's words find their best
    counterparts among the document's (semantic.py)."""
    query_tokens = model.token_ids(
        semantic.content_words(plan.meaning_text), limit=semantic.QUERY_MAX_TOKENS
    )
    tokens = {c.key: semantic.tokens_from_bytes(c.token_ids) for c in candidates}
    vocabulary = np.unique(np.concatenate([np.zeros(0, np.uint16), *tokens.values()]))
    similarities = model.token_similarities(query_tokens, vocabulary)
    for candidate in candidates:
        candidate.token_match = model.token_match(
            similarities, vocabulary, tokens[candidate.key]
        )


def _hits(rows: list[Scored], plan: QueryPlan, *, explain: bool) -> list[SearchHit]:
    if not rows:
        return []
    documents = _public_documents([row.key for row in rows], with_text=True)
    terms = {query_term.term for query_term in plan.terms}
    for phrase in plan.phrases:
        terms.update(phrase)
    hits = []
    for row in rows:
        document = documents.get(row.key)
        if document is None:
            continue
        title = document.snippet_title or document.title
        body, replies = document.snippet_body or "", document.snippet_replies or ""
        text = snippet(body, terms) or snippet(replies, terms)
        hit = _plain_hit(document, row)
        hit.snippet = highlight_html(text or opening(body))
        hit.title_html = highlight_html(mark_all(title, terms))
        hit.explanation = row if explain else None
        hits.append(hit)
    return hits


def _plain_hit(document: Thread | Article, row: Scored | RankedDocument) -> SearchHit:
    is_article = isinstance(document, Article)
    return SearchHit(
        thread=None if is_article else document,
        article=document if is_article else None,
        snippet="",
        rank=row.score,
        promoted=row.promoted,
    )


def _public_documents(
    keys: list[int], *, with_text: bool = False
) -> dict[int, Thread | Article]:
    """The threads and articles behind these ranking keys, each with what its
    result shows (board, category; for snippets, the opening of its document's
    texts); one hidden or unpublished since it was last indexed is left out."""
    threads = _public_threads(THREADS.pks(keys), with_text=with_text)
    articles = _published_articles(ARTICLES.pks(keys), with_text=with_text)
    documents: dict[int, Thread | Article] = {
        THREADS.key(pk): thread for pk, thread in threads.items()
    }
    documents.update({ARTICLES.key(pk): article for pk, article in articles.items()})
    return documents


def _public_threads(ids: list[int], *, with_text: bool = False) -> dict[int, Thread]:
    """The threads by id, with their board (and, for snippets, the opening of
    their document's texts); a thread hidden since it was last indexed is left
    out, so a stale document never shows it."""
    if not ids:
        return {}
    threads = Thread.objects.select_related("board")
    if with_text:
        threads = threads.annotate(
            snippet_title=F("search_document__title"),
            snippet_body=Substr("search_document__body", 1, SNIPPET_BODY_CHARS),
            snippet_replies=Substr(
                "search_document__replies", 1, SNIPPET_REPLIES_CHARS
            ),
        )
    threads = threads.in_bulk(ids)
    return {
        pk: thread
        for pk, thread in threads.items()
        if not thread.is_hidden and thread.is_approved
    }


def _published_articles(
    ids: list[int], *, with_text: bool = False
) -> dict[int, Article]:
    """The published articles by id, with their category (and, for snippets, the
    opening of their document's texts)."""
    if not ids:
        return {}
    articles = Article.objects.select_related("category").filter(
        state=ArticleState.PUBLISHED
    )
    if with_text:
        articles = articles.annotate(
            snippet_title=F("search_document__title"),
            snippet_body=Substr("search_document__body", 1, SNIPPET_BODY_CHARS),
            snippet_replies=F("search_document__replies"),
        )
    return articles.in_bulk(ids)


def _clean_tag(tag: object) -> str | None:
    # In the form tags are stored in, so a name typed in another case or Unicode
    # normal form still matches.
    return normalise_tag(str(tag or ""))[:TAG_MAX_LENGTH] or None


def _as_int(value: object, default: int | None) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return default
