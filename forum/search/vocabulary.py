"""The index's vocabulary: how common each term is, the corpus totals BM25 needs,
and corrections for words that are not in it.

Counts are kept exact by the indexer, in the transaction that changes documents:
the terms a document gained or lost since it was last indexed move their counts
by one, in sorted order, so two indexers never wait on each other in a circle.
``recount`` rebuilds everything from the engine's index (after a bulk load).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection

from community.replicas.router import read_connection
from forum.search import scripts, semantic
from forum.search.backends import get_backend
from forum.search.learning import Signals
from forum.search.models import LearnedBoost, Promotion, SearchStats, SearchTerm
from forum.search.ranking import CorpusStats

TERM_TABLE = SearchTerm._meta.db_table
STATS_TABLE = SearchStats._meta.db_table
PROMOTION_TABLE = Promotion._meta.db_table
BOOST_TABLE = LearnedBoost._meta.db_table

# A word shorter than this, or holding a digit (model numbers: S22 is not S23),
# or written in another script than Latin, is never "corrected".
CORRECTION_MIN_LENGTH = 4
CORRECTION_CANDIDATES = 30
UPSERT_BATCH = 500


@dataclass
class IndexedState:
    """What one document contributes to the vocabulary and the totals."""

    is_public: bool = False
    terms: set[str] = field(default_factory=set)
    lengths: tuple[int, int, int] = (0, 0, 0)
    # A word each term stands for, for "Did you mean" (new documents only).
    words: dict[str, str] = field(default_factory=dict)

    @property
    def counted_terms(self) -> set[str]:
        return self.terms if self.is_public else set()

    @property
    def counted_lengths(self) -> tuple[int, int, int]:
        return self.lengths if self.is_public else (0, 0, 0)


def lookup(
    terms: Iterable[str], *, query_key: str = ""
) -> tuple[dict[str, int], CorpusStats, Signals]:
    """In one query: the document count of each term (absent: 0), the corpus
    totals, and the promotions and learned boosts of the query key."""
    wanted = sorted(set(terms))
    placeholders = ", ".join(["%s"] * len(wanted)) or "NULL"
    sql = (
        f"SELECT 't', term, doc_count, 0.0, 0.0, 0.0, 0 FROM {TERM_TABLE}"  # noqa: S608 - only constants and placeholders are interpolated  # nosec B608
        f" WHERE term IN ({placeholders})"
        " UNION ALL SELECT 's', '', documents, title_terms, body_terms,"
        f" replies_terms, articles FROM {STATS_TABLE} WHERE id = 1"
        # Promotions in the order they were made, by ranking key (an article's
        # id negated: forum.search.documents).
        " UNION ALL SELECT 'p', '', COALESCE(thread_id, -article_id), 0.0, 0.0,"
        " 0.0, id"
        f" FROM {PROMOTION_TABLE} WHERE query_key = %s"
        " UNION ALL SELECT 'l', '', thread_id, boost, helpful_visitors,"
        f" clicked_visitors, 0 FROM {BOOST_TABLE} WHERE query_key = %s"
    )
    counts: dict[str, int] = {}
    totals = (0, 0, 0, 0)
    articles = 0
    promoted, learned, evidence = [], {}, {}
    with read_connection().cursor() as cursor:
        cursor.execute(sql, [*wanted, query_key, query_key])
        for kind, term, number, a, b, c, order in cursor.fetchall():
            if kind == "t":
                counts[term] = max(int(number), 0)
            elif kind == "s":
                totals = (int(number), int(a), int(b), int(c))
                articles = max(int(order), 0)
            elif kind == "p":
                promoted.append((order, number))
            else:
                learned[number] = float(a)
                evidence[number] = (float(b), float(c))
    documents = max(totals[0], 0)
    averages = tuple(total / documents if documents else 1.0 for total in totals[1:])
    signals = Signals(
        promoted=tuple(pk for _, pk in sorted(promoted)),
        learned=learned,
        evidence=evidence,
    )
    stats = CorpusStats(
        documents=documents, average_lengths=averages, articles=articles
    )
    return counts, stats, signals


def correction(term: str, word: str) -> tuple[str, int, str] | None:
    """The vocabulary term nearest an unknown one (edit distance 1 for words up to
    five letters, 2 above; the most common wins a tie): (term, document count,
    word it stands for), or None. A word the embedding model knows as a whole
    token is taken as spelt right ("texts" is not "next"). Only Latin-script
    words are corrected: a Chinese bigram or an Arabic word one letter from
    another is a different word, not a typo."""
    if len(word) < CORRECTION_MIN_LENGTH or any(ch.isdigit() for ch in word):
        return None
    if not scripts.is_latin(word):
        return None
    model = semantic.get_model()
    if model is not None and model.knows_word(word):
        return None
    allowed = 1 if len(word) <= 5 else 2
    best = None
    for candidate, count, candidate_word in get_backend().similar_terms(
        term, limit=CORRECTION_CANDIDATES
    ):
        if count <= 0 or candidate == term:
            continue
        # Mostly by the words as spelt; by stems only when they are long enough
        # not to be another word one letter away ("pay" is not "say").
        distance = edit_distance(word, candidate_word)
        if distance > allowed and len(term) >= 5:
            distance = min(distance, edit_distance(term, candidate) + allowed - 1)
        if distance > allowed:
            continue
        key = (distance, -count, candidate)
        if best is None or key < best[0]:
            best = (key, (candidate, count, candidate_word))
    return best[1] if best else None


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment): a swap of two
    neighbouring letters ("recieve") counts as one edit."""
    if a == b:
        return 0
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def apply_changes(
    before: dict[int, IndexedState],
    after: dict[int, IndexedState],
    *,
    articles: bool = False,
) -> None:
    """Move the counts and totals from what these documents (of one kind: threads,
    or ``articles``) contributed to what they contribute now (a missing entry
    contributes nothing)."""
    deltas: Counter[str] = Counter()
    words: dict[str, str] = {}
    totals = [0, 0, 0, 0, 0]
    for thread_id in set(before) | set(after):
        old, new = before.get(thread_id), after.get(thread_id)
        old_terms = old.counted_terms if old else set()
        new_terms = new.counted_terms if new else set()
        for term in new_terms - old_terms:
            deltas[term] += 1
        for term in old_terms - new_terms:
            deltas[term] -= 1
        if new:
            words.update(new.words)
        totals[0] += int(bool(new and new.is_public)) - int(bool(old and old.is_public))
        for n in range(3):
            totals[n + 1] += (new.counted_lengths[n] if new else 0) - (
                old.counted_lengths[n] if old else 0
            )
    if articles:
        totals[4] = totals[0]
    changed = sorted(term for term, delta in deltas.items() if delta)
    for start in range(0, len(changed), UPSERT_BATCH):
        batch = changed[start : start + UPSERT_BATCH]
        _upsert([(term, deltas[term], words.get(term, term)) for term in batch])
    _forget_unused(sorted(term for term, delta in deltas.items() if delta < 0))
    if any(totals):
        _move_totals(totals)


