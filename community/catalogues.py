"""The translation catalogues: compiled with Babel, checked before they are served.

Django reads compiled ``.mo`` files, which are build products and not kept in the
repository; ``compile_translations`` (run by ``make run``, the test suite and a
deployment) writes them from the ``.po`` catalogues without needing GNU gettext. A
catalogue whose translation drops or renames a placeholder would raise when the text
is formatted, so such a translation fails the check instead of a page.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "django"


def catalogue_files() -> list[Path]:
    return sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read_catalogue(path: Path) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, locale=path.parts[-3], domain=DOMAIN)


def compile_catalogue(path: Path) -> Path:
    """Write ``path``'s ``.mo`` beside it, atomically: parallel test workers and a
    running site may compile or read the same file at once."""
    target = path.with_suffix(".mo")
    catalogue = read_catalogue(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".mo.tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            write_mo(out, catalogue, use_fuzzy=False)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def compile_catalogues(only_stale: bool = False) -> list[Path]:
    """Compile every catalogue (or those newer than their ``.mo``); the ones written."""
    written = []
    for path in catalogue_files():
        target = path.with_suffix(".mo")
        stale = not target.exists() or target.stat().st_mtime < path.stat().st_mtime
        if stale or not only_stale:
            written.append(compile_catalogue(path))
    return written


def catalogue_problems(path: Path) -> list[str]:
    """What would make this catalogue wrong to serve: untranslated or fuzzy entries,
    a plural without all its forms, placeholders that differ from the original."""
    catalogue = read_catalogue(path)
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        original = message.id if isinstance(message.id, str) else message.id[0]
        where = f"{path.parts[-3]}: {original!r}"
        translations = message.string
        if isinstance(translations, str):
            translations = [translations]
        if message.fuzzy:
            problems.append(f"{where} is marked fuzzy")
        elif not all(translations):
            problems.append(f"{where} is not translated")
        for error in message.check(catalogue):
            problems.append(f"{where}: {error}")
    return problems
