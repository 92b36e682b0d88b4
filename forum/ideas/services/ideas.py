"""Posting and editing ideas."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from forum import permissions
from forum.ideas.models import Idea, IdeaBoard, IdeaFollow
from forum.ideas.services.common import (
    clean_idea_title,
    create_once,
    duplicate_window_start,
    lock_author,
    lock_idea,
    slug_for,
)
from forum.markdown import render_post
from forum.moderation import flood
from forum.moderation.models import AuditAction, AuditEntry, AuditTarget
from forum.services.guards import refuse_suspended
from forum.services.validation import clean_body, clean_tags


@transaction.atomic
def post_idea(*, board: IdeaBoard, by: User, title: str, body: str, tags=()) -> Idea:
    """Post an idea on a board; its author follows it. Raises PermissionDenied,
    ValidationError or RateLimited; an identical idea resubmitted within seconds
    returns the first."""
    refuse_suspended(by)
    if not permissions.can_post_idea(by, board):
        if board.archived_at is not None:
            raise PermissionDenied(
                _("This idea board is archived: it takes no new ideas.")
            )
        raise PermissionDenied(_("Sign in to post an idea."))
    title, body, tags = clean_idea_title(title), clean_body(body), clean_tags(tags)
    lock_author(by)
    duplicate = Idea.objects.filter(
        author=by,
        board=board,
        title=title,
        body=body,
        created_at__gte=duplicate_window_start(),
    ).first()
    if duplicate:
        return duplicate
    # Ideas count against the same budget as threads: one flood of posts.
    flood.check_post(by, board=None, is_thread=True)
    now = timezone.now()
    idea = Idea.objects.create(
        board=board,
        author=by,
        title=title,
        slug=slug_for(title),
        body=body,
        body_html=render_post(body, author=by).html,
        created_at=now,
        last_activity_at=now,
    )
    if tags:
        idea.tags.set(tags)
    create_once(IdeaFollow, idea=idea, user=by)
    return idea


@transaction.atomic
def edit_idea(idea: Idea, *, by: User, title: str, body: str, tags=None) -> Idea:
    """Change an idea's title, description and (when given) tags. Raises
    PermissionDenied or ValidationError; a moderator's edit of someone else's
    idea is audited."""
    refuse_suspended(by)
    idea = lock_idea(idea)
    if not permissions.can_edit_idea(by, idea):
        raise PermissionDenied(
            _("Only the author edits an idea, and only until staff answer it.")
        )
    title, body = clean_idea_title(title), clean_body(body)
    new_tags = clean_tags(tags) if tags is not None else None
    before = _snapshot(idea)
    if body != idea.body:
        idea.body_html = render_post(body, author=idea.author).html
    idea.title, idea.slug, idea.body = title, slug_for(title), body
    idea.save(update_fields=["title", "slug", "body", "body_html"])
    if new_tags is not None:
        idea.tags.set(new_tags)
    after = _snapshot(idea)
    if idea.author_id != by.pk and after != before:
        AuditEntry.objects.create(
            actor=by,
            action=AuditAction.EDIT_IDEA,
            target_type=AuditTarget.IDEA,
            target_id=idea.pk,
            target_label=idea.title[:200],
            before=before,
            after=after,
        )
    return idea


def _snapshot(idea: Idea) -> dict:
    """What an edit may change, for the audit log of moderators' edits."""
    return {
        "title": idea.title,
        "body": idea.body,
        "tags": sorted(tag.name for tag in idea.tags.all()),
    }
