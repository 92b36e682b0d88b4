"""docs/deploy.md's environment-variable reference is the settings' own source."""

import re
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from community.management.commands.settings_reference import environment_reads

DOC = Path(settings.BASE_DIR) / "docs" / "deploy.md"
SECTION = re.compile(
    r"<!-- settings-reference:start -->\n(.*?)<!-- settings-reference:end -->", re.S
)


def _command_output() -> str:
    out = StringIO()
    call_command("settings_reference", stdout=out)
    return out.getvalue()


def test_deploy_doc_reference_matches_the_settings_source():
    documented = SECTION.search(DOC.read_text())
    assert documented, "docs/deploy.md lacks the settings-reference markers"
    assert documented.group(1) == _command_output(), (
        "docs/deploy.md is out of date: paste `python manage.py settings_reference` "
        "between its settings-reference markers"
    )


def test_reference_lists_variables_from_every_settings_module():
    output = _command_output()
    for name in ("SECRET_KEY", "DATABASE_URL", "SSO_ONLY", "TRUSTED_PROXY_COUNT"):
        assert f"| `{name}` |" in output
    # Read through the helpers the settings hand `env` to.
    assert "| `AWS_STORAGE_BUCKET_NAME` |" in output


def test_read_shows_a_literal_default_and_the_comment_above_it():
    source = (
        "# --- Section ---\n"
        "# How long a thing waits,\n"
        "# in minutes.\n"
        "WAIT = env.int('THING_WAIT_MINUTES', default=30)\n"
    )

    [read] = environment_reads(source)

    assert read["name"] == "THING_WAIT_MINUTES"
    assert read["default"] == "`30`"
    assert read["meaning"] == "How long a thing waits, in minutes."


def test_read_marks_computed_and_empty_defaults():
    source = (
        "A = env.bool('A_FLAG', default=PRODUCTION)\n"
        "B = env.str('B_NAME', default='')\n"
        "C = env.str('C_NAME')\n"
    )

    reads = {read["name"]: read for read in environment_reads(source)}

    assert reads["A_FLAG"]["default"] == "computed: `PRODUCTION`"
    assert reads["A_FLAG"]["meaning"] == ""
    assert reads["B_NAME"]["default"] == "(empty)"
    assert reads["C_NAME"]["default"] == "(required)"


def test_reads_by_a_variable_name_or_on_another_object_are_left_out():
    source = (
        "for name in NAMES:\n"
        "    env.str(name, default='')\n"
        "other.str('NOT_ENV', default='')\n"
        "X = env.str('OUTER', default=env.str('INNER', default=''))\n"
    )

    assert [read["name"] for read in environment_reads(source)] == ["OUTER", "INNER"]