def _forget_unused(terms: list[str]) -> None:
    """Delete terms no public document holds any more: the vocabulary keeps no
    word (a member's name, say) that the text no longer has."""
    for start in range(0, len(terms), UPSERT_BATCH):
        unused = list(
            SearchTerm.objects.filter(
                term__in=terms[start : start + UPSERT_BATCH], doc_count__lte=0
            ).values_list("pk", flat=True)
        )
        if unused:
            get_backend().remove_terms(unused)
            SearchTerm.objects.filter(pk__in=unused).delete()


def _upsert(rows: list[tuple[str, int, str]]) -> None:
    values = ", ".join(["(%s, %s, %s)"] * len(rows))
    params = [value for row in rows for value in row]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TERM_TABLE} (term, doc_count, word) VALUES {values}"  # noqa: S608 - only constants and placeholders are interpolated  # nosec B608
            " ON CONFLICT (term) DO UPDATE SET doc_count ="
            f" {TERM_TABLE}.doc_count + excluded.doc_count",
            params,
        )
    get_backend().add_terms([row[0] for row in rows if row[1] > 0])


def _move_totals(totals: list[int]) -> None:
    # An upsert, so the row comes back after a database flush.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {STATS_TABLE} (id, documents, title_terms, body_terms,"  # noqa: S608 - only constants and placeholders are interpolated  # nosec B608
            " replies_terms, articles) VALUES (1, %s, %s, %s, %s, %s)"
            " ON CONFLICT (id) DO UPDATE SET"
            f" documents = {STATS_TABLE}.documents + excluded.documents,"
            f" title_terms = {STATS_TABLE}.title_terms + excluded.title_terms,"
            f" body_terms = {STATS_TABLE}.body_terms + excluded.body_terms,"
            f" replies_terms = {STATS_TABLE}.replies_terms + excluded.replies_terms,"
            f" articles = {STATS_TABLE}.articles + excluded.articles",
            totals,
        )


def recount() -> None:
    """Count every term and total again from the engine's index and the documents."""
    from django.db.models import Count, Sum

    from forum.search.models import ArticleDocument, ThreadDocument

    totals = {"documents": 0, "title_terms": 0, "body_terms": 0, "replies_terms": 0}
    for model in (ThreadDocument, ArticleDocument):
        sums = model.objects.filter(is_public=True).aggregate(
            documents=Count("pk"),
            title_terms=Sum("title_length"),
            body_terms=Sum("body_length"),
            replies_terms=Sum("replies_length"),
        )
        for name in totals:
            totals[name] += sums[name] or 0
    articles = ArticleDocument.objects.filter(is_public=True).count()
    SearchStats.objects.update_or_create(
        pk=1, defaults={**totals, "articles": articles}
    )
    counts = get_backend().term_document_counts()
    SearchTerm.objects.update(doc_count=0)
    rows = sorted(counts.items())
    for start in range(0, len(rows), UPSERT_BATCH):
        batch = rows[start : start + UPSERT_BATCH]
        values = ", ".join(["(%s, %s, %s)"] * len(batch))
        params = [v for term, count in batch for v in (term, count, term)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {TERM_TABLE} (term, doc_count, word) VALUES {values}"  # noqa: S608 - only constants and placeholders are interpolated  # nosec B608
                " ON CONFLICT (term) DO UPDATE SET doc_count = excluded.doc_count",
                params,
            )
        get_backend().add_terms([term for term, _ in batch])
    unused = list(
        SearchTerm.objects.filter(doc_count__lte=0).values_list("pk", flat=True)
    )
    get_backend().remove_terms(unused)
    SearchTerm.objects.filter(pk__in=unused).delete()
