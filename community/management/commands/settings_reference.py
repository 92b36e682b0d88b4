"""Print the environment-variable reference for docs/deploy.md, read from the
settings' source, so the documentation cannot drift from what the code reads."""

import ast
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

# The settings package, and the helpers it passes its `env` reader to.
SOURCE_GLOBS = ("community/settings/*.py", "community/environment.py")
HEADER = "| variable | default | meaning | read in |\n|---|---|---|---|"


def source_files(base_dir: Path) -> list[Path]:
    return [path for pattern in SOURCE_GLOBS for path in sorted(base_dir.glob(pattern))]


def environment_reads(source: str) -> list[dict]:
    """Every ``env.<kind>("NAME", default=...)`` call in ``source``, in line order:
    its name, kind, default (shown as source text) and the comment right above the
    statement it is in (section rules, ``# ---``, excluded)."""
    tree = ast.parse(source)
    lines = source.splitlines()
    statement_start = {}
    for statement in ast.walk(tree):
        if isinstance(statement, ast.stmt):
            for node in ast.walk(statement):
                # The innermost statement wins: ast.walk visits outer ones first.
                statement_start[id(node)] = statement.lineno
    reads = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "env"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            continue
        default = next((k.value for k in node.keywords if k.arg == "default"), None)
        reads.append(
            {
                "name": node.args[0].value,
                "kind": node.func.attr,
                "default": _default_text(default),
                "meaning": _comment_above(lines, statement_start[id(node)]),
                "position": (node.lineno, node.col_offset),
            }
        )
    return sorted(reads, key=lambda read: read["position"])


def _default_text(node: ast.expr | None) -> str:
    if node is None:
        return "(required)"
    try:
        value = ast.literal_eval(node)
    except ValueError:
        return f"computed: `{ast.unparse(node)}`"
    if value == "" or value == []:
        return "(empty)"
    if isinstance(value, list):
        return f"`{','.join(map(str, value))}`"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{value}`"


def _comment_above(lines: list[str], statement_line: int) -> str:
    comment = []
    index = statement_line - 2
    while index >= 0 and lines[index].strip().startswith("#"):
        text = lines[index].strip().lstrip("#").strip()
        if text.startswith("---"):
            break
        comment.insert(0, text)
        index -= 1
    return " ".join(comment)


def reference_table(base_dir: Path) -> str:
    """The markdown table: one row per variable, at its first read."""
    rows, seen = [HEADER], set()
    for path in source_files(base_dir):
        module = path.relative_to(base_dir).as_posix()
        for read in environment_reads(path.read_text()):
            if read["name"] in seen:
                continue
            seen.add(read["name"])
            meaning = read["meaning"].replace("|", "\\|")
            rows.append(
                f"| `{read['name']}` | {read['default']} | {meaning} | `{module}` |"
            )
    return "\n".join(rows) + "\n"


class Command(BaseCommand):
    help = (
        "Print docs/deploy.md's table of the environment variables the settings read."
    )

    def handle(self, *args, **options):
        self.stdout.write(reference_table(Path(settings.BASE_DIR)), ending="")
