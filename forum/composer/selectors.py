"""What the composer reads."""

import re

from django.db.models.functions import Upper

from accounts.models import User
from forum import permissions
from forum.markdown import render_post
from forum.models import Post

# The start of a username as @mentions spell them (forum.markdown's characters).
MENTION_PREFIX = re.compile(r"[\w.+-]{1,30}", re.ASCII)
MENTION_SUGGESTIONS = 8


def members_named_like(prefix: str, *, limit: int = MENTION_SUGGESTIONS) -> list[dict]:
    """Active members whose username starts with ``prefix`` (any case), in
    alphabetical order (so the name typed in full comes first), for @mention
    completion; empty for a prefix no username could start with. PostgreSQL reads
    the prefix index of migration accounts/0006."""
    if not MENTION_PREFIX.fullmatch(prefix):
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


def preview_html(source: str, *, author, post_id: int | None = None) -> str:
    """The post as it would be saved by ``author``: the same renderer and
    sanitiser, showing the author's uploads not yet in a post (or in ``post_id``,
    the post being edited)."""
    return render_post(source, author=author, post_id=post_id).html


def post_being_edited(user: User, post_id: str | None) -> Post | None:
    """The post ``user`` is editing, when the id names one they may edit."""
    if not post_id or not post_id.isdigit() or len(post_id) > 18:
        return None
    post = (
        Post.objects.select_related("author", "thread__board")
        .filter(pk=int(post_id))
        .first()
    )
    return post if post and permissions.can_edit_post(user, post) else None
