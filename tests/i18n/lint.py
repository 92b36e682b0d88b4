"""Finds user-facing text that is not marked for translation.

A template's text and its people-facing attributes (title, alt, placeholder,
aria-label, a button's value, the page description) must come from a translate tag;
in Python, literal text handed to the places that show it to people (messages,
validation and permission errors, form and model labels, choice labels, API error
details, admin actions) must go through gettext. The check reads source, so it runs
without GNU gettext and without compiled catalogues.
"""

from __future__ import annotations

import ast
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_ROOT = ROOT / "templates"
PYTHON_ROOTS = [ROOT / "forum", ROOT / "accounts", ROOT / "community"]
# Operator-facing or generated code: commands print for the operator, migrations
# record history, settings are configuration.
PYTHON_SKIPPED_PARTS = {"migrations", "management", "settings", "tests"}

# Words that read the same in every language the site offers: format and standard
# names. A sentence around them is still translated.
UNTRANSLATED_WORDS = {"CSV", "PDF", "JSON", "API", "RSS", "Atom", "OpenAPI", "Markdown"}

LETTER = re.compile(r"[^\W\d_]")
COMMENT_BLOCK = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S)
COMMENT = re.compile(r"{#.*?#}", re.S)
BLOCK_TRANSLATE = re.compile(
    r"{%\s*blocktrans(?:late)?\b.*?%}.*?{%\s*endblocktrans(?:late)?\s*%}", re.S
)
TRANSLATE_TAG = re.compile(r"{%\s*trans(?:late)?\s.*?%}", re.S)
TAG = re.compile(r"{%.*?%}", re.S)
VARIABLE = re.compile(r"{{.*?}}", re.S)
RAW_ELEMENT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)
PEOPLE_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description"}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text!r}"


def is_wording(text: str) -> bool:
    words = [word for word in re.split(r"[\s/|,()]+", html.unescape(text)) if word]
    # A lone letter is a glyph (the composer's "B" for bold), not a word.
    return any(
        LETTER.search(word) and len(word) > 1 and word not in UNTRANSLATED_WORDS
        for word in words
    )


def _blank_out(match: re.Match) -> str:
    # Keep the line count so findings name the right line.
    return "\n" * match.group(0).count("\n")


def strip_template_syntax(source: str) -> str:
    for pattern in (COMMENT_BLOCK, COMMENT, BLOCK_TRANSLATE, RAW_ELEMENT):
        source = pattern.sub(_blank_out, source)
    for pattern in (TRANSLATE_TAG, TAG, VARIABLE):
        source = pattern.sub(_blank_out, source)
    return source


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.found: list[tuple[int, str]] = []

    def handle_data(self, data: str) -> None:
        if is_wording(data):
            self.found.append((self.getpos()[0], data.strip()))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        for name, value in attrs:
            if value is None:
                continue
            people_facing = name in PEOPLE_ATTRIBUTES
            # An input button shows its value; a <button> shows its content.
            if name == "value" and tag == "input":
                people_facing = named.get("type") in {"submit", "button", "reset"}
            if name == "content" and tag == "meta":
                people_facing = named.get("name") == "description"
            if people_facing and is_wording(value):
                self.found.append((self.getpos()[0], f"{name}={value!r}"))

    handle_startendtag = handle_starttag


def untranslated_template_text(source: str, path: str = "<template>") -> list[Finding]:
    collector = _TextCollector()
    collector.feed(strip_template_syntax(source))
    collector.close()
    return [Finding(path, line, text) for line, text in collector.found]


def template_files() -> list[Path]:
    """The site's templates and the ones an app keeps beside its code."""
    app_templates = [
        path
        for root in PYTHON_ROOTS
        for folder in root.rglob("templates")
        for path in folder.rglob("*")
    ]
    return sorted([*TEMPLATE_ROOT.rglob("*"), *app_templates])


def template_findings() -> list[Finding]:
    findings = []
    for path in template_files():
        if path.suffix in {".html", ".txt"}:
            name = str(path.relative_to(ROOT))
            findings += untranslated_template_text(path.read_text(), name)
    return findings


