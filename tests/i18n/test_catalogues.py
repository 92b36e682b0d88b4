"""The catalogues compile without GNU gettext, and a broken one fails the check
rather than a page."""

import gettext

import pytest
from django.conf import settings
from django.utils.translation import to_locale

from community.catalogues import (
    catalogue_files,
    catalogue_problems,
    compile_catalogue,
    read_catalogue,
)
from tests.i18n.extract import marked_messages

HEADER = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

"""


def catalogue(tmp_path, body: str):
    path = tmp_path / "zh_Hans" / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True)
    path.write_text(HEADER + body)
    return path


def test_a_complete_catalogue_compiles_to_what_gettext_reads(tmp_path):
    path = catalogue(
        tmp_path,
        """#, python-format
msgid "Moved to %(board)s."
msgstr "已移动到%(board)s。"

msgid "%(count)s reply"
msgid_plural "%(count)s replies"
msgstr[0] "%(count)s 条回复"
""",
    )

    assert catalogue_problems(path) == []
    with compile_catalogue(path).open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)
    assert translations.gettext("Moved to %(board)s.") == "已移动到%(board)s。"
    assert translations.ngettext("%(count)s reply", "%(count)s replies", 5) == (
        "%(count)s 条回复"
    )


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        (
            '#, python-format\nmsgid "Moved to %(board)s."\nmsgstr "移到%(bord)s"\n',
            "placeholder",
        ),
        ('msgid "Save"\nmsgstr ""\n', "is not translated"),
        ('#, fuzzy\nmsgid "Save"\nmsgstr "保存"\n', "is marked fuzzy"),
    ],
)
def test_a_broken_untranslated_or_fuzzy_entry_fails_the_check(tmp_path, entry, problem):
    problems = catalogue_problems(catalogue(tmp_path, entry))

    assert len(problems) == 1
    assert problem in problems[0]


# --- the project's own catalogues ------------------------------------------------


def test_every_offered_language_has_a_catalogue():
    offered = {to_locale(code) for code, _name in settings.LANGUAGES}
    assert {path.parts[-3] for path in catalogue_files()} == offered - {"en_AU"}


@pytest.mark.parametrize("path", catalogue_files(), ids=lambda path: path.parts[-3])
def test_the_catalogue_is_complete_and_sound(path):
    assert catalogue_problems(path) == []


@pytest.mark.parametrize("path", catalogue_files(), ids=lambda path: path.parts[-3])
def test_every_marked_message_is_in_the_catalogue(path):
    held = {
        (message.context, message.id if isinstance(message.id, str) else message.id[0])
        for message in read_catalogue(path)
        if message.id
    }
    missing = [
        f"{where}: {msgid!r}"
        for (context, msgid), where in marked_messages().items()
        if (context, msgid) not in held
    ]
    assert not missing, "Run `make messages` and translate:\n" + "\n".join(missing)
