"""What a notification says and where it leads, for the site and for e-mails."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forum.notifications.models import Notification, NotificationKind


def _actor(notification: Notification) -> str:
    return notification.actor.name if notification.actor_id else _("A former member")


def _title(notification: Notification) -> str:
    if notification.thread_id:
        return _("“%(title)s”") % {"title": notification.thread.title}
    return _("a thread")


def _post_kind(notification: Notification) -> str:
    thread = notification.thread
    if thread is not None and notification.post_id == thread.first_post_id:
        return "question" if thread.board.is_questions else "thread"
    return "reply"


def _kudos_summary(notification: Notification, title: str) -> str:
    # Whole sentences per kind of post: the noun's grammar differs by language.
    kind, values = _post_kind(notification), {"title": title}
    if notification.count > 1:
        values["count"] = notification.count
        if kind == "question":
            text = ngettext(
                "%(count)d person gave kudos to your question in %(title)s",
                "%(count)d people gave kudos to your question in %(title)s",
                notification.count,
            )
        elif kind == "thread":
            text = ngettext(
                "%(count)d person gave kudos to your thread in %(title)s",
                "%(count)d people gave kudos to your thread in %(title)s",
                notification.count,
            )
        else:
            text = ngettext(
                "%(count)d person gave kudos to your reply in %(title)s",
                "%(count)d people gave kudos to your reply in %(title)s",
                notification.count,
            )
        return text % values
    values["actor"] = _actor(notification)
    if kind == "question":
        return _("%(actor)s gave kudos to your question in %(title)s") % values
    if kind == "thread":
        return _("%(actor)s gave kudos to your thread in %(title)s") % values
    return _("%(actor)s gave kudos to your reply in %(title)s") % values


def _moderation_summary(notification: Notification, title: str) -> str:
    from forum.notifications.services.notify import MODERATOR_ACTIONS

    verb = MODERATOR_ACTIONS.get(notification.action, notification.action)
    values = {"action": verb, "title": title}
    kind = _post_kind(notification)
    if kind == "question":
        return _("A moderator %(action)s your question in %(title)s") % values
    if kind == "thread":
        return _("A moderator %(action)s your thread in %(title)s") % values
    return _("A moderator %(action)s your reply in %(title)s") % values


def summary(notification: Notification) -> str:
    """One sentence saying what happened, in the active language."""
    if notification.article_id:
        from forum.knowledge.notifications import article_summary

        return article_summary(notification)
    if notification.idea_id:
        from forum.ideas.notifications import idea_summary

        return idea_summary(notification)
    kind, actor, title = notification.kind, _actor(notification), _title(notification)
    values = {"actor": actor, "title": title, "detail": notification.detail}
    if kind == NotificationKind.REPLY:
        return _("%(actor)s replied to %(title)s") % values
    if kind == NotificationKind.NEW_THREAD:
        return _("%(actor)s started %(title)s in %(detail)s") % values
    if kind == NotificationKind.MENTION:
        return _("%(actor)s mentioned you in %(title)s") % values
    if kind == NotificationKind.QUESTION_SOLVED:
        return _("Your question %(title)s has an accepted solution") % values
    if kind == NotificationKind.ANSWER_ACCEPTED:
        if notification.detail == "verified":
            return (
                _("Your reply to %(title)s was accepted as the solution by an expert")
                % values
            )
        return _("Your reply to %(title)s was accepted as the solution") % values
    if kind == NotificationKind.KUDOS:
        return _kudos_summary(notification, title)
    if kind == NotificationKind.MODERATION:
        return _moderation_summary(notification, title)
    if kind == NotificationKind.ACCEPT_REMINDER:
        return _("Did a reply answer %(title)s? Accept it as the solution") % values
    if kind == NotificationKind.BADGE:
        return _("You earned the “%(detail)s” badge") % values
    if kind == NotificationKind.MESSAGE:
        return _("%(actor)s sent you a private message: “%(detail)s”") % values
    return _("Something happened in the community")


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
