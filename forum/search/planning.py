"""From a parsed query to what the engine looks for: terms with weights, phrases,
exclusions, typo corrections and synonyms, and a "Did you mean" suggestion."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from forum.search import analysis, scripts, synonyms, vocabulary
from forum.search.learning import Signals
from forum.search.query import ParsedQuery
from forum.search.ranking import CorpusStats, QueryTerm, idf

# A corrected typo counts nearly as much as the word the visitor meant to type.
TYPO_WEIGHT = 0.8
# The parser keeps at most twelve words, but a Chinese word is a run of ideographs
# and counts its bigrams: a long question pasted without spaces is read up to here,
# so its cost stays that of a long English one (English never reaches it).
MAX_TYPED_TERMS = 24
# The words a suggestion may rewrite: never ideographs (only Latin-script words are
# corrected), so "iphnoe无法激活" rewrites "iphnoe" alone.
_LETTERS = f"[^\\W_{scripts.CJK_IDEOGRAPHS}]+"
_WORD = re.compile(f"{_LETTERS}(?:['’-]{_LETTERS})*")


@dataclass
class QueryPlan:
    """Everything the ranking needs to know about a query before any document."""

    parsed: ParsedQuery
    terms: list[QueryTerm] = field(default_factory=list)
    typed_terms: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[tuple[str, ...], ...] = ()
    stats: CorpusStats = field(default_factory=lambda: CorpusStats(0, (1.0,) * 3))
    # folded word typed -> the word it was corrected to
    corrections: dict[str, str] = field(default_factory=dict)
    key: str = ""
    # Promotions and learned boosts for the query's key.
    signals: Signals = field(default_factory=Signals)
    # Synonyms of the query's words, as written in their rules.
    synonym_phrases: tuple[str, ...] = ()
    # Typed terms no thread holds (and no correction found): part of what was
    # asked, so a thread holding the other words covers less of the query.
    unmatched: tuple[str, ...] = ()

    @property
    def is_runnable(self) -> bool:
        """Something to look for that the index holds: a query sharing no word with
        any thread finds nothing (the zero-result report stays honest)."""
        return bool(self.terms or self.phrases)

    @property
    def meaning_text(self) -> str:
        """The text whose meaning is compared with threads': what was asked for,
        as typed (its small words carry meaning too), without the exclusions, and
        the synonyms of its words ("dd" means little to the model, "direct debit"
        does)."""
        wanted = self.parsed.wanted_text or " ".join(
            clause.text for clause in self.parsed.required
        )
        return " ".join([wanted, *self.synonym_phrases])

    @property
    def reads_meaning(self) -> bool:
        """Whether the query's meaning takes part in its ranking. The embedding
        model learned English: for a query written mostly in another script
        (Chinese, Arabic) its vectors are noise that outweighs the words, so such
        a query is ranked by its words alone (tests/forum/search/multilingual.json
        measures both)."""
        words = list(analysis.words(self.meaning_text, query=True))
        latin = sum(1 for word in words if scripts.is_latin(word))
        return latin * 2 > len(words)

    @property
    def suggestion(self) -> str:
        """The query with its corrected words, or ''."""
        if not self.corrections:
            return ""
        return _WORD.sub(
            lambda m: self.corrections.get(analysis.fold(m.group()), m.group()),
            self.parsed.text,
        )


def plan_query(parsed: ParsedQuery) -> QueryPlan:
    """The plan for a parsed query: one query (the vocabulary, the totals, the
    promotions and learned boosts), one more per unknown word (its nearest terms),
    and the synonym rules when they are not cached; nothing when the query asks
    for nothing."""
    plan = QueryPlan(parsed=parsed, key=analysis.query_key(parsed.text))
    if not parsed.is_runnable:
        return plan
    typed: list[tuple[str, str]] = []
    phrases, excluded = [], []
    for clause in parsed.clauses:
        if clause.negated:
            terms = tuple(analysis.terms(clause.text, query=True))
            if terms:
                excluded.append(terms)
            continue
        pairs = analysis.surface_terms(clause.text)
        if clause.quoted and len(pairs) > 1:
            phrases.append(tuple(term for _, term in pairs))
        typed.extend(pairs)
    typed_terms = list(dict.fromkeys(term for _, term in typed))[:MAX_TYPED_TERMS]
    typed = [(word, term) for word, term in typed if term in typed_terms]
    expansion = synonyms.expansions([term for _, term in typed])
    extra = expansion.terms
    plan.synonym_phrases = expansion.phrases
    counts, plan.stats, plan.signals = vocabulary.lookup(
        [*typed_terms, *extra], query_key=plan.key
    )
    terms = [
        QueryTerm(term, 1.0, "query", counts[term])
        for term in typed_terms
        if counts.get(term)
    ]
    for word, term in typed:
        if counts.get(term) or word in plan.corrections:
            continue
        corrected = vocabulary.correction(term, word)
        if corrected and corrected[0] not in counts:
            counts[corrected[0]] = corrected[1]
            terms.append(QueryTerm(corrected[0], TYPO_WEIGHT, "typo", corrected[1]))
            plan.corrections[word] = corrected[2]
    known = {query_term.term for query_term in terms}
    terms += [
        QueryTerm(term, weight, "synonym", counts[term])
        for term, weight in extra.items()
        if counts.get(term) and term not in known
    ]
    plan.terms = [
        replace(term, idf=idf(term.doc_count, plan.stats.documents)) for term in terms
    ]
    plan.typed_terms = tuple(t for t in typed_terms if counts.get(t))
    corrected = {analysis.stem(word) for word in plan.corrections}
    plan.unmatched = tuple(
        t for t in typed_terms if not counts.get(t) and t not in corrected
    )
    plan.phrases = tuple(phrases)
    plan.excluded = tuple(excluded)
    return plan
