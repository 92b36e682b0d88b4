"""`make migration-check`: the migration linter, configured in pyproject.toml,
refuses a new migration that would lock a large table or break the code still
running during a deploy, and passes a safe one (on PostgreSQL, whose SQL it reads)."""

import shutil
import sys
import tomllib
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

BASE_DIR = Path(settings.BASE_DIR)
CONFIG = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())["tool"][
    "django_migration_linter"
]
PROJECT_PACKAGES = {"accounts", "community", "demo", "forum"}
PROBE_PACKAGE = "probe_migrations"
# A new migration of the reports app, after its real ones.
PROBE = """from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = {atomic}
    dependencies = [("reports", "0001_initial")]
    operations = [{operation}]
"""

pytestmark = pytest.mark.django_db


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the check reads the SQL PostgreSQL would run")


@pytest.fixture
def lint_new_migration(postgresql, settings, tmp_path, monkeypatch, capsys):
    """Lints one new migration made of an operation (source text) the way `make
    migration-check` does; returns whether it failed, and what it printed."""
    package = tmp_path / PROBE_PACKAGE
    shutil.copytree(
        BASE_DIR / "forum" / "reports" / "migrations",
        package,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in [name for name in sys.modules if name.startswith(PROBE_PACKAGE)]:
        monkeypatch.delitem(sys.modules, name)
    settings.MIGRATION_MODULES = {"reports": PROBE_PACKAGE}
    monkeypatch.chdir(BASE_DIR)  # where the linter finds pyproject.toml

    def lint(operation: str, *, atomic: bool = True) -> tuple[bool, str]:
        probe = PROBE.format(operation=operation, atomic=atomic)
        (package / "0002_probe.py").write_text(probe)
        try:
            call_command("lintmigrations", "reports", "0002_probe")
        except SystemExit as exit:
            return exit.code != 0, capsys.readouterr().out
        return False, capsys.readouterr().out

    yield lint
    for name in [name for name in sys.modules if name.startswith(PROBE_PACKAGE)]:
        del sys.modules[name]


@pytest.mark.parametrize(
    ("operation", "reason"),
    [
        (
            'migrations.AddField("reportsubscription", "paused", '
            "models.BooleanField(default=False))",
            "NOT NULL constraint on columns",
        ),
        (
            'migrations.RemoveField("reportsubscription", "created_at")',
            "DROPPING columns",
        ),
        (
            'migrations.RenameField("reportsubscription", "frequency", "cadence")',
            "RENAMING columns",
        ),
        (
            'migrations.AddIndex("reportsubscription", '
            'models.Index(fields=["created_at"], name="probe_created_idx"))',
            "CREATE INDEX locks table",
        ),
        (
            'migrations.AddConstraint("reportsubscription", models.UniqueConstraint('
            'fields=["user", "frequency"], name="probe_unique"))',
            "ADDING unique constraint",
        ),
    ],
)
def test_a_migration_that_locks_or_breaks_a_live_table_fails_the_check(
    lint_new_migration, operation, reason
):
    failed, output = lint_new_migration(operation)

    assert failed
    assert "(reports, 0002_probe)... ERR" in output
    assert reason in output


@pytest.mark.parametrize(
    "operation",
    [
        'migrations.AddField("reportsubscription", "paused", '
        "models.BooleanField(null=True))",
        'migrations.AddField("reportsubscription", "paused", '
        "models.BooleanField(db_default=False))",
        'migrations.CreateModel("Probe", [("id", models.BigAutoField('
        'primary_key=True)), ("at", models.DateTimeField(db_index=True))])',
    ],
)
def test_a_migration_safe_beside_the_running_code_passes(lint_new_migration, operation):
    failed, output = lint_new_migration(operation)

    assert not failed
    assert "Erroneous migrations: 0/1" in output


@pytest.mark.django_db(transaction=True)
def test_an_index_built_concurrently_passes(lint_new_migration):
    # Outside a transaction, as PostgreSQL requires of CREATE INDEX CONCURRENTLY.
    failed, _ = lint_new_migration(
        'AddIndexConcurrently("reportsubscription", '
        'models.Index(fields=["created_at"], name="probe_created_idx"))',
        atomic=False,
    )

    assert not failed


def test_every_migration_in_the_repository_passes(postgresql, monkeypatch, capsys):
    monkeypatch.chdir(BASE_DIR)

    call_command("lintmigrations")

    assert "Erroneous migrations: 0/" in capsys.readouterr().out


def test_the_check_covers_every_app_of_the_project_that_has_migrations():
    migrated = MigrationLoader(None, ignore_no_migrations=True).migrated_apps
    ours = {
        app.label
        for app in apps.get_app_configs()
        if app.name.split(".")[0] in PROJECT_PACKAGES and app.label in migrated
    }

    assert set(CONFIG["include_apps"]) == ours


def test_the_baseline_names_only_migrations_that_exist():
    on_disk = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    names = {name for app, name in on_disk if app in CONFIG["include_apps"]}

    assert set(CONFIG["ignore_name"]) <= names
