"""Following knowledge articles: followers hear when a published article changes."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.models import User
from forum import permissions
from forum.knowledge.models import Article, ArticleFollow
from forum.services.guards import refuse_suspended
from forum.services.reactions import create_once


@permissions.roles_from_database
def follow_article(article: Article, *, by: User) -> bool:
    """Follow a published article's updates; True if new. Raises PermissionDenied."""
    if not by.is_authenticated:
        raise PermissionDenied(_("Sign in to follow articles."))
    refuse_suspended(by)
    if not permissions.can_follow_article(by, article):
        raise PermissionDenied(_("Only published articles can be followed."))
    return create_once(ArticleFollow, article=article, user=by)


def unfollow_article(article: Article, *, by: User) -> bool:
    """Stop following an article, whatever its state; True if the member was
    following. Raises PermissionDenied for visitors."""
    if not by.is_authenticated:
        raise PermissionDenied(_("Sign in to change what you follow."))
    deleted = ArticleFollow.objects.filter(article=article, user=by).delete()[0]
    return bool(deleted)
