"""The knowledge base (forum.knowledge): who writes, reviews, reads and rates articles.

Two role permissions, granted by role (docs/decisions.md, "Knowledge authors and
reviewers"):
- **authors** draft articles, often from solved threads, and send them for review:
  certified experts, moderators, managers and administrators;
- **reviewers** publish, return, archive and restore them, and edit any article:
  moderators, managers and administrators.

Published and archived articles are public (an archived one answers with a notice);
drafts and articles in review are seen by their owner, their writer and reviewers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from forum.permissions.roles import (
    _is_member,
    _may_write,
    is_expert_for,
    is_manager,
    is_moderator,
)

if TYPE_CHECKING:
    from accounts.models import User
    from forum.knowledge.models import Article
    from forum.models import Thread


def _is_knowledge_staff(user: User) -> bool:
    return is_moderator(user) or is_manager(user)


def can_author_articles(user: User) -> bool:
    """Draft articles: certified experts (of any board), moderators and managers."""
    return _may_write(user) and (
        _is_knowledge_staff(user) or bool(user.active_certifications)
    )


def can_review_articles(user: User) -> bool:
    """Publish, return, archive and restore articles: moderators and managers."""
    return _may_write(user) and _is_knowledge_staff(user)


def _is_own(user: User, article: Article) -> bool:
    return _is_member(user) and user.pk in (article.owner_id, article.created_by_id)


def articles_visible_to(user: User) -> QuerySet[Article]:
    """Articles the user may open: published and archived ones for everyone, plus
    unpublished ones they own or wrote; reviewers see them all."""
    from forum.knowledge.models import Article, ArticleState

    articles = Article.objects.all()
    if _is_member(user) and _is_knowledge_staff(user):
        return articles
    public = Q(state__in=[ArticleState.PUBLISHED, ArticleState.ARCHIVED])
    if _is_member(user):
        public |= Q(owner=user) | Q(created_by=user)
    return articles.filter(public)


def can_view_article(user: User, article: Article) -> bool:
    """The predicate twin of ``articles_visible_to``."""
    if article.state in ("published", "archived"):
        return True
    return _is_member(user) and (_is_knowledge_staff(user) or _is_own(user, article))


def can_edit_article(user: User, article: Article) -> bool:
    """Reviewers edit any article that is not archived; authors edit their own
    while it is a draft or in review (a published article changes through a
    reviewer, so nothing unreviewed reaches readers)."""
    if article.state == "archived":
        return False
    if can_review_articles(user):
        return True
    return (
        can_author_articles(user)
        and _is_own(user, article)
        and article.state in ("draft", "in_review")
    )


def can_submit_article(user: User, article: Article) -> bool:
    """Send a draft for review: whoever may edit it."""
    return article.state == "draft" and can_edit_article(user, article)


def can_publish_article(user: User, article: Article) -> bool:
    """Publish an article in review: reviewers."""
    return article.state == "in_review" and can_review_articles(user)


def can_return_article(user: User, article: Article) -> bool:
    """Send an article in review back to draft: reviewers (with a note), or its
    own author withdrawing it."""
    if article.state != "in_review":
        return False
    return can_review_articles(user) or (
        can_author_articles(user) and _is_own(user, article)
    )


def can_archive_article(user: User, article: Article) -> bool:
    """Take a published article out of search and lists: reviewers."""
    return article.state == "published" and can_review_articles(user)


def can_restore_article(user: User, article: Article) -> bool:
    """Bring an archived article back as a draft, to be reviewed again: reviewers."""
    return article.state == "archived" and can_review_articles(user)


def can_mark_article_reviewed(user: User, article: Article) -> bool:
    """Confirm a published article is still right (renews its review date):
    reviewers, or its owner if they still author."""
    if article.state != "published":
        return False
    return can_review_articles(user) or (
        can_author_articles(user) and article.owner_id == user.pk
    )


def can_turn_thread_into_article(user: User, thread: Thread) -> bool:
    """Draft an article from a public solved thread that has none yet: an expert
    certified for its board, or knowledge staff. Reads ``thread.knowledge_article``
    only when the caller loaded it (``select_related``)."""
    if not (thread.is_solved and not thread.is_hidden and thread.is_approved):
        return False
    if not can_author_articles(user):
        return False
    if not (_is_knowledge_staff(user) or is_expert_for(user, thread.board)):
        return False
    return getattr(thread, "knowledge_article", None) is None


def can_give_article_feedback(user: User, article: Article) -> bool:
    """ "Was this article helpful?" on a published article: every reader, signed
    in or not, except suspended members."""
    if article.state != "published":
        return False
    return not _is_member(user) or _may_write(user)


def can_view_article_feedback(user: User, article: Article) -> bool:
    """Readers' comments on an article: its owner and reviewers."""
    return _is_member(user) and (
        _is_knowledge_staff(user) or article.owner_id == user.pk
    )


def can_follow_article(user: User, article: Article) -> bool:
    """Hear when a published article changes: members who may write."""
    return article.state == "published" and _may_write(user)
