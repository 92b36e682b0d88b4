"""Writing the audit log: one entry per moderator action, in its transaction."""

from django.db import transaction

from accounts.models import User
from forum.console.models import SiteSettings
from forum.ideas.models import Idea, IdeaComment
from forum.messages.models import Conversation
from forum.models import Board, Post, Thread
from forum.moderation.models import AuditEntry, AuditTarget
from forum.reputation.models import Rank
from forum.search.models import Synonym


def _describe(target) -> tuple[str, str, int | None]:
    """(target type, a readable label, the board it belongs to)."""
    if isinstance(target, Post):
        label = f"Post {target.pk} in “{target.thread.title}”"
        return AuditTarget.POST, label, target.thread.board_id
    if isinstance(target, Thread):
        return AuditTarget.THREAD, target.title, target.board_id
    if isinstance(target, User):
        return AuditTarget.USER, target.username, None
    if isinstance(target, Board):
        return AuditTarget.BOARD, target.name, target.pk
    if isinstance(target, Conversation):
        return AuditTarget.CONVERSATION, target.subject, None
    if isinstance(target, Synonym):
        return AuditTarget.SYNONYM, target.phrases, None
    if isinstance(target, SiteSettings):
        return AuditTarget.SITE_SETTINGS, "Site settings", None
    if isinstance(target, Rank):
        return AuditTarget.RANK, target.name, None
    # Idea boards are not forum boards: idea entries are read by global moderators.
    if isinstance(target, Idea):
        return AuditTarget.IDEA, target.title, None
    if isinstance(target, IdeaComment):
        label = f"Comment {target.pk} on “{target.idea.title}”"
        return AuditTarget.IDEA_COMMENT, label, None
    raise TypeError(f"No audit description for {type(target).__name__}.")


def record(
    action: str,
    *,
    actor: User | None,
    target,
    reason: str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEntry:
    """Write one audit entry; must run inside the action's own transaction, so the
    entry and the change are stored together or not at all."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Audit entries are written inside the action's transaction.")
    target_type, label, board_id = _describe(target)
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        target_type=target_type,
        target_id=target.pk,
        target_label=label[:200],
        board_id=board_id,
        reason=reason,
        before=before,
        after=after,
    )
