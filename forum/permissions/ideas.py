"""The idea exchange (forum.ideas): who posts, votes, comments, answers and curates.

Members post ideas and comments, and vote for other members' ideas. Staff
(moderators, managers and administrators) answer ideas with a status and a public
response and merge duplicates: managers own the roadmap, moderators curate it.
Moderators also hide, restore and lock ideas and comments and resolve their flags,
as for threads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from forum.permissions.roles import _is_member, _may_write, is_manager, is_moderator

if TYPE_CHECKING:
    from accounts.models import User
    from forum.ideas.models import Idea, IdeaBoard, IdeaComment

# An idea merged into another lives on only as a pointer to it.
_CLOSED_STATUSES = frozenset({"duplicate"})


def is_idea_staff(user: User) -> bool:
    """Moderators, managers and administrators: they answer and merge ideas."""
    return is_moderator(user) or is_manager(user)


def ideas_visible_to(user: User) -> QuerySet[Idea]:
    """Ideas the user may open: every idea that is not hidden; moderators see
    hidden ones too."""
    from forum.ideas.models import Idea

    if _is_member(user) and is_moderator(user):
        return Idea.objects.all()
    return Idea.objects.public()


def can_view_idea(user: User, idea: Idea) -> bool:
    """The predicate twin of ``ideas_visible_to``."""
    return not idea.is_hidden or (_is_member(user) and is_moderator(user))


def can_post_idea(user: User, board: IdeaBoard) -> bool:
    """Post an idea on a board that is not archived: members who may write."""
    return _may_write(user) and board.archived_at is None


def can_edit_idea(user: User, idea: Idea) -> bool:
    """The author edits their idea while it is new and open; moderators any time."""
    if not _may_write(user):
        return False
    if is_moderator(user):
        return True
    return (
        idea.author_id == user.pk
        and idea.status == "new"
        and not idea.is_locked
        and not idea.is_hidden
    )


def can_vote_idea(user: User, idea: Idea) -> bool:
    """Vote for (or withdraw a vote from) an open idea of someone else's."""
    return (
        _may_write(user)
        and idea.author_id != user.pk
        and not idea.is_hidden
        and not idea.is_locked
        and idea.status not in _CLOSED_STATUSES
    )


def can_comment_on_idea(user: User, idea: Idea) -> bool:
    """Comment on a visible idea that is neither locked nor merged away."""
    return (
        _may_write(user)
        and not idea.is_hidden
        and not idea.is_locked
        and idea.status not in _CLOSED_STATUSES
    )


def can_follow_idea(user: User, idea: Idea) -> bool:
    """Hear about an idea's status changes and comments."""
    return _may_write(user) and can_view_idea(user, idea)


def can_flag_idea(user: User, idea: Idea) -> bool:
    """Report someone else's idea to the moderators."""
    return _may_write(user) and idea.author_id != user.pk and not idea.is_hidden


def can_flag_idea_comment(user: User, comment: IdeaComment) -> bool:
    """Report someone else's comment to the moderators."""
    return _may_write(user) and comment.author_id != user.pk and not comment.is_hidden


def can_change_idea_status(user: User, idea: Idea) -> bool:
    """Move an idea to a status with a public response: staff, on ideas not
    merged away (a duplicate's status is its merge)."""
    return (
        _may_write(user) and is_idea_staff(user) and idea.status not in _CLOSED_STATUSES
    )


def can_merge_idea(user: User, idea: Idea) -> bool:
    """Merge an idea into another as a duplicate, carrying its votes: staff."""
    return can_change_idea_status(user, idea)


def can_moderate_ideas(user: User) -> bool:
    """Hide, restore and lock ideas and comments, and resolve their flags:
    moderators."""
    return _may_write(user) and is_moderator(user)


def can_view_idea_report(user: User) -> bool:
    """The managers' idea report: managers and administrators, like the other
    reports."""
    return is_manager(user)
