"""Creating notifications: who hears about what.

Called at the end of the forum's service transactions (through ``forum.events``) and
by the moderation code. Nobody is told about their own action; inactive members,
members who turned a kind off, and members who may not see the content are skipped.
E-mail goes out only after the transaction commits.
"""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from accounts.models import User
from forum import caching, permissions
from forum.live import events as live
from forum.models import Post, Thread, ThreadFollow
from forum.notifications.models import (
    DEFAULT_CHANNELS,
    BoardFollow,
    Channel,
    EmailFrequency,
    EmailState,
    Notification,
    NotificationKind,
    NotificationPreference,
    NotificationSettings,
    TagFollow,
)

# Moderator actions the notification text knows how to say (as a past-tense verb in
# the reader's language); others are shown as given.
MODERATOR_ACTIONS = {
    "hidden": pgettext_lazy("moderator action", "hid"),
    "restored": pgettext_lazy("moderator action", "restored"),
    "edited": pgettext_lazy("moderator action", "edited"),
    "approved": pgettext_lazy("moderator action", "approved"),
    "rejected": pgettext_lazy("moderator action", "rejected"),
    "moved": pgettext_lazy("moderator action", "moved"),
    "locked": pgettext_lazy("moderator action", "locked"),
    "unlocked": pgettext_lazy("moderator action", "unlocked"),
    "merged": pgettext_lazy("moderator action", "merged"),
    "deleted": pgettext_lazy("moderator action", "deleted"),
}


def _email_state(channel: str, frequency: str) -> str:
    if channel != Channel.EMAIL or frequency == EmailFrequency.NEVER:
        return EmailState.NONE
    if frequency == EmailFrequency.DAILY:
        return EmailState.DIGEST
    return EmailState.QUEUED


def _may_see(
    user: User,
    *,
    thread: Thread | None,
    post: Post | None,
    article=None,
    idea=None,
) -> bool:
    if article is not None:
        return permissions.can_view_article(user, article)
    if idea is not None:
        return permissions.can_view_idea(user, idea)
    if post is not None:
        return permissions.can_view_post(user, post)
    if thread is not None:
        return permissions.can_view_thread(user, thread)
    return True


def notify(
    recipients: Iterable[User],
    *,
    kind: str,
    actor: User | None = None,
    thread: Thread | None = None,
    post: Post | None = None,
    detail: str = "",
    action: str = "",
    respect_visibility: bool = True,
    conversation=None,
    article=None,
    idea=None,
) -> list[Notification]:
    """Create one notification of ``kind`` for each recipient who may get it (not the
    actor, active, not opted out, able to see the content); queue e-mails for after
    the commit. Returns the notifications created (one query to choose them and one
    insert, whatever the number of recipients)."""
    if isinstance(recipients, QuerySet):
        candidates = User.objects.filter(pk__in=recipients.values("pk"))
    else:
        ids = {user.pk for user in recipients if user is not None and user.pk}
        if not ids:
            return []
        candidates = User.objects.filter(pk__in=ids)
    if actor is not None:
        candidates = candidates.exclude(pk=actor.pk)
    channel = NotificationPreference.objects.filter(
        user=OuterRef("pk"), kind=kind
    ).values("channel")[:1]
    frequency = NotificationSettings.objects.filter(user=OuterRef("pk")).values(
        "email_frequency"
    )[:1]
    users = list(
        permissions.users_who_may_be_notified(candidates)
        .annotate(
            chosen_channel=Subquery(channel), chosen_frequency=Subquery(frequency)
        )
        .order_by("pk")
    )
    now = timezone.now()
    notifications = []
    for user in users:
        channel = user.chosen_channel or DEFAULT_CHANNELS[kind]
        if channel == Channel.OFF:
            continue
        if respect_visibility and not _may_see(
            user, thread=thread, post=post, article=article, idea=idea
        ):
            continue
        frequency = user.chosen_frequency or EmailFrequency.IMMEDIATE
        notifications.append(
            Notification(
                recipient=user,
                kind=kind,
                actor=actor,
                thread=thread,
                post=post,
                conversation=conversation,
                article=article,
                idea=idea,
                detail=detail[:300],
                action=action,
                created_at=now,
                last_event_at=now,
                email_state=_email_state(channel, frequency) if user.email else "",
            )
        )
    created = Notification.objects.bulk_create(notifications)
    caching.forget_inboxes(n.recipient_id for n in created)
    live.inbox_changed(n.recipient_id for n in created)
    _queue_emails([n.pk for n in created if n.email_state == EmailState.QUEUED])
    return created


def _queue_emails(notification_ids: list[int]) -> None:
    if not notification_ids:
        return
    from forum.notifications.services.delivery import enqueue_emails

    # robust: a failure to queue is logged by Django and never reaches the request.
    transaction.on_commit(lambda: enqueue_emails(notification_ids), robust=True)


