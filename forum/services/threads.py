"""Asking, replying, editing."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from forum import events, limits, permissions, search
from forum.attachments.services import attach_to_post, attachments_for_post
from forum.markdown import RenderedPost, mention_candidates, render_post
from forum.models import Board, Post, PostRevision, Thread, ThreadFollow
from forum.moderation import approval, audit, flood
from forum.moderation.models import AuditAction, ThreadRedirect
from forum.services.guards import refuse_suspended
from forum.services.validation import clean_body, clean_tags, clean_title


def _lock_author(author: User) -> None:
    """Serialise one member's writes, so a double-submitted form sees its twin."""
    User.objects.select_for_update().filter(pk=author.pk).first()


def _duplicate_window_start():
    return timezone.now() - timedelta(seconds=limits.DUPLICATE_SUBMIT_SECONDS)


def _slug_for(title: str) -> str:
    return slugify(title)[: limits.SLUG_MAX_LENGTH].strip("-") or "thread"


def _held_reason(
    author: User, *, board: Board, body: str, quick_submit: bool, is_thread: bool
) -> str:
    """Flood control, then the approval rules, for a new post: why it waits for a
    moderator ("" when it goes public now). Raises RateLimited."""
    flood.check_post(author, board=board, is_thread=is_thread)
    return approval.held_reason(
        author, board=board, body=body, quick_submit=quick_submit
    )


def _store_post(
    thread: Thread, *, author: User, body: str, held: str, now
) -> tuple[Post, RenderedPost]:
    """Render and save a new post with the uploads it shows; its author follows
    the thread (unless they turned auto-follow off), public or held. Raises
    ValidationError (too many uploads)."""
    attachments = attachments_for_post(body, author=author)
    rendered = render_post(body, author=author)
    post = Post.objects.create(
        thread=thread,
        author=author,
        body=body,
        body_html=rendered.html,
        is_approved=not held,
        held_reason=held,
        created_at=now,
    )
    attach_to_post(post, attachments)
    if events.should_auto_follow(author):
        ThreadFollow.objects.get_or_create(thread=thread, user=author)
    return post, rendered


def _count_public_post(
    thread: Thread, *, author: User, now, opens_thread: bool = False
) -> None:
    """Count a post that just went public on its board and its author, and index
    its thread. Held posts are counted only once a moderator approves them."""
    board_counts = {"post_count": F("post_count") + 1, "last_activity_at": now}
    if opens_thread:
        board_counts["thread_count"] = F("thread_count") + 1
    Board.objects.filter(pk=thread.board_id).update(**board_counts)
    User.objects.filter(pk=author.pk).update(post_count=F("post_count") + 1)
    search.index_thread(thread.pk)


@transaction.atomic
def create_thread(
    *,
    board: Board,
    author: User,
    title: str,
    body: str,
    tags=(),
    quick_submit: bool = False,
) -> Thread:
    """Start a thread with its first post (waiting for approval when the approval
    rules say so); the asker follows it (unless they turned auto-follow off) and
    followers hear about it once it is public. Raises PermissionDenied,
    ValidationError or RateLimited; a resubmitted identical question within seconds
    returns the first. ``quick_submit``: the form came back suspiciously fast."""
    refuse_suspended(author)
    permissions.check_post_in_board(author, board)
    if board.archived_at is not None:
        raise PermissionDenied(_("This board is archived and takes no new questions."))
    if not permissions.can_start_thread(author, board):
        raise PermissionDenied(_("Sign in to ask a question."))
    title, body, tags = clean_title(title), clean_body(body), clean_tags(tags)
    _lock_author(author)
    duplicate = Thread.objects.filter(
        author=author,
        board=board,
        title=title,
        first_post__body=body,
        created_at__gte=_duplicate_window_start(),
    ).first()
    if duplicate:
        return duplicate
    held = _held_reason(
        author, board=board, body=body, quick_submit=quick_submit, is_thread=True
    )

    now = timezone.now()
    thread = Thread.objects.create(
        board=board,
        author=author,
        title=title,
        slug=_slug_for(title),
        is_approved=not held,
        created_at=now,
        last_activity_at=now,
        last_poster=author,
    )
    post, rendered = _store_post(thread, author=author, body=body, held=held, now=now)
    thread.first_post = post
    thread.save(update_fields=["first_post"])
    if tags:
        thread.tags.set(tags)
    if held:
        # Counted, indexed and announced only once a moderator approves it.
        return thread
    _count_public_post(thread, author=author, now=now, opens_thread=True)
    events.thread_created(thread, mentioned=rendered.mentioned)
    return thread


def _lock_for_reply(thread_id: int) -> Thread:
    """Lock the thread a reply goes to. A reply that waited while its thread was
    merged away goes where the thread's posts went, rather than failing; raises
    Thread.DoesNotExist only for a thread deleted outright."""
    threads = Thread.objects.select_for_update(of=("self",)).select_related("board")
    while (thread := threads.filter(pk=thread_id).first()) is None:
        redirect = ThreadRedirect.objects.filter(old_thread_id=thread_id).first()
        if redirect is None:
            raise Thread.DoesNotExist("That thread no longer exists.")
        thread_id = redirect.thread_id
    return thread


