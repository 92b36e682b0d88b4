"""The messages the code marks, read the way ``makemessages`` reads them.

``makemessages`` needs GNU gettext; this reads the same marks with Babel's Python
extractor (templates through Django's own ``templatize``), so the suite can tell,
on any machine, whether the catalogues hold every marked message.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from babel.messages.extract import extract
from django.utils.translation.template import templatize

from tests.i18n.lint import ROOT

# Django's makemessages keywords (django/core/management/commands/makemessages.py).
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
SOURCE_ROOTS = ["accounts", "community", "forum", "templates"]
SKIPPED_PARTS = {"migrations", "tests", "__pycache__"}


def _source_files():
    for root in SOURCE_ROOTS:
        for path in sorted((ROOT / root).rglob("*")):
            if path.suffix in {".py", ".html", ".txt"} and not (
                SKIPPED_PARTS & set(path.relative_to(ROOT).parts)
            ):
                yield path


def _python_source(path: Path) -> bytes:
    text = path.read_text()
    if path.suffix != ".py":
        # templatize writes for xgettext, which ignores indentation; Python's
        # tokenizer, under Babel's extractor, does not.
        text = templatize(text, origin=str(path))
        text = "\n".join(line.lstrip() for line in text.splitlines())
    return text.encode()


@cache
def marked_messages() -> dict[tuple[str | None, str], str]:
    """(context, message id) -> the first file that marks it."""
    found: dict[tuple[str | None, str], str] = {}
    for path in _source_files():
        messages = extract(
            "python", io.BytesIO(_python_source(path)), keywords=KEYWORDS
        )
        for _line, message, _comments, context in messages:
            msgid = message[0] if isinstance(message, tuple) else message
            if msgid:
                found.setdefault((context, msgid), str(path.relative_to(ROOT)))
    return found