def notify_mentions(post: Post, mentioned: Iterable[User]) -> list[Notification]:
    """Tell members they were @mentioned in a post."""
    return notify(
        mentioned,
        kind=NotificationKind.MENTION,
        actor=post.author,
        thread=post.thread,
        post=post,
    )


def notify_reply(post: Post, *, mentioned: Iterable[User] = ()) -> list[Notification]:
    """Tell the mentioned members, then the thread's followers, about a new reply;
    nobody hears twice about the same post."""
    told = notify_mentions(post, mentioned)
    already = {n.recipient_id for n in told}
    followers = User.objects.filter(
        pk__in=ThreadFollow.objects.filter(thread_id=post.thread_id)
        .exclude(user_id__in=already)
        .values("user_id")
    )
    return told + notify(
        followers,
        kind=NotificationKind.REPLY,
        actor=post.author,
        thread=post.thread,
        post=post,
    )


def notify_new_thread(
    thread: Thread, *, mentioned: Iterable[User] = ()
) -> list[Notification]:
    """Tell the mentioned members, then the followers of the board and of each of
    the thread's tags, about a new thread (one notification per member)."""
    post = thread.first_post
    told = notify_mentions(post, mentioned) if post is not None else []
    already = {n.recipient_id for n in told}
    created = list(told)
    board_followers = User.objects.filter(
        pk__in=BoardFollow.objects.filter(board_id=thread.board_id).values("user_id")
    ).exclude(pk__in=already)
    batch = notify(
        board_followers,
        kind=NotificationKind.NEW_THREAD,
        actor=thread.author,
        thread=thread,
        post=post,
        detail=thread.board.name,
    )
    already |= {user.pk for user in board_followers}
    created += batch
    for tag in thread.tags.all():
        tag_followers = User.objects.filter(
            pk__in=TagFollow.objects.filter(tag=tag).values("user_id")
        ).exclude(pk__in=already)
        created += notify(
            tag_followers,
            kind=NotificationKind.NEW_THREAD,
            actor=thread.author,
            thread=thread,
            post=post,
            detail=f"#{tag.name}",
        )
        already |= {user.pk for user in tag_followers}
    return created


def notify_solution_accepted(thread: Thread, *, by: User) -> list[Notification]:
    """Tell the asker their question has a solution and the answer's author their
    answer was accepted (neither when they accepted it themselves)."""
    post = thread.solution_post
    if post is None:
        return []
    verified = "verified" if thread.is_expert_verified else ""
    created = notify(
        [thread.author] if thread.author_id != post.author_id else [],
        kind=NotificationKind.QUESTION_SOLVED,
        actor=by,
        thread=thread,
        post=post,
        detail=verified,
    )
    return created + notify(
        [post.author],
        kind=NotificationKind.ANSWER_ACCEPTED,
        actor=by,
        thread=thread,
        post=post,
        detail=verified,
    )


def notify_kudos(post: Post, *, by: User) -> Notification | None:
    """Tell a post's author about kudos, batched: while the last kudos notification
    for that post is unread, it counts one more person instead of a new one."""
    if post.author_id is None or post.author_id == by.pk:
        return None
    batch = Notification.objects.filter(
        recipient_id=post.author_id,
        kind=NotificationKind.KUDOS,
        post=post,
        read_at__isnull=True,
    )
    if batch.update(count=F("count") + 1, actor=by, last_event_at=timezone.now()):
        return batch.first()
    try:
        with transaction.atomic():
            created = notify(
                [post.author],
                kind=NotificationKind.KUDOS,
                actor=by,
                thread=post.thread,
                post=post,
            )
    except IntegrityError:
        # A parallel kudos opened the batch first: count this one in it.
        batch.update(count=F("count") + 1, actor=by, last_event_at=timezone.now())
        return batch.first()
    return created[0] if created else None


def notify_moderator_action(
    post: Post, *, action: str, reason: str = "", by: User | None = None
) -> Notification | None:
    """Tell a post's author that a moderator acted on it (``action`` such as "hidden",
    "edited", "restored", "approved", "rejected", "moved", "locked"), with the
    reason. Shown even when the post is now hidden from its author; the text names
    no moderator. Raises ValueError for an empty action."""
    action = (action or "").strip().lower()
    if not action:
        raise ValueError("Say which moderator action this is, e.g. 'hidden'.")
    post = Post.objects.select_related("thread", "author").get(pk=post.pk)
    created = notify(
        [post.author],
        kind=NotificationKind.MODERATION,
        actor=by,
        thread=post.thread,
        post=post,
        detail=reason.strip(),
        action=action[:30],
        respect_visibility=False,
    )
    return created[0] if created else None


def notify_badges(user: User, awards) -> list[Notification]:
    """Tell a member about the badges they just earned."""
    created = []
    for award in awards:
        created += notify([user], kind=NotificationKind.BADGE, detail=award.name)
    return created
