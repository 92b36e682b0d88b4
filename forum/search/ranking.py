"""Ranking: text relevance (BM25F), meaning (embeddings), and the thread's standing.

Every candidate gets:

- ``text``: BM25F over title, question-and-answer, and other replies. Each field's
  term frequency is normalised by that field's length against its average, the
  fields are weighted (title highest) and summed, and the sum is saturated once per
  term (k1), so repeating a word adds less and less. Every
  query term is optional and counts by its rarity (idf); synonyms and corrected
  typos count at a fraction of a typed word.
- ``meaning``: the embedding cosine of query and thread, and the mean best match of
  each query token among the thread's tokens (semantic.py).
- ``coverage``: the share of the query's informative words (weighted by idf) the
  thread holds, which counts more for a short keyword query ("esim not working")
  than for a long description, where meaning carries the query.
- ``relevance``: with meaning, ``TEXT_SHARE * text / (text + TEXT_HALF) +
  coverage_share * coverage + (rest) * meaning``, where ``coverage_share`` is
  ``COVERAGE_SHARE`` divided by the number of query words; without meaning,
  ``text`` alone (plain BM25F).
- boosts, multiplied in: solved, expert-verified, kudos (bounded), and the learned
  signal from deflection outcomes (bounded, learning.py). A solved thread therefore
  outranks an unsolved one that matches equally well, never a clearly better one.

The weights were chosen by measuring both development collections (docs/search.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from forum.search.documents import is_article_key

# BM25F.
K1 = 1.2
B = 0.75
FIELD_WEIGHTS = (2.0, 1.0, 0.5)  # title, question and accepted answer, replies
FIELD_NAMES = ("title", "body", "replies")

# Fusion of words and meaning.
TEXT_SHARE = 0.05
TEXT_HALF = 20.0
# The share of the query's informative words (by idf) that the thread holds counts
# for COVERAGE_SHARE divided by the number of typed terms: short keyword queries
# ("esim not working") lean on their words, long descriptions on meaning.
COVERAGE_SHARE = 0.1
COSINE_SHARE = 0.5  # of meaning; the rest is the token match

# Standing (multipliers on relevance).
SOLVED_BOOST = 0.03
EXPERT_BOOST = 0.01
KUDOS_BOOST = 0.005
KUDOS_BOOST_MAX = 0.02

# Candidates proposed by meaning alone (sharing no query term) are kept when their
# meaning is at least this share of the best candidate's.
MEANING_ONLY_FLOOR = 0.5


@dataclass(frozen=True)
class QueryTerm:
    """A term the ranking looks for: typed, a corrected typo, or a synonym."""

    term: str
    weight: float = 1.0
    source: str = "query"  # query | typo | synonym
    doc_count: int = 0
    # Its idf in the corpus searched (set by the plan; for the engine's first stage).
    idf: float = 1.0


@dataclass(frozen=True)
class CorpusStats:
    documents: int
    average_lengths: tuple[float, float, float]
    # How many of the documents are knowledge articles.
    articles: int = 0


@dataclass
class Candidate:
    """What the engine returned for one public document that passed the filters.
    ``key``: a thread's id, or an article's id negated (forum.search.documents)."""

    key: int
    lengths: tuple[int, int, int]
    # term -> occurrences in (title, body, replies)
    frequencies: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    is_solved: bool = False
    is_expert_verified: bool = False
    kudos_count: int = 0
    token_ids: bytes | None = None
    cosine: float | None = None
    token_match: float | None = None


@dataclass
class Scored:
    """A ranked candidate and the parts of its score, for the staff explain view."""

    candidate: Candidate
    text: float
    meaning: float | None
    relevance: float
    standing: float
    learned: float
    score: float
    promoted: bool = False
    term_scores: dict[str, float] = field(default_factory=dict)

    @property
    def key(self) -> int:
        return self.candidate.key

    @property
    def is_article(self) -> bool:
        return is_article_key(self.candidate.key)

    @property
    def is_solved(self) -> bool:
        return self.candidate.is_solved


def idf(doc_count: int, documents: int) -> float:
    """BM25's inverse document frequency (never negative)."""
    return math.log(1.0 + (documents - doc_count + 0.5) / (doc_count + 0.5))


