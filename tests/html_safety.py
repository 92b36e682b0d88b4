"""Checks that a piece of HTML can run nothing: parsed, not string-matched."""

import re
from html.parser import HTMLParser

FORBIDDEN_TAGS = {
    "script", "iframe", "object", "embed", "svg", "math", "style", "link", "meta",
    "base", "form", "input", "button", "textarea", "frame", "frameset", "template",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset"}
SAFE_SCHEMES = ("http:", "https:", "mailto:", "/", "#", "?")
# What a browser's URL parser reads as a scheme; "java%09script:" is a relative path.
SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:")


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(f"{tag}[{name}]")
            if name in URL_ATTRIBUTES and value is not None:
                cleaned = re.sub(r"[\x00-\x20]", "", value).lower()
                if not cleaned.startswith(SAFE_SCHEMES) and SCHEME.match(cleaned):
                    self.problems.append(f"{tag}[{name}={value!r}]")


def unsafe_parts(html: str) -> list[str]:
    """What in ``html`` could run script: forbidden tags, handlers, bad URL schemes."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.problems