@transaction.atomic
def post_reply(
    thread: Thread, *, author: User, body: str, quick_submit: bool = False
) -> Post:
    """Add a reply (waiting for approval when the approval rules say so); a public
    reply updates the thread's counters, last activity and first-response time. The
    replier follows the thread (unless they turned auto-follow off) and followers
    hear about it once it is public. Raises PermissionDenied, ValidationError or
    RateLimited; a resubmitted identical reply within seconds returns the first,
    and a reply to a thread merged meanwhile joins the thread it was merged into."""
    refuse_suspended(author)
    body = clean_body(body)
    thread = _lock_for_reply(thread.pk)
    if not permissions.can_reply(author, thread):
        if not permissions.can_moderate_board(author, thread.board):
            permissions.check_post_in_board(author, thread.board)
        if thread.is_locked:
            raise PermissionDenied(_("This thread is locked: no new replies."))
        if not thread.is_approved:
            raise PermissionDenied(_("This question is still waiting for approval."))
        raise PermissionDenied(_("Sign in to reply."))
    _lock_author(author)
    duplicate = Post.objects.filter(
        thread=thread,
        author=author,
        body=body,
        created_at__gte=_duplicate_window_start(),
    ).first()
    if duplicate:
        return duplicate
    held = _held_reason(
        author,
        board=thread.board,
        body=body,
        quick_submit=quick_submit,
        is_thread=False,
    )

    now = timezone.now()
    post, rendered = _store_post(thread, author=author, body=body, held=held, now=now)
    if held:
        # Counted, indexed and announced only once a moderator approves it.
        return post
    changes = {
        "reply_count": F("reply_count") + 1,
        "last_activity_at": now,
        "last_poster": author,
    }
    first_response = thread.first_response_at is None and author.pk != thread.author_id
    if first_response:
        changes["first_response_at"] = now
    Thread.objects.filter(pk=thread.pk).update(**changes)
    _count_public_post(thread, author=author, now=now)
    events.reply_posted(
        post, mentioned=rendered.mentioned, first_response=first_response
    )
    return post


@transaction.atomic
@permissions.roles_from_database
def edit_post(
    post: Post,
    *,
    by: User,
    body: str,
    title: str | None = None,
    tags=None,
) -> Post:
    """Change a post (and, for a first post, the thread's title and tags), keeping
    the previous text as a revision. Raises PermissionDenied or ValidationError."""
    post = (
        Post.objects.select_for_update(of=("self",))
        .select_related("thread", "thread__board", "author")
        .get(pk=post.pk)
    )
    refuse_suspended(by)
    if not permissions.can_edit_post(by, post):
        raise PermissionDenied(_("You can't edit this post."))
    thread = post.thread
    is_first = post.pk == thread.first_post_id
    body = clean_body(body)
    new_title = clean_title(title) if is_first and title is not None else thread.title
    new_tags = clean_tags(tags) if is_first and tags is not None else None
    before = _edit_snapshot(post, thread)

    newly_mentioned = ()
    if body != post.body or new_title != thread.title:
        PostRevision.objects.create(
            post=post,
            title=thread.title if is_first else "",
            body=post.body,
            edited_by=by,
        )
        # The author's uploads, even when a moderator edits the post.
        author = post.author
        attachments = attachments_for_post(body, author=author, post_id=post.pk)
        rendered = render_post(body, author=author, post_id=post.pk)
        attach_to_post(post, attachments)
        # Only people mentioned for the first time hear about an edit.
        mentioned_before = mention_candidates(post.body)
        newly_mentioned = [
            m for m in rendered.mentioned if m.username not in mentioned_before
        ]
        post.body = body
        post.body_html = rendered.html
        post.edited_at = timezone.now()
        post.edited_by = by
        post.save(update_fields=["body", "body_html", "edited_at", "edited_by"])
    if new_title != thread.title:
        thread.title = new_title
        thread.slug = _slug_for(new_title)
        thread.save(update_fields=["title", "slug"])
    if new_tags is not None:
        thread.tags.set(new_tags)
    after = _edit_snapshot(post, thread)
    if post.author_id != by.pk and after != before:
        audit.record(
            AuditAction.EDIT_POST, actor=by, target=post, before=before, after=after
        )
        events.moderator_acted(post, action="edited", by=by)
    search.index_thread(thread.pk)
    events.post_edited(post, newly_mentioned=newly_mentioned)
    return post


def _edit_snapshot(post: Post, thread: Thread) -> dict:
    """What an edit may change, for the audit log of moderators' edits."""
    snapshot = {"body": post.body}
    if post.pk == thread.first_post_id:
        snapshot |= {
            "title": thread.title,
            "tags": sorted(tag.name for tag in thread.tags.all()),
        }
    return snapshot
