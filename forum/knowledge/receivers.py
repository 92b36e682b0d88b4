"""What the community side of the knowledge base does when the article workflow
moves (forum.knowledge.signals): credit for the answerer, notifications, and the
source thread's cached page. Connected by KnowledgeConfig.ready(); runs inside the
workflow's transaction, so it commits or rolls back with the move."""

from django.dispatch import receiver

from forum import caching
from forum.knowledge import notifications
from forum.knowledge.signals import article_edited, article_state_changed
from forum.notifications.services.notify import notify_badges
from forum.reputation.services import credit_knowledge_article


def _forget_source_thread(article) -> None:
    # The thread page says "This answer is now a knowledge article" only while the
    # article is published, and offers "Turn into an article" only without one.
    if article.source_thread_id:
        caching.forget_threads([article.source_thread_id])


@receiver(article_state_changed, dispatch_uid="knowledge_community_state_changed")
def article_moved(sender, *, article, by, from_state, to_state, **kwargs) -> None:
    _forget_source_thread(article)
    if to_state == "in_review":
        notifications.notify_article_submitted(article, by=by)
    elif to_state == "published":
        credit = credit_knowledge_article(article)
        if credit is not None:
            notify_badges(credit.user, credit.awards)
        notifications.notify_article_published(article, by=by, credited=credit)
    elif to_state == "draft" and from_state == "in_review":
        note = kwargs.get("note") or ""
        notifications.notify_article_returned(article, by=by, note=note)
    elif to_state == "archived":
        notifications.notify_article_archived(article, by=by)


@receiver(article_edited, dispatch_uid="knowledge_community_edited")
def article_changed(sender, *, article, by, **kwargs) -> None:
    _forget_source_thread(article)
    if article.state == "published":
        notifications.notify_article_updated(article, by=by)
