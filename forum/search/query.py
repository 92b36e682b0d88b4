"""Turning what a visitor typed into a small, safe query both engines understand.

The parser is the only place that reads user input. It keeps words (runs of letters
and digits in any script), "quoted phrases" and -exclusions, and nothing else, so no
engine ever sees its own operators unless a backend writes them itself. Words are
optional (ranked retrieval: each helps, none is required); a quoted phrase must
appear; an excluded word or phrase must not.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from forum.search.analysis import STOP_WORDS
from forum.search.scripts import COMBINING_MARKS

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12

# Clauses of only stop words are dropped, so an all-stop-word query ("how do I") is
# an empty one on both engines.

# A word is a run of letters and digits; underscores and everything else separate
# words, as they do in both engines' tokenisers. Combining marks (Arabic's short
# vowels) belong to the word they sit on.
_WORD = re.compile(rf"[^\W_](?:[^\W_]|[{COMBINING_MARKS}])*")
# A chunk is an optionally negated "quoted phrase" (an unclosed quote runs to the end)
# or a run of non-space characters.
_CHUNK = re.compile(r'(-?)"([^"]*)"?|(\S+)')
# Inside an unquoted chunk these join words into one token (wi-fi, nbn's, 2.4GHz,
# www.example.com, a/b) that each engine splits as it splits documents; any other
# punctuation separates clauses, as PostgreSQL's parser does: "near(exchange" is two
# required words, and "-modem:router" excludes both.
_SEPARATOR = re.compile(rf"[^\w\-'’./@+{COMBINING_MARKS}]+")
_EDGE_PUNCTUATION = re.compile(rf"^[\W_]+|(?:[^\w{COMBINING_MARKS}]|_)+$")


@dataclass(frozen=True)
class Clause:
    """A word, a punctuated token such as "wi-fi", or a quoted phrase, wanted
    (or, when negated, excluded). The text holds no double quote, never
    starts with a dash and, unless quoted, holds no space or separating punctuation,
    so every engine reads it as one token or one phrase."""

    text: str
    negated: bool = False
    quoted: bool = False

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(_WORD.findall(self.text))

    def __str__(self) -> str:
        text = f'"{self.text}"' if self.quoted else self.text
        return f"-{text}" if self.negated else text


@dataclass(frozen=True)
class ParsedQuery:
    """The cleaned query: wanted clauses, excluded clauses, and its canonical text."""

    clauses: tuple[Clause, ...] = ()
    # The cleaned input without its exclusions, as typed (stop words and
    # punctuation kept): what the meaning of the query is read from.
    wanted_text: str = ""

    @property
    def required(self) -> tuple[Clause, ...]:
        return tuple(clause for clause in self.clauses if not clause.negated)

    @property
    def excluded(self) -> tuple[Clause, ...]:
        return tuple(clause for clause in self.clauses if clause.negated)

    @property
    def is_runnable(self) -> bool:
        """Only a query that asks for something runs: exclusions alone would match
        nearly every thread, which is neither useful nor cheap."""
        return bool(self.required)

    @property
    def text(self) -> str:
        return " ".join(str(clause) for clause in self.clauses)

    def __str__(self) -> str:
        return self.text


def clean_input(raw: object, *, keep: frozenset[str] = frozenset()) -> str:
    """The raw input as text: control and format characters (NUL included; any in
    ``keep`` excepted) become spaces, whitespace is collapsed, and the length is
    capped."""
    text = "" if raw is None else str(raw)
    text = "".join(
        " "
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp")
        and char not in keep
        else char
        for char in text[: MAX_QUERY_LENGTH * 4]
    )
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def parse_query(raw: object) -> ParsedQuery:
    """Parse user input into at most MAX_TERMS words of clauses; never raises."""
    clauses: list[Clause] = []
    seen: set[tuple] = set()
    budget = MAX_TERMS
    for clause in _clauses(clean_input(raw)):
        key = (clause.negated, clause.quoted, clause.text.lower())
        if key in seen:
            continue
        if len(clause.words) > budget:
            break
        seen.add(key)
        clauses.append(clause)
        budget -= len(clause.words)
    return ParsedQuery(tuple(clauses), wanted_text=_wanted_text(clean_input(raw)))


def _wanted_text(text: str) -> str:
    """The input without its excluded words and phrases."""
    kept = []
    for match in _CHUNK.finditer(text):
        dash, quoted, bare = match.groups()
        if dash == "-" or (bare or "").startswith("-"):
            continue
        kept.append(quoted if quoted is not None else bare)
    return " ".join(kept)


def _clauses(text: str) -> Iterator[Clause]:
    """Every significant clause in the cleaned input, in order."""
    for match in _CHUNK.finditer(text):
        dash, quoted, bare = match.groups()
        if quoted is not None:
            pieces, negated = [" ".join(quoted.split())], dash == "-"
        else:
            pieces, negated = _SEPARATOR.split(bare), bare.startswith("-")
        for piece in pieces:
            piece = _EDGE_PUNCTUATION.sub("", piece)
            if _has_significant_word(piece):
                yield Clause(piece, negated=negated, quoted=quoted is not None)


def _has_significant_word(text: str) -> bool:
    return any(word.lower() not in STOP_WORDS for word in _WORD.findall(text))
