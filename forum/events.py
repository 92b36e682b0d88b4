"""What follows a forum write: notifications and badges.

The forum services call one of these at the end of their transaction, so everything
here commits or rolls back with the write itself; e-mail is queued for after the
commit. Views never call this module.
"""

from datetime import timedelta

from forum.console import conf as console_conf
from forum.integrations import services as integrations
from forum.live import events as live
from forum.models import Post, Thread
from forum.notifications import services as notifications
from forum.notifications.selectors import wants_auto_follow
from forum.reputation.selectors import verified_solution_record
from forum.reputation.services import award_badges


def _award(user, **facts) -> None:
    if user is not None:
        notifications.notify_badges(user, award_badges(user, **facts))


def should_auto_follow(user) -> bool:
    """Whether the member follows threads they start or reply to."""
    return wants_auto_follow(user)


def thread_created(thread: Thread, *, mentioned=()) -> None:
    """A new thread: mentions, board and tag followers, the asker's badges."""
    notifications.notify_new_thread(thread, mentioned=mentioned)
    _award(thread.author, asked=True)
    integrations.thread_created(thread)


def _is_quick(thread: Thread, post: Post) -> bool:
    target = timedelta(minutes=console_conf.first_response_target_minutes())
    return thread.board.is_questions and post.created_at - thread.created_at <= target


def reply_posted(post: Post, *, mentioned=(), first_response: bool = False) -> None:
    """A new reply: mentions, thread followers, the replier's badges."""
    notifications.notify_reply(post, mentioned=mentioned)
    integrations.reply_posted(post)
    thread = post.thread
    _award(
        post.author,
        replied=post.author_id != thread.author_id,
        quick_response=first_response and _is_quick(thread, post),
    )


def post_edited(post: Post, *, newly_mentioned=()) -> None:
    """An edit: only members mentioned for the first time hear about it."""
    if newly_mentioned:
        notifications.notify_mentions(post, newly_mentioned)


def post_published(post: Post) -> None:
    """A post became visible later (approved by a moderator): tell those who would
    have heard at once."""
    from forum.markdown import render_post

    post = Post.objects.select_related("thread", "thread__board", "author").get(
        pk=post.pk
    )
    mentioned = render_post(post.body).mentioned
    if post.pk == post.thread.first_post_id:
        notifications.notify_new_thread(post.thread, mentioned=mentioned)
        integrations.thread_created(post.thread)
    else:
        notifications.notify_reply(post, mentioned=mentioned)
        integrations.reply_posted(post)


def solution_accepted(thread: Thread, *, by) -> None:
    """A solution was accepted: the asker and the answer's author hear, and the
    answer's author may earn badges."""
    notifications.notify_solution_accepted(thread, by=by)
    live.thread_changed(thread.pk, change="solution")
    integrations.solution_changed(thread, accepted=True)
    solution = thread.solution_post
    if solution is not None and solution.author_id != thread.author_id:
        facts = {}
        if thread.is_expert_verified:
            # Only then can "Verified helper" change: its record costs one query.
            count, span_days = verified_solution_record(solution.author)
            facts = {"verified_solutions": count, "verified_span_days": span_days}
        _award(solution.author, **facts)


def kudos_given(post: Post, *, by) -> None:
    """Kudos: the author hears (batched) and may earn badges."""
    notifications.notify_kudos(post, by=by)
    _award(post.author)


def solution_unaccepted(thread: Thread) -> None:
    """The accepted solution was taken back: integrations hear about it."""
    integrations.solution_changed(thread, accepted=False)
    live.thread_changed(thread.pk, change="unsolved")


def moderator_acted(post: Post, *, action: str, reason: str = "", by=None) -> None:
    """A moderator hid, restored or approved a post: its author hears why (and
    integrations hear that it was hidden)."""
    if action == "hidden":
        integrations.post_hidden(post, reason=reason)
    if action in {"hidden", "restored", "approved"}:
        live.thread_changed(post.thread_id, change=action, post_id=post.pk)
        live.queue_changed(post.pk, entered=False)
    if post.author_id and post.author_id != getattr(by, "pk", None):
        notifications.notify_moderator_action(post, action=action, reason=reason, by=by)
