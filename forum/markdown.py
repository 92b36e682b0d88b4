"""Markdown to safe HTML: CommonMark (plus tables and strikethrough), bare URLs and
@mentions as links, and an allow-list sanitiser so no raw HTML or script URL
survives. The composer's live preview calls the same functions: one renderer."""

import re
from dataclasses import dataclass
from functools import cache

import nh3
from django.urls import reverse
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

from accounts.models import User

# Django usernames: letters, digits and @ . + - _ (we leave out @ in mentions).
MENTION_CANDIDATE = re.compile(r"(?<![\w@/.])@([\w.+-]{3,150})", re.ASCII)
USERNAME_CHARS = re.compile(r"[\w.+-]{3,150}", re.ASCII)

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del",
    "s", "code", "pre", "blockquote", "ul", "ol", "li", "a", "img",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
}
LINK_REL = "nofollow ugc noopener"


@dataclass(frozen=True)
class RenderedPost:
    html: str
    mentioned: tuple[User, ...]


def _mention_rule(state: StateInline, silent: bool) -> bool:
    position = state.pos
    if state.src[position] != "@":
        return False
    before = state.src[position - 1] if position else " "
    if before.isalnum() or before in "_@/.":
        return False
    match = USERNAME_CHARS.match(state.src, position + 1)
    if not match:
        return False
    username = match.group(0).rstrip(".")
    member = state.env.get("mentionable", {}).get(username)
    if member is None:
        return False
    if not silent:
        link = state.push("link_open", "a", 1)
        link.attrs = {
            "href": reverse("accounts:profile", args=[member]),
            "class": "mention",
        }
        text = state.push("text", "", 0)
        text.content = f"@{member}"
        state.push("link_close", "a", -1)
    state.pos += 1 + len(username)
    return True


def _render_image(renderer, tokens, index, options, env) -> str:
    """Images on other sites become links: the Content-Security-Policy loads nothing
    from another origin, and embedding them would tell third parties who reads what."""
    token = tokens[index]
    source = token.attrGet("src") or ""
    alt = renderer.renderInlineAsText(token.children or [], options, env)
    if source.startswith("/") and not source.startswith("//"):
        token.attrSet("alt", alt)
        return renderer.renderToken(tokens, index, options, env)
    escaped_source = nh3.clean_text(source)
    label = nh3.clean_text(alt or source)
    return f'<a href="{escaped_source}">Image: {label}</a>'


@cache
def _parser() -> MarkdownIt:
    # linkify: people paste bare URLs ("see https://status.example.com"); only
    # http(s) ones become links, never inside code.
    parser = MarkdownIt("commonmark", {"html": False, "breaks": True, "linkify": True})
    parser.enable(["table", "strikethrough", "linkify"])
    # Not e-mail addresses (a mailto link only helps whoever harvests them), nor
    # bare names ("readme.md", "telstra.com"): file names end in country codes.
    parser.linkify.set({"fuzzy_email": False, "fuzzy_link": False})
    for scheme in ("ftp:", "//", "mailto:"):
        parser.linkify.add(scheme, None)
    parser.inline.ruler.push("mention", _mention_rule)
    parser.add_render_rule("image", _render_image)
    return parser


def sanitise(html: str) -> str:
    """Keep only the allow-listed tags, attributes and URL schemes."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=LINK_REL,
        allowed_classes={"a": {"mention"}},
    )


def render_markdown(source: str, *, mentionable: dict[str, str] | None = None) -> str:
    """Markdown source to sanitised HTML; ``mentionable`` maps usernames that exist to
    their canonical spelling (only those become links)."""
    html = _parser().render(source, {"mentionable": mentionable or {}})
    return sanitise(html)


def mention_candidates(source: str) -> set[str]:
    """Usernames that look mentioned (a superset: code blocks are not excluded)."""
    return {match.rstrip(".") for match in MENTION_CANDIDATE.findall(source)}


def render_post(source: str) -> RenderedPost:
    """Render a post, linking @mentions of members that exist (one query at most)."""
    candidates = mention_candidates(source)
    members = (
        list(User.objects.filter(username__in=candidates, is_active=True))
        if candidates
        else []
    )
    mentionable = {member.username: member.username for member in members}
    html = render_markdown(source, mentionable=mentionable)
    mentioned = tuple(m for m in members if f'href="/u/{m.username}/"' in html)
    return RenderedPost(html=html, mentioned=mentioned)