# --- Python -----------------------------------------------------------------

MESSAGE_LEVELS = {"debug", "info", "success", "warning", "error"}
ERROR_CLASSES = {"ValidationError", "PermissionDenied"}
LABEL_KEYWORDS = {"label", "help_text", "verbose_name", "verbose_name_plural"}
CHOICES_BASES = {"TextChoices", "IntegerChoices", "Choices"}
RESPONSE_CLASSES = {"Response", "JsonResponse"}


def is_api_module(path: str) -> bool:
    """Serializers and API views, whose help texts are the OpenAPI schema's field
    descriptions: written for integrators, in English, like the schema itself. The
    API's error messages are still translated."""
    parts = Path(path).parts
    return (
        "api" in parts or parts[-1].startswith("api") or parts[-1] == "serializers.py"
    )


def _literal_text(node: ast.AST | None) -> str | None:
    """The text of a plain or f-string literal that reads as words, else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value if is_wording(node.value) else None
    if isinstance(node, ast.JoinedStr):
        text = "".join(
            part.value
            for part in node.values
            if isinstance(part, ast.Constant) and isinstance(part.value, str)
        )
        return text if is_wording(text) else None
    return None


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


class _PythonVisitor(ast.NodeVisitor):
    def __init__(self, schema_help_texts: bool) -> None:
        self.found: list[tuple[int, str]] = []
        self.label_keywords = LABEL_KEYWORDS - (
            {"help_text"} if schema_help_texts else set()
        )

    def _flag(self, node: ast.AST | None) -> None:
        text = _literal_text(node)
        if text is not None:
            self.found.append((node.lineno, text))

    def visit_Call(self, node: ast.Call) -> None:
        called = _name(node.func)
        receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
        if called in MESSAGE_LEVELS and _name(receiver) == "messages":
            self._flag(node.args[1] if len(node.args) > 1 else None)
        elif called == "add_message" and _name(receiver) == "messages":
            self._flag(node.args[2] if len(node.args) > 2 else None)
        elif called in ERROR_CLASSES and node.args:
            self._flag(node.args[0])
        elif called in RESPONSE_CLASSES and node.args:
            body = node.args[0]
            if isinstance(body, ast.Dict):
                for key, value in zip(body.keys, body.values, strict=True):
                    if isinstance(key, ast.Constant) and key.value == "detail":
                        self._flag(value)
        for keyword in node.keywords:
            if keyword.arg in self.label_keywords:
                self._flag(keyword.value)
            elif keyword.arg == "error_messages" and isinstance(
                keyword.value, ast.Dict
            ):
                for value in keyword.value.values:
                    self._flag(value)
            elif keyword.arg == "description" and called in {"action", "display"}:
                self._flag(keyword.value)
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        if any(_name(base) in CHOICES_BASES for base in node.bases):
            for statement in node.body:
                value = getattr(statement, "value", None)
                if isinstance(statement, ast.Assign) and isinstance(value, ast.Tuple):
                    self._flag(value.elts[-1])
        self.generic_visit(node)


def untranslated_python_text(source: str, path: str = "<module>") -> list[Finding]:
    visitor = _PythonVisitor(schema_help_texts=is_api_module(path))
    visitor.visit(ast.parse(source))
    return [Finding(path, line, text) for line, text in visitor.found]


def python_findings() -> list[Finding]:
    findings = []
    for root in PYTHON_ROOTS:
        for path in sorted(root.rglob("*.py")):
            if PYTHON_SKIPPED_PARTS & set(path.relative_to(ROOT).parts):
                continue
            name = str(path.relative_to(ROOT))
            findings += untranslated_python_text(path.read_text(), name)
    return findings


if __name__ == "__main__":
    # `python -m tests.i18n.lint [path-prefix ...]`: the findings, optionally only
    # under the given paths.
    import sys

    prefixes = tuple(sys.argv[1:])
    for finding in template_findings() + python_findings():
        if not prefixes or finding.path.startswith(prefixes):
            print(finding)
