"""What the idea staff pages read: one idea with its history and open flags, and
the open idea flags of the moderation queue."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from forum import permissions
from forum.ideas.models import Idea, IdeaComment, IdeaFlag, IdeaStatusChange


def idea_for_staff(user: User, idea_id: int) -> Idea:
    """An idea the user may see, with its board, author and merge target; raises
    Http404."""
    return get_object_or_404(
        permissions.ideas_visible_to(user).select_related(
            "board", "author", "merged_into"
        ),
        pk=idea_id,
    )


def comment_for_staff(user: User, comment_id: int) -> IdeaComment:
    """A comment on an idea the user may see; hidden comments only for moderators;
    raises Http404."""
    comment = get_object_or_404(
        IdeaComment.objects.select_related("idea", "author"), pk=comment_id
    )
    if not permissions.can_view_idea(user, comment.idea):
        raise Http404("No such comment.")
    if comment.is_hidden and not permissions.can_moderate_ideas(user):
        raise Http404("No such comment.")
    return comment


def status_history(idea: Idea) -> list[IdeaStatusChange]:
    """The idea's public responses, newest first, with who gave them; uses what
    the caller prefetched as ``status_changes`` when it did."""
    cache = getattr(idea, "_prefetched_objects_cache", {})
    if "status_changes" in cache:
        return list(cache["status_changes"])
    return list(idea.status_changes.select_related("by").order_by("-created_at", "-id"))


def open_idea_flags(user: User) -> QuerySet[IdeaFlag]:
    """Open flags on ideas and comments for the moderation queue, oldest first,
    with the idea, comment and flagger: moderators only."""
    if not permissions.can_moderate_ideas(user):
        return IdeaFlag.objects.none()
    return (
        IdeaFlag.objects.open()
        .select_related("idea", "comment", "comment__author", "idea__author", "user")
        .order_by("created_at", "id")
    )


def flagged_comments(idea: Idea) -> list[IdeaComment]:
    """The idea's comments with open flags (hidden ones too), for its staff page."""
    open_flags = IdeaFlag.objects.open().select_related("user").order_by("created_at")
    return list(
        idea.comments.filter(flags__resolved_at__isnull=True, flags__isnull=False)
        .distinct()
        .select_related("author")
        .prefetch_related(Prefetch("flags", queryset=open_flags, to_attr="open_flags"))
    )


def open_flags_on(idea: Idea) -> list[IdeaFlag]:
    """Open flags on the idea itself (not on its comments)."""
    return list(
        IdeaFlag.objects.open()
        .filter(idea=idea, comment__isnull=True)
        .select_related("user")
        .order_by("created_at")
    )
