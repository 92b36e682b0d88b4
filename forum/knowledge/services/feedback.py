"""Readers' "Was this article helpful?" and what owners do with it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from forum import permissions
from forum.knowledge.models import Article, ArticleFeedback
from forum.moderation import flood
from forum.notifications.models import NotificationKind
from forum.notifications.services.notify import notify
from forum.services.guards import refuse_suspended


def _counter(helpful: bool) -> str:
    return "helpful_count" if helpful else "unhelpful_count"


def _check_feedback(article: Article, user: User, comment: str) -> None:
    if article.state != "published":
        raise PermissionDenied(_("Feedback is open on published articles only."))
    if user.is_authenticated:
        refuse_suspended(user)
    if not permissions.can_give_article_feedback(user, article):
        raise PermissionDenied(_("You can't give feedback on this article."))
    if comment and not user.is_authenticated:
        raise ValidationError(
            _("Sign in to leave a comment; your answer counts without.")
        )
    if len(comment) > ArticleFeedback.COMMENT_MAX_LENGTH:
        raise ValidationError(
            _("Keep the comment under %(count)s characters.")
            % {"count": ArticleFeedback.COMMENT_MAX_LENGTH}
        )


@transaction.atomic
def give_article_feedback(
    article: Article,
    *,
    user: User,
    session_hash: str,
    helpful: bool,
    comment: str = "",
) -> ArticleFeedback:
    """Record a reader's answer, replacing their earlier one (members by account,
    visitors by their hashed session), with the article's counters kept exact; a
    comment reaches the owner. Raises PermissionDenied, ValidationError and
    RateLimited (comments only)."""
    permissions.load_roles_from_database(user)
    comment = (comment or "").strip()
    member = user if user.is_authenticated else None
    if member is None and not session_hash:
        raise ValidationError(_("Your browser didn't keep a session; try again."))
    # The article's row is the lock: one reader's two answers in parallel, or two
    # readers' answers, update its counters one after the other.
    article = Article.objects.select_for_update().get(pk=article.pk)
    _check_feedback(article, user, comment)
    if comment:
        flood.check("post", member)

    if member is not None:
        earlier = ArticleFeedback.objects.filter(article=article, user=member)
    else:
        earlier = ArticleFeedback.objects.filter(
            article=article, user=None, session_hash=session_hash
        )
    feedback = earlier.first()
    counters = {_counter(helpful): F(_counter(helpful)) + 1}
    if feedback is None:
        feedback = ArticleFeedback(
            article=article,
            user=member,
            session_hash="" if member else session_hash,
        )
    else:
        counters[_counter(feedback.helpful)] = F(_counter(feedback.helpful)) - 1
        if feedback.helpful == helpful:
            counters = {}
    new_comment = bool(comment) and comment != feedback.comment
    feedback.helpful = helpful
    feedback.comment = comment
    feedback.created_at = timezone.now()
    if new_comment or not comment:
        feedback.resolved_at = None
    feedback.save()
    if counters:
        Article.objects.filter(pk=article.pk).update(**counters)
    if new_comment and article.owner_id:
        notify(
            [article.owner],
            kind=NotificationKind.ARTICLE_FEEDBACK,
            actor=member,
            article=article,
        )
    return feedback


@transaction.atomic
@permissions.roles_from_database
def resolve_article_feedback(feedback: ArticleFeedback, *, by: User) -> bool:
    """Mark a reader's comment as dealt with; True if it was open. Raises
    PermissionDenied unless ``by`` may read the article's feedback."""
    feedback = (
        ArticleFeedback.objects.select_for_update(of=("self",))
        .select_related("article")
        .get(pk=feedback.pk)
    )
    if not permissions.can_view_article_feedback(by, feedback.article):
        raise PermissionDenied(
            _("Only the article's owner and reviewers read its feedback.")
        )
    if feedback.resolved_at is not None:
        return False
    feedback.resolved_at = timezone.now()
    feedback.save(update_fields=["resolved_at"])
    return True
