"""What a notification says and where it leads, for the site and for e-mails."""

from django.urls import reverse

from forum.notifications.models import Notification, NotificationKind


def _actor(notification: Notification) -> str:
    return notification.actor.name if notification.actor_id else "A former member"


def _title(notification: Notification) -> str:
    return f"“{notification.thread.title}”" if notification.thread_id else "a thread"


def _post_noun(notification: Notification) -> str:
    thread = notification.thread
    if thread is not None and notification.post_id == thread.first_post_id:
        return "question" if thread.board.is_questions else "thread"
    return "reply"


def summary(notification: Notification) -> str:
    """One sentence saying what happened."""
    from forum.notifications.services.notify import MODERATOR_ACTIONS

    if notification.article_id:
        from forum.knowledge.notifications import article_summary

        return article_summary(notification)
    if notification.idea_id:
        from forum.ideas.notifications import idea_summary

        return idea_summary(notification)
    kind, actor, title = notification.kind, _actor(notification), _title(notification)
    if kind == NotificationKind.REPLY:
        return f"{actor} replied to {title}"
    if kind == NotificationKind.NEW_THREAD:
        return f"{actor} started {title} in {notification.detail}"
    if kind == NotificationKind.MENTION:
        return f"{actor} mentioned you in {title}"
    if kind == NotificationKind.QUESTION_SOLVED:
        return f"Your question {title} has an accepted solution"
    if kind == NotificationKind.ANSWER_ACCEPTED:
        verified = " by an expert" if notification.detail == "verified" else ""
        return f"Your reply to {title} was accepted as the solution{verified}"
    if kind == NotificationKind.KUDOS:
        noun = _post_noun(notification)
        if notification.count > 1:
            return f"{notification.count} people gave kudos to your {noun} in {title}"
        return f"{actor} gave kudos to your {noun} in {title}"
    if kind == NotificationKind.MODERATION:
        verb = MODERATOR_ACTIONS.get(notification.action, notification.action)
        return f"A moderator {verb} your {_post_noun(notification)} in {title}"
    if kind == NotificationKind.ACCEPT_REMINDER:
        return f"Did a reply answer {title}? Accept it as the solution"
    if kind == NotificationKind.BADGE:
        return f"You earned the “{notification.detail}” badge"
    if kind == NotificationKind.MESSAGE:
        return f"{actor} sent you a private message: “{notification.detail}”"
    return "Something happened in the community"


def target_path(notification: Notification) -> str:
    """Where opening the notification leads (a path on this site)."""
    if notification.kind == NotificationKind.BADGE:
        return reverse("accounts:profile", args=[notification.recipient.username])
    if notification.kind == NotificationKind.ARTICLE_FEEDBACK:
        # The owner wants the comment, which only the feedback page shows.
        return reverse("knowledge:article_feedback", args=[notification.article_id])
    if notification.article_id:
        return notification.article.get_absolute_url()
    if notification.idea_id:
        return notification.idea.get_absolute_url()
    if notification.conversation_id:
        return reverse("messages:conversation", args=[notification.conversation_id])
    if notification.post_id:
        return reverse("forum:post", args=[notification.post_id])
    if notification.thread_id:
        return notification.thread.get_absolute_url()
    return reverse("notifications:list")
