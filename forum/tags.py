"""What a tag may be: words in any script, stored in one normal form.

django-taggit slugs a tag with ``slugify(name, allow_unicode=True)``; the rules here
guarantee that slug is never empty, so every tag has a page and a working link."""

import unicodedata

from forum import limits

# Letters, digits and combining marks (the vowel signs of Devanagari or Thai, Arabic
# harakat) of any script; the zero-width (non-)joiners Persian and Indic scripts
# write inside words; spaces and a little punctuation.
JOINERS = frozenset("\u200c\u200d")
TAG_PUNCTUATION = frozenset(" &+._-") | JOINERS
ASCII_CONTROLS = {
    code: None for code in [*range(0x20), 0x7F] if not chr(code).isspace()
}


def normalise_tag(text: str) -> str:
    """A tag as stored: NFKC (so full-width and decomposed input match), lower case,
    single spaces, no control characters."""
    text = unicodedata.normalize("NFKC", str(text).translate(ASCII_CONTROLS))
    return " ".join(text.lower().split())


def is_valid_tag(tag: str) -> bool:
    """Whether a normalised tag fits: within the length limit, starting with a letter
    or a digit (so its slug is never empty), made only of the characters above."""
    if not tag or len(tag) > limits.TAG_MAX_LENGTH:
        return False
    if unicodedata.category(tag[0])[0] not in "LN":
        return False
    return all(
        unicodedata.category(char)[0] in "LNM" or char in TAG_PUNCTUATION
        for char in tag
    )
