"""Which new posts wait in the approval queue, and why.

New accounts are where spam comes from, so their first posts, posts full of links,
and posts sent by scripts the instant a form appears wait for a moderator. Trusted
people (moderators, managers, certified experts) never wait.
"""

import re
import time
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone

from forum import permissions
from forum.console import conf as console_conf
from forum.models import Board, Post
from forum.moderation.flood import is_new_account

# Web addresses, linked or bare (Markdown leaves bare ones as text, but spam is
# spam); links within the site, like [a thread](/t/1-x), are welcome and not counted.
LINK = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>()\[\]]+")
FORM_SALT = "forum.moderation.form-shown"


def count_links(body: str) -> int:
    """Web addresses in a post's Markdown source, linked or not."""
    return len(LINK.findall(body))


def form_token() -> str:
    """A signed timestamp for a hidden form field: when the form was shown."""
    return signing.dumps(time.time(), salt=FORM_SALT)


def submitted_quickly(token: str | None) -> bool:
    """Whether a form came back sooner than ``MODERATION_MIN_FORM_SECONDS`` after it
    was shown; a missing or forged token counts as quick (scripts skip forms)."""
    try:
        shown_at = float(signing.loads(token or "", salt=FORM_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return True
    return time.time() - shown_at < settings.MODERATION_MIN_FORM_SECONDS


def _is_trusted(author, board: Board) -> bool:
    return (
        permissions.can_moderate_board(author, board)
        or permissions.is_manager(author)
        or permissions.is_expert_for(author, board)
    )


def _approved_posts(author, *, at_most: int) -> int:
    return Post.objects.filter(author=author, is_approved=True)[:at_most].count()


def in_probation(author) -> bool:
    """Younger than MODERATION_APPROVAL_ACCOUNT_DAYS with fewer approved posts than
    MODERATION_APPROVAL_FIRST_POSTS."""
    days = console_conf.moderation_approval_account_days()
    first_posts = console_conf.moderation_approval_first_posts()
    if days <= 0 or first_posts <= 0:
        return False
    if author.date_joined <= timezone.now() - timedelta(days=days):
        return False
    return _approved_posts(author, at_most=first_posts) < first_posts


def held_reason(author, *, board: Board, body: str, quick_submit: bool = False) -> str:
    """Why a new post by ``author`` must wait for approval, or "" to publish it."""
    if _is_trusted(author, board):
        return ""
    if is_new_account(author):
        links = count_links(body)
        if links > console_conf.moderation_new_account_max_links():
            return f"{links} links from an account in its first day"
        if quick_submit and not _approved_posts(author, at_most=1):
            return "A first post sent seconds after the form was shown"
    if in_probation(author):
        return "An early post from a new account"
    return ""
