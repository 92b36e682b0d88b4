"""Curating threads: lock, pin, feature, move, merge, split."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from forum import limits, permissions, search
from forum.models import Board, MeToo, Post, Thread, ThreadFollow
from forum.moderation import audit
from forum.moderation.counters import recount
from forum.moderation.models import AuditAction, ThreadRedirect
from forum.services.threads import _slug_for
from forum.services.validation import clean_text, clean_title


def _lock(thread: Thread) -> Thread:
    return (
        Thread.objects.select_for_update(of=("self",))
        .select_related("board")
        .get(pk=thread.pk)
    )


def _set(
    thread: Thread, *, field: str, value, action: str, by: User, reason: str, allowed
) -> Thread:
    """Change one field of a thread, with its audit entry; no entry if unchanged."""
    thread = _lock(thread)
    if not allowed(by, thread):
        raise PermissionDenied(_("You can't moderate this thread."))
    before = getattr(thread, field)
    if before == value:
        return thread
    setattr(thread, field, value)
    thread.save(update_fields=[field])
    audit.record(
        action,
        actor=by,
        target=thread,
        reason=clean_text(reason),
        before={field: before},
        after={field: value},
    )
    return thread


@transaction.atomic
@permissions.roles_from_database
def lock_thread(thread: Thread, *, by: User, reason: str = "") -> Thread:
    """Close a thread to new replies. Raises PermissionDenied."""
    return _set(
        thread, field="is_locked", value=True, action=AuditAction.LOCK_THREAD,
        by=by, reason=reason, allowed=permissions.can_lock_thread,
    )  # fmt: skip


@transaction.atomic
@permissions.roles_from_database
def unlock_thread(thread: Thread, *, by: User, reason: str = "") -> Thread:
    """Open a locked thread to replies again. Raises PermissionDenied."""
    return _set(
        thread, field="is_locked", value=False, action=AuditAction.UNLOCK_THREAD,
        by=by, reason=reason, allowed=permissions.can_lock_thread,
    )  # fmt: skip


@transaction.atomic
@permissions.roles_from_database
def pin_thread(thread: Thread, *, by: User, reason: str = "") -> Thread:
    """Keep a thread at the top of its board. Raises PermissionDenied."""
    return _set(
        thread, field="is_pinned", value=True, action=AuditAction.PIN_THREAD,
        by=by, reason=reason, allowed=permissions.can_pin_thread,
    )  # fmt: skip


@transaction.atomic
@permissions.roles_from_database
def unpin_thread(thread: Thread, *, by: User, reason: str = "") -> Thread:
    """Let a pinned thread sort with the others again. Raises PermissionDenied."""
    return _set(
        thread, field="is_pinned", value=False, action=AuditAction.UNPIN_THREAD,
        by=by, reason=reason, allowed=permissions.can_pin_thread,
    )  # fmt: skip


@transaction.atomic
@permissions.roles_from_database
def feature_thread(thread: Thread, *, by: User, reason: str = "") -> Thread:
    """Show a thread in the home page's "Featured" section. Raises
    PermissionDenied, or ValidationError for a hidden or waiting thread."""
    if not permissions.can_feature_thread(by, thread):
        raise PermissionDenied(_("Only global moderators feature threads."))
    current = Thread.objects.get(pk=thread.pk)
    if current.is_hidden or not current.is_approved:
        raise ValidationError(_("Only threads everyone can see can be featured."))
    if current.is_featured:
        return current
    return _set(
        thread, field="featured_at", value=timezone.now(),
        action=AuditAction.FEATURE_THREAD, by=by, reason=reason,
        allowed=permissions.can_feature_thread,
    )  # fmt: skip


@transaction.atomic
@permissions.roles_from_database
def unfeature_thread(thread: Thread, *, by: User, reason: str = "") -> Thread:
    """Take a thread off the home page. Raises PermissionDenied."""
    return _set(
        thread, field="featured_at", value=None,
        action=AuditAction.UNFEATURE_THREAD, by=by, reason=reason,
        allowed=permissions.can_feature_thread,
    )  # fmt: skip


def _existing_board(board: Board | None) -> Board:
    board = Board.objects.filter(pk=getattr(board, "pk", None)).first()
    if board is None:
        raise ValidationError({"to": _("That board doesn't exist (any more).")})
    return board


@transaction.atomic
@permissions.roles_from_database
def move_thread(thread: Thread, *, to: Board, by: User, reason: str = "") -> Thread:
    """Move a thread to another board, keeping both boards' counters exact. Raises
    ValidationError for a missing or the same board, PermissionDenied unless ``by``
    moderates both boards."""
    thread = _lock(thread)
    if not permissions.can_move_thread(by, thread):
        raise PermissionDenied(_("You can't moderate this thread."))
    to = _existing_board(to)
    if not permissions.can_move_thread(by, thread, to):
        raise PermissionDenied(
            _("Moving a thread needs moderator rights on both boards.")
        )
    if to.pk == thread.board_id:
        raise ValidationError(
            {"to": _("The thread is already in %(name)s.") % {"name": to.name}}
        )
    before = {"board": thread.board.slug}
    old_board_id = thread.board_id
    thread.board = to
    thread.save(update_fields=["board"])
    audit.record(
        AuditAction.MOVE_THREAD,
        actor=by,
        target=thread,
        reason=clean_text(reason),
        before=before,
        after={"board": to.slug},
    )
    recount(boards=[old_board_id, to.pk])
    search.index_thread(thread.pk)
    return thread


def _lock_pair(first_id: int, second_id: int) -> dict[int, Thread]:
    """Lock two threads in id order, so two opposite merges cannot deadlock."""
    rows = (
        Thread.objects.select_for_update(of=("self",))
        .select_related("board")
        .filter(pk__in=[first_id, second_id])
        .order_by("pk")
    )
    return {thread.pk: thread for thread in rows}


def _move_unique_rows(model, *, source: Thread, into: Thread) -> None:
    """Move "me too"s or follows to the target unless the member has one there."""
    existing = model.objects.filter(thread=into).values("user_id")
    model.objects.filter(thread=source).exclude(user_id__in=existing).update(
        thread=into
    )
    model.objects.filter(thread=source).delete()


@transaction.atomic
@permissions.roles_from_database
def merge_threads(
    thread: Thread, *, into: Thread, by: User, reason: str = ""
) -> Thread:
    """Move every post of ``thread`` into ``into`` (authors and times kept), leave a
    redirect from the old address, and delete the emptied thread. Raises
    ValidationError for a missing target or a merge into itself, PermissionDenied
    unless ``by`` moderates both boards."""
    if not permissions.can_merge_threads(by, thread):
        raise PermissionDenied(_("You can't moderate this thread."))
    if into is None:
        raise ValidationError({"into": _("Choose the thread to merge into.")})
    if into.pk == thread.pk:
        raise ValidationError({"into": _("A thread can't be merged into itself.")})
    locked = _lock_pair(thread.pk, into.pk)
    if into.pk not in locked or thread.pk not in locked:
        raise ValidationError({"into": _("That thread doesn't exist (any more).")})
    source, into = locked[thread.pk], locked[into.pk]
    if not permissions.can_merge_threads(by, source, into):
        raise PermissionDenied(_("Merging needs moderator rights on both boards."))
    post_ids = list(source.posts.values_list("pk", flat=True))
    solution_authors = Post.objects.filter(
        pk__in=[source.solution_post_id, into.solution_post_id]
    ).values_list("author_id", flat=True)
    Post.objects.filter(pk__in=post_ids).update(thread=into)
    # The source goes; detach it first (a solution belongs to one thread only).
    Thread.objects.filter(pk=source.pk).update(first_post=None, solution_post=None)
    if source.is_solved and not into.is_solved:
        # The merged question had an answer and the target none: keep it.
        for field in ("solution_post", "accepted_by", "accepted_at", "accepted_as"):
            setattr(into, field, getattr(source, field))
        into.save(
            update_fields=["solution_post", "accepted_by", "accepted_at", "accepted_as"]
        )
    _move_unique_rows(MeToo, source=source, into=into)
    _move_unique_rows(ThreadFollow, source=source, into=into)
    tags = list(into.tags.names()) + list(source.tags.names())
    into.tags.set(list(dict.fromkeys(tags))[: limits.TAGS_MAX_COUNT])
    ThreadRedirect.objects.filter(thread=source).update(thread=into)
    ThreadRedirect.objects.create(old_thread_id=source.pk, thread=into)
    audit.record(
        AuditAction.MERGE_THREAD,
        actor=by,
        target=source,
        reason=clean_text(reason),
        before={"thread": source.pk, "title": source.title},
        after={"merged_into": into.pk, "posts": post_ids},
    )
    source_id, source_board_id = source.pk, source.board_id
    Thread.objects.filter(pk=source_id).delete()
    recount(
        threads=[into.pk],
        boards=[source_board_id, into.board_id],
        users=list(solution_authors),
    )
    search.index_thread(into.pk)
    search.index_thread(source_id)
    return into


def _replies_to_split(thread: Thread, post_ids: Iterable) -> list[Post]:
    try:
        wanted = {int(pk) for pk in post_ids}
    except (TypeError, ValueError):
        raise ValidationError({"posts": _("Choose replies from the list.")}) from None
    if not wanted:
        raise ValidationError(
            {"posts": _("Choose at least one reply to move to the new thread.")}
        )
    posts = list(
        thread.posts.filter(pk__in=wanted)
        .exclude(pk=thread.first_post_id)
        .select_related("author")
        .order_by("created_at", "id")
    )
    if len(posts) != len(wanted):
        raise ValidationError(
            {"posts": _("Only replies in this thread can be split off.")}
        )
    return posts


@transaction.atomic
@permissions.roles_from_database
def split_thread(
    thread: Thread,
    *,
    post_ids: Iterable[int],
    title: str,
    by: User,
    board: Board | None = None,
    reason: str = "",
) -> Thread:
    """Move some replies into a new thread (in ``board``, by default the same one);
    the earliest becomes its question. Raises ValidationError for no replies,
    posts from elsewhere or a bad title, PermissionDenied unless ``by`` moderates
    both boards."""
    thread = _lock(thread)
    if not permissions.can_split_thread(by, thread):
        raise PermissionDenied(_("You can't moderate this thread."))
    posts = _replies_to_split(thread, post_ids)
    title = clean_title(title)
    board = thread.board if board is None else _existing_board(board)
    if not permissions.can_moderate_board(by, board):
        raise PermissionDenied(_("You can't move posts into that board."))
    first = posts[0]
    new = Thread.objects.create(
        board=board,
        author=first.author,
        title=title,
        slug=_slug_for(title),
        first_post=first,
        is_hidden=first.is_hidden,
        is_approved=first.is_approved,
        created_at=first.created_at,
        last_activity_at=first.created_at,
    )
    ids = [post.pk for post in posts]
    Post.objects.filter(pk__in=ids).update(thread=new)
    dropped_solution = None
    if thread.solution_post_id in ids:
        # The answer moved away from its question: the old thread is unsolved.
        dropped_solution = Post.objects.get(pk=thread.solution_post_id).author_id
        thread.solution_post = thread.accepted_by = thread.accepted_at = None
        thread.accepted_as = ""
        thread.save(
            update_fields=["solution_post", "accepted_by", "accepted_at", "accepted_as"]
        )
    for author_id in {post.author_id for post in posts if post.author_id}:
        ThreadFollow.objects.get_or_create(thread=new, user_id=author_id)
    audit.record(
        AuditAction.SPLIT_THREAD,
        actor=by,
        target=thread,
        reason=clean_text(reason),
        after={"new_thread": new.pk, "title": title, "posts": ids},
    )
    recount(
        threads=[thread.pk, new.pk],
        boards=[thread.board_id, board.pk],
        users=[dropped_solution],
    )
    search.index_thread(thread.pk)
    search.index_thread(new.pk)
    return new
