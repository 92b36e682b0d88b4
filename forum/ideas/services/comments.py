"""Comments on ideas."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from forum import permissions
from forum.ideas.models import Idea, IdeaComment, IdeaFollow
from forum.ideas.services.common import (
    create_once,
    duplicate_window_start,
    lock_author,
    lock_idea,
    refuse_closed,
)
from forum.markdown import render_post
from forum.moderation import flood
from forum.notifications.models import NotificationKind
from forum.notifications.services.notify import notify
from forum.services.guards import refuse_suspended
from forum.services.validation import clean_body


@transaction.atomic
def post_idea_comment(idea: Idea, *, by: User, body: str) -> IdeaComment:
    """Comment on an open idea: counts it, follows the idea for the commenter and
    tells the author and followers (never the commenter). Raises PermissionDenied,
    ValidationError or RateLimited; a resubmitted identical comment within seconds
    returns the first."""
    refuse_suspended(by)
    body = clean_body(body)
    idea = lock_idea(idea)
    if not permissions.can_comment_on_idea(by, idea):
        refuse_closed(idea, doing="commenting")
        raise PermissionDenied(_("Sign in to comment."))
    lock_author(by)
    duplicate = IdeaComment.objects.filter(
        idea=idea, author=by, body=body, created_at__gte=duplicate_window_start()
    ).first()
    if duplicate:
        return duplicate
    flood.check_post(by, board=None, is_thread=False)
    now = timezone.now()
    comment = IdeaComment.objects.create(
        idea=idea,
        author=by,
        body=body,
        body_html=render_post(body, author=by).html,
        created_at=now,
    )
    Idea.objects.filter(pk=idea.pk).update(
        comment_count=F("comment_count") + 1, last_activity_at=now
    )
    create_once(IdeaFollow, idea=idea, user=by)
    notify(
        User.objects.filter(Q(pk=idea.author_id) | Q(idea_follows__idea=idea)),
        kind=NotificationKind.IDEA_COMMENT,
        actor=by,
        idea=idea,
        detail=body[:300],
    )
    return comment
