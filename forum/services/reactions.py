"""Kudos, "me too" and follows: one row per member, counters kept exact."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accounts.models import User
from forum import events, permissions, reputation, search
from forum.models import Kudos, MeToo, Post, Thread, ThreadFollow
from forum.moderation import flood
from forum.services.guards import refuse_suspended


def create_once(model, **fields) -> bool:
    """Insert a unique row; False when it already existed (even under a race)."""
    try:
        with transaction.atomic():
            model.objects.create(**fields)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def give_kudos(post: Post, *, by: User) -> bool:
    """Give kudos to a post; True if new, False if already given. Raises
    PermissionDenied for one's own or a hidden post, RateLimited in a burst."""
    refuse_suspended(by)
    post = _post_with_thread_locked(post)
    if not permissions.can_give_kudos(by, post):
        if post.author_id == by.pk:
            raise PermissionDenied(_("You can't give kudos to your own post."))
        raise PermissionDenied(_("You can't give kudos to this post."))
    flood.check("kudos", by, board=post.thread.board)
    if not create_once(Kudos, post=post, user=by):
        return False
    _count_kudos(post, delta=1)
    events.kudos_given(post, by=by)
    return True


@transaction.atomic
def withdraw_kudos(post: Post, *, by: User) -> bool:
    """Take kudos back; True if there was one to take back."""
    post = _post_with_thread_locked(post)
    deleted, _per_model = Kudos.objects.filter(post=post, user=by).delete()
    if not deleted:
        return False
    _count_kudos(post, delta=-1)
    return True


def _post_with_thread_locked(post: Post) -> Post:
    """The post, read once the thread holding it is locked. Threads before posts is
    the order merges and splits lock in, so kudos never deadlock with them, and a
    post they moved meanwhile is counted in its new thread."""
    while True:
        thread = (
            Thread.objects.select_for_update(of=("self",)).filter(posts=post.pk).first()
        )
        post = Post.objects.select_related("thread__board").get(pk=post.pk)
        if thread is not None and thread.pk == post.thread_id:
            return post


def _count_kudos(post: Post, *, delta: int) -> None:
    Post.objects.filter(pk=post.pk).update(kudos_count=F("kudos_count") + delta)
    Thread.objects.filter(pk=post.thread_id).update(
        kudos_count=F("kudos_count") + delta
    )
    # Kudos weigh in search ranking; the rest of the document is unchanged.
    search.count_kudos(post.thread_id, delta=delta)
    if post.author_id:
        User.objects.filter(pk=post.author_id).update(
            kudos_received=F("kudos_received") + delta,
            reputation=F("reputation") + delta * reputation.KUDOS_POINTS,
        )


@transaction.atomic
def add_me_too(thread: Thread, *, by: User) -> bool:
    """Say "I have this question too"; True if new. Raises PermissionDenied."""
    refuse_suspended(by)
    if not permissions.can_me_too(by, thread):
        raise PermissionDenied(_("You can't add a “me too” to this thread."))
    if not create_once(MeToo, thread=thread, user=by):
        return False
    Thread.objects.filter(pk=thread.pk).update(me_too_count=F("me_too_count") + 1)
    return True


@transaction.atomic
def remove_me_too(thread: Thread, *, by: User) -> bool:
    """Take a "me too" back; True if there was one."""
    deleted, _per_model = MeToo.objects.filter(thread=thread, user=by).delete()
    if deleted:
        Thread.objects.filter(pk=thread.pk).update(me_too_count=F("me_too_count") - 1)
    return bool(deleted)


def follow_thread(thread: Thread, *, by: User) -> bool:
    """Follow a thread; True if new. Raises PermissionDenied."""
    if not permissions.can_follow_thread(by, thread):
        raise PermissionDenied(_("Sign in to follow threads."))
    return create_once(ThreadFollow, thread=thread, user=by)


def unfollow_thread(thread: Thread, *, by: User) -> bool:
    """Stop following; True if the member was following."""
    deleted, _per_model = ThreadFollow.objects.filter(thread=thread, user=by).delete()
    return bool(deleted)
