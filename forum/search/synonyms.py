"""Synonyms managers edit, applied at query time (an edit needs no reindexing).

A rule lists words or short phrases customers use for one thing. Two-way: a query
holding any of them also looks for the others. One-way: the first phrase also looks
for the rest ("dropping out" → "disconnecting"), not the other way round. Rules are
matched on analysed terms, so "Invoices" matches a rule written as "invoice".
Expansions are not chained: a synonym of a synonym is not added.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forum.search import analysis
from forum.search.models import Synonym

CACHE_KEY = "search:synonym-rules:v1"
CACHE_SECONDS = 3600
# Each term of an expansion counts for this much of a typed word, shared out
# between the terms of a multi-word phrase.
SYNONYM_WEIGHT = 0.6
MAX_PHRASE_WORDS = 4
MAX_PHRASES_PER_RULE = 200


@dataclass(frozen=True)
class Rule:
    # Each phrase as written and as analysed terms.
    phrases: tuple[tuple[str, tuple[str, ...]], ...]
    two_way: bool


@dataclass(frozen=True)
class Expansion:
    """What synonyms add to a query: weighted terms for the words, and the
    phrases as written, which the meaning of the query is read with."""

    terms: dict[str, float]
    phrases: tuple[str, ...]


def rules() -> list[Rule]:
    """Every rule, analysed; cached until a rule changes."""
    cached = cache.get(CACHE_KEY)
    if cached is None:
        cached = []
        for rule in Synonym.objects.only("phrases", "two_way"):
            written = [p for p in rule.phrase_list if analysis.terms(p, query=True)]
            phrases = tuple(
                (text, tuple(analysis.terms(text, query=True))) for text in written
            )
            cached.append((phrases, rule.two_way))
        cache.set(CACHE_KEY, cached, CACHE_SECONDS)
    return [Rule(phrases=phrases, two_way=two_way) for phrases, two_way in cached]


def forget_rules() -> None:
    """Drop the cached rules (after an edit)."""
    cache.delete(CACHE_KEY)


def analysed_phrases(phrases: list[str]) -> list[tuple[str, ...]]:
    """Each phrase as its analysed terms; phrases of only stop words drop out."""
    result = []
    for phrase in phrases:
        terms = tuple(analysis.terms(phrase, query=True))
        if terms and terms not in result:
            result.append(terms)
    return result


def expansions(terms: list[str]) -> Expansion:
    """What synonyms add to a query's terms (in order): for every rule phrase
    found in the query, the rule's other phrases."""
    extra: dict[str, float] = {}
    written: list[str] = []
    typed = set(terms)
    for rule in rules():
        sources = rule.phrases if rule.two_way else rule.phrases[:1]
        matched = {phrase for _, phrase in sources if _contains(terms, phrase)}
        if not matched:
            continue
        for text, phrase in rule.phrases:
            if phrase in matched or set(phrase) <= typed:
                continue
            written.append(text)
            weight = SYNONYM_WEIGHT / len(phrase)
            for term in phrase:
                if term not in typed:
                    extra[term] = max(extra.get(term, 0.0), weight)
    return Expansion(terms=extra, phrases=tuple(dict.fromkeys(written)))


def _contains(terms: list[str], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(
        tuple(terms[start : start + size]) == phrase
        for start in range(len(terms) - size + 1)
    )


def problems(phrases: list[str], *, two_way: bool, exclude_id: int | None) -> list[str]:
    """Why a rule cannot be saved (empty when it can): fewer than two phrases,
    too many, too long, only stop words, or one-way rules that would lead back
    to where they started."""
    errors = []
    if len(phrases) > MAX_PHRASES_PER_RULE:
        errors.append(
            ngettext(
                "A rule holds at most %(count)d synonym.",
                "A rule holds at most %(count)d synonyms.",
                MAX_PHRASES_PER_RULE,
            )
            % {"count": MAX_PHRASES_PER_RULE}
        )
    long = [p for p in phrases if len(p.split()) > MAX_PHRASE_WORDS]
    if long:
        errors.append(
            ngettext(
                "“%(phrase)s” is longer than %(count)d word: synonyms are words or "
                "short phrases.",
                "“%(phrase)s” is longer than %(count)d words: synonyms are words or "
                "short phrases.",
                MAX_PHRASE_WORDS,
            )
            % {"phrase": long[0], "count": MAX_PHRASE_WORDS}
        )
    empty = [p for p in phrases if not analysis.terms(p, query=True)]
    if empty:
        errors.append(
            _("“%(phrase)s” has only words search ignores (like “the” or “how”).")
            % {"phrase": empty[0]}
        )
    analysed = analysed_phrases(phrases)
    if len(analysed) < 2 and not errors:
        errors.append(_("A rule needs at least two different words or phrases."))
    if len(analysed) >= 2 and not errors:
        crowded = _too_many_synonyms(analysed, two_way=two_way, exclude_id=exclude_id)
        if crowded:
            written = next(
                (p for p in phrases if tuple(analysis.terms(p, query=True)) == crowded),
                " ".join(crowded),
            )
            errors.append(
                ngettext(
                    "“%(phrase)s” would have more than %(count)d synonym across "
                    "the rules.",
                    "“%(phrase)s” would have more than %(count)d synonyms across "
                    "the rules.",
                    MAX_PHRASES_PER_RULE,
                )
                % {"phrase": written, "count": MAX_PHRASES_PER_RULE}
            )
    loops = not two_way and len(analysed) >= 2 and not errors
    if loops and _one_way_loop(analysed, exclude_id=exclude_id):
        errors.append(
            _(
                "With the other one-way rules this one would lead from "
                "“%(phrase)s” back to itself; make one two-way rule instead."
            )
            % {"phrase": phrases[0].strip()}
        )
    return errors


def _too_many_synonyms(
    analysed: list[tuple[str, ...]], *, two_way: bool, exclude_id: int | None
) -> tuple[str, ...]:
    """A phrase of this rule that would expand to more than the limit, or ()."""
    expands: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    others = Synonym.objects.all()
    if exclude_id is not None:
        others = others.exclude(pk=exclude_id)
    rules = [(analysed_phrases(r.phrase_list), r.two_way) for r in others]
    for phrases, both_ways in [*rules, (analysed, two_way)]:
        sources = phrases if both_ways else phrases[:1]
        for source in sources:
            expands.setdefault(source, set()).update(p for p in phrases if p != source)
    for phrase in analysed:
        if len(expands.get(phrase, ())) > MAX_PHRASES_PER_RULE:
            return phrase
    return ()


def _one_way_loop(analysed: list[tuple[str, ...]], *, exclude_id: int | None) -> bool:
    """Whether a chain of one-way rules (this one included) leads from this rule's
    first phrase back to it."""
    edges: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    others = Synonym.objects.filter(two_way=False)
    if exclude_id is not None:
        others = others.exclude(pk=exclude_id)
    for rule in [*(analysed_phrases(r.phrase_list) for r in others), analysed]:
        if len(rule) >= 2:
            edges.setdefault(rule[0], set()).update(rule[1:])
    start = analysed[0]
    seen, frontier = set(), list(edges.get(start, ()))
    while frontier:
        phrase = frontier.pop()
        if phrase == start:
            return True
        if phrase in seen:
            continue
        seen.add(phrase)
        frontier.extend(edges.get(phrase, ()))
    return False