def text_score(
    candidate: Candidate, terms: list[QueryTerm], stats: CorpusStats
) -> tuple[float, dict[str, float]]:
    """BM25F of the candidate for these terms, and each term's part of it."""
    parts: dict[str, float] = {}
    for query_term in terms:
        counts = candidate.frequencies.get(query_term.term)
        if not counts:
            continue
        weighted = 0.0
        for count, length, average, weight in zip(
            counts, candidate.lengths, stats.average_lengths, FIELD_WEIGHTS, strict=True
        ):
            if count:
                norm = 1.0 - B + B * length / max(average, 1.0)
                weighted += weight * count / norm
        if weighted <= 0:
            continue
        saturated = weighted * (K1 + 1.0) / (weighted + K1)
        score = query_term.weight * idf(query_term.doc_count, stats.documents)
        parts[query_term.term] = parts.get(query_term.term, 0.0) + score * saturated
    return sum(parts.values()), parts


def meaning_score(candidate: Candidate) -> float:
    """Meaning: cosine and token match (0 for a thread indexed without a vector,
    while the model was off)."""
    cosine = candidate.cosine if candidate.cosine is not None else 0.0
    match = candidate.token_match if candidate.token_match is not None else 0.0
    return COSINE_SHARE * cosine + (1.0 - COSINE_SHARE) * match


def standing_boost(candidate: Candidate) -> float:
    """The multiplier (minus one) for the thread's standing in the community."""
    kudos = min(
        KUDOS_BOOST * math.log1p(max(candidate.kudos_count, 0)), KUDOS_BOOST_MAX
    )
    return (
        (SOLVED_BOOST if candidate.is_solved else 0.0)
        + (EXPERT_BOOST if candidate.is_expert_verified else 0.0)
        + kudos
    )


def rank(
    candidates: list[Candidate],
    terms: list[QueryTerm],
    stats: CorpusStats,
    *,
    use_meaning: bool,
    learned: dict[int, float] | None = None,
    promoted: list[int] | None = None,
    unmatched: tuple[str, ...] = (),
) -> list[Scored]:
    """The candidates that answer the query, best first: promoted threads in their
    order, then by score. A candidate that shares no term with the query stays
    only when meaning proposes it strongly enough. ``unmatched``: typed terms no
    thread holds, which still count in the share of the query a thread covers."""
    learned = learned or {}
    informative = {
        t.term: t.weight * idf(t.doc_count, stats.documents)
        for t in terms
        if t.source != "synonym"
    }
    # Words no thread holds still count in what a thread should cover.
    informative.update({term: idf(0, stats.documents) for term in unmatched})
    scored = []
    for candidate in candidates:
        text, parts = text_score(candidate, terms, stats)
        meaning = meaning_score(candidate) if use_meaning else None
        relevance = _relevance(text, parts, meaning, informative)
        standing = standing_boost(candidate)
        boost = learned.get(candidate.key, 0.0)
        scored.append(
            Scored(
                candidate=candidate,
                text=text,
                meaning=meaning,
                relevance=relevance,
                standing=standing,
                learned=boost,
                score=relevance * (1.0 + standing + boost),
                term_scores=parts,
            )
        )
    scored = _drop_weak_meaning_only(scored, keep=set(promoted or []))
    scored.sort(key=lambda s: (-s.score, -s.key))
    return _promoted_first(scored, promoted or [])


def _relevance(
    text: float,
    parts: dict[str, float],
    meaning: float | None,
    informative: dict[str, float],
) -> float:
    """Words alone, or words, the query's informative words covered, and meaning."""
    if meaning is None:
        return text
    coverage_share = COVERAGE_SHARE / max(len(informative), 1)
    covered = sum(weight for term, weight in informative.items() if term in parts)
    return (
        TEXT_SHARE * text / (text + TEXT_HALF)
        + coverage_share * covered / (sum(informative.values()) or 1.0)
        + (1.0 - TEXT_SHARE - coverage_share) * max(meaning, 0.0)
    )


def _drop_weak_meaning_only(scored: list[Scored], *, keep: set[int]) -> list[Scored]:
    best_meaning = max((s.meaning or 0.0 for s in scored), default=0.0)
    floor = MEANING_ONLY_FLOOR * best_meaning
    return [
        s
        for s in scored
        if s.text > 0
        or s.key in keep
        or (s.meaning is not None and s.meaning >= floor and s.meaning > 0)
    ]


def _promoted_first(scored: list[Scored], promoted: list[int]) -> list[Scored]:
    if not promoted:
        return scored
    by_id = {s.key: s for s in scored}
    pinned = [by_id[pk] for pk in promoted if pk in by_id]
    for entry in pinned:
        entry.promoted = True
    return pinned + [s for s in scored if not s.promoted]
