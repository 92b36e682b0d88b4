"""What the knowledge base's community pages read: feedback for owners and
reviewers, a reader's own answer and follow."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page
from django.db.models import (
    Count,
    F,
    FloatField,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast, Greatest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.models import User
from forum import permissions
from forum.knowledge.models import Article, ArticleFeedback, ArticleFollow
from forum.selectors import paginate

FEEDBACK_PER_PAGE = 20
# Comments shown under each article on the owners' list; the rest are on the
# article's own feedback page.
RECENT_COMMENTS = 3


def visible_article(user: User, article_id: int) -> Article:
    """An article the user may open; raises Http404."""
    return get_object_or_404(permissions.articles_visible_to(user), pk=article_id)


def _open_comments():
    return ArticleFeedback.objects.filter(resolved_at=None).exclude(comment="")


def feedback_list(user: User, page_number) -> Page:
    """The articles whose feedback the user reads (their own; reviewers: all),
    those with the most "not helpful" answers first (count, then share), each with
    its open comments count and latest open comments."""
    articles = Article.objects.filter(Q(helpful_count__gt=0) | Q(unhelpful_count__gt=0))
    if not permissions.can_review_articles(user):
        articles = articles.filter(owner=user)
    answers = F("helpful_count") + F("unhelpful_count")
    articles = (
        articles.select_related("owner")
        .annotate(
            negative_share=Cast("unhelpful_count", FloatField())
            / Cast(Greatest(answers, Value(1)), FloatField()),
            open_comment_count=Count(
                "feedback",
                filter=Q(feedback__resolved_at=None) & ~Q(feedback__comment=""),
            ),
        )
        .prefetch_related(
            Prefetch(
                "feedback",
                queryset=_open_comments()
                .select_related("user")
                .order_by("-created_at", "-id")[:RECENT_COMMENTS],
                to_attr="recent_comments",
            )
        )
        .order_by("-unhelpful_count", "-negative_share", "-id")
    )
    return paginate(articles, page_number, per_page=FEEDBACK_PER_PAGE)


def article_feedback(user: User, article_id: int, page_number) -> tuple[Article, Page]:
    """An article and its readers' comments, open ones first, for its owner and
    reviewers; raises Http404 (not visible) or PermissionDenied."""
    article = visible_article(user, article_id)
    if not permissions.can_view_article_feedback(user, article):
        raise PermissionDenied(
            _("Only the article's owner and reviewers read its feedback.")
        )
    comments: QuerySet = (
        ArticleFeedback.objects.filter(article=article)
        .exclude(comment="")
        .select_related("user")
        .order_by(F("resolved_at").desc(nulls_first=True), "-created_at", "-id")
    )
    return article, paginate(comments, page_number, per_page=FEEDBACK_PER_PAGE)


def reader_state(user: User, article: Article) -> dict:
    """What the article page shows for this member: whether they follow it and
    their earlier answer (two queries; none for visitors)."""
    if not user.is_authenticated:
        return {"is_following": False, "my_feedback": None}
    return {
        "is_following": ArticleFollow.objects.filter(
            article=article, user=user
        ).exists(),
        "my_feedback": ArticleFeedback.objects.filter(article=article, user=user)
        .only("helpful", "comment")
        .first(),
    }
