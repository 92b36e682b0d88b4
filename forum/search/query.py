"""Turning what a visitor typed into a small, safe query both engines understand.

The parser is the only place that reads user input. It keeps words (runs of letters
and digits in any script), "quoted phrases" and -exclusions, and nothing else, so no
engine ever sees its own operators unless a backend writes them itself.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12

# PostgreSQL's English stop words (tsearch_data/english.stop). PostgreSQL drops them
# from queries itself; dropping them here as well makes SQLite behave the same, and
# an all-stop-word query ("how do I") an empty one on both.
_STOP_WORDS_TEXT = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what
    which who whom this that these those am is are was were be been being have has had
    having do does did doing a an the and but if or because as until while of at by for
    with about against between into through during before after above below to from up
    down in out on off over under again further then once here there when where why how
    all any both each few more most other some such no nor not only own same so than too
    very s t can will just don should now
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

# A word is a run of letters and digits; underscores and everything else separate
# words, as they do in both engines' tokenisers.
_WORD = re.compile(r"[^\W_]+")
# A chunk is an optionally negated "quoted phrase" (an unclosed quote runs to the end)
# or a run of non-space characters.
_CHUNK = re.compile(r'(-?)"([^"]*)"?|(\S+)')
# Inside an unquoted chunk these join words into one token (wi-fi, nbn's, 2.4GHz,
# www.example.com, a/b) that each engine splits as it splits documents; any other
# punctuation separates clauses, as PostgreSQL's parser does: "near(exchange" is two
# required words, and "-modem:router" excludes both.
_SEPARATOR = re.compile(r"[^\w\-'’./@+]+")
_EDGE_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")


@dataclass(frozen=True)
class Clause:
    """A word, a punctuated token such as "wi-fi", or a quoted phrase, that must
    (or, when negated, must not) appear. The text holds no double quote, never
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
    """The cleaned query: required clauses, excluded clauses, and its canonical text."""

    clauses: tuple[Clause, ...] = ()

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
    return ParsedQuery(tuple(clauses))


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
