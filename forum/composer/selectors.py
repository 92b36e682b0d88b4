"""What the composer reads."""

from django.db.models.functions import Upper

from accounts.models import User
from forum.markdown import USERNAME_CHARS, render_post

MENTION_PREFIX_MIN = 1
MENTION_PREFIX_MAX = 30
MENTION_SUGGESTIONS = 8


def members_named_like(prefix: str, *, limit: int = MENTION_SUGGESTIONS) -> list[dict]:
    """Active members whose username starts with ``prefix`` (any case), in
    alphabetical order (so the name typed in full comes first), for @mention
    completion; empty for a prefix no username could start with. PostgreSQL reads
    the prefix index of migration accounts/0005."""
    if not (MENTION_PREFIX_MIN <= len(prefix) <= MENTION_PREFIX_MAX):
        return []
    if not USERNAME_CHARS.fullmatch(prefix.ljust(3, "x")):
        return []
    members = (
        User.objects.filter(is_active=True, username__istartswith=prefix)
        .order_by(Upper("username"))
        .values("username", "display_name")[:limit]
    )
    return [
        {"username": m["username"], "name": m["display_name"] or m["username"]}
        for m in members
    ]


def preview_html(source: str) -> str:
    """The post as it would be saved: the same renderer and sanitiser."""
    return render_post(source).html
