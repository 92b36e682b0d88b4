"""Accepting and unaccepting the solution of a question."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from forum import events, permissions, reputation, search
from forum.models import Post, Thread
from forum.services.guards import refuse_suspended


def _lock_thread(thread: Thread) -> Thread:
    return (
        Thread.objects.select_for_update(of=("self",))
        .select_related("board")
        .get(pk=thread.pk)
    )


def _credit(post: Post | None, thread: Thread, *, accepted_as: str, delta: int) -> None:
    """Count (or uncount) a solution for its author, worth more when an expert or a
    moderator accepted it; none for answering oneself. Uncounting passes the capacity
    the credit was given in, so the counters stay exact."""
    if post is None or post.author_id is None or post.author_id == thread.author_id:
        return
    User.objects.filter(pk=post.author_id).update(
        solution_count=F("solution_count") + delta,
        reputation=F("reputation") + delta * reputation.solution_points(accepted_as),
    )


@transaction.atomic
@permissions.roles_from_database
def accept_solution(thread: Thread, *, post: Post, by: User) -> Thread:
    """Mark ``post`` as the thread's accepted solution, replacing any earlier one.
    Raises ValidationError if the post is not a reply in this thread, and whatever
    ``permissions.check_accept_solution`` raises."""
    refuse_suspended(by)
    thread = _lock_thread(thread)
    post = Post.objects.get(pk=post.pk)
    if post.thread_id != thread.pk:
        raise ValidationError(_("That reply belongs to another thread."))
    post.thread = thread
    capacity = permissions.check_accept_solution(by, post)
    if post.pk == thread.solution_post_id:
        return thread

    previous = thread.solution_post
    _credit(previous, thread, accepted_as=thread.accepted_as, delta=-1)
    thread.solution_post = post
    thread.accepted_by = by
    thread.accepted_at = timezone.now()
    thread.accepted_as = capacity
    thread.save(
        update_fields=["solution_post", "accepted_by", "accepted_at", "accepted_as"]
    )
    _credit(post, thread, accepted_as=capacity, delta=1)
    search.index_thread(thread.pk)
    events.solution_accepted(thread, by=by)
    return thread


@transaction.atomic
@permissions.roles_from_database
def unaccept_solution(thread: Thread, *, by: User) -> Thread:
    """Remove the accepted solution. Raises PermissionDenied."""
    refuse_suspended(by)
    thread = _lock_thread(thread)
    if not thread.is_solved:
        return thread
    if not permissions.can_unaccept_solution(by, thread):
        raise PermissionDenied(_("You can't change the solution of this thread."))
    _credit(thread.solution_post, thread, accepted_as=thread.accepted_as, delta=-1)
    thread.solution_post = None
    thread.accepted_by = None
    thread.accepted_at = None
    thread.accepted_as = ""
    thread.save(
        update_fields=["solution_post", "accepted_by", "accepted_at", "accepted_as"]
    )
    search.index_thread(thread.pk)
    events.solution_unaccepted(thread)
    return thread
