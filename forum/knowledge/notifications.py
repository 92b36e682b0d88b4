"""What a notification about a knowledge article says (forum.notifications.texts
asks this for every notification that names an article)."""

from forum.notifications.models import Notification, NotificationKind

# Notification.action for ARTICLE notifications: what happened to the article.
ARTICLE_EVENTS = {
    "submitted": "{actor} sent “{title}” for review",
    "published": "“{title}” is published",
    "returned": "{actor} returned “{title}” to draft",
    "updated": "“{title}” was updated",
    "archived": "“{title}” was archived",
    "credited": "Your answer became the knowledge article “{title}”",
}


def article_summary(notification: Notification) -> str:
    """One sentence saying what happened to the article."""
    actor = notification.actor.name if notification.actor_id else "Someone"
    title = notification.article.title
    if notification.kind == NotificationKind.ARTICLE_FEEDBACK:
        return f"A reader commented on your article “{title}”"
    template = ARTICLE_EVENTS.get(notification.action, "“{title}” changed")
    return template.format(actor=actor, title=title)
