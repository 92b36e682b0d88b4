"""What the knowledge base's pages and endpoints read, each with the joins and
prefetches its template or serializer touches."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from forum import permissions
from forum.console import conf as console_conf
from forum.knowledge.models import (
    Article,
    ArticleCategory,
    ArticleState,
    ArticleVersion,
)
from forum.models import Board

ARTICLES_PER_PAGE = 20
HOME_RECENT = 8
HOME_POPULAR = 5


def review_due_before() -> datetime:
    """Articles last reviewed before this moment may be out of date."""
    return timezone.now() - timedelta(days=console_conf.article_review_days())


def is_out_of_date(article: Article) -> bool:
    """A published article whose last review is older than the review interval."""
    if article.state != ArticleState.PUBLISHED:
        return False
    reviewed = article.last_reviewed_at or article.published_at
    return reviewed is None or reviewed < review_due_before()


def _listed(articles: QuerySet[Article]) -> QuerySet[Article]:
    """What an article row in a list shows: category, owner, tags."""
    return articles.select_related("category", "owner").prefetch_related("tags")


def knowledge_home(viewer: User) -> dict:
    """The categories with their published article counts, the newest and the most
    read published articles."""
    published = Article.objects.published()
    categories = ArticleCategory.objects.annotate(
        article_count=Count("articles", filter=Q(articles__state="published"))
    )
    return {
        "categories": list(categories),
        "recent": list(
            _listed(published).order_by("-published_at", "-id")[:HOME_RECENT]
        ),
        "popular": list(
            _listed(published).order_by("-view_count", "-id")[:HOME_POPULAR]
        ),
    }


def category_by_slug(slug: str) -> ArticleCategory:
    """The category, or 404."""
    return get_object_or_404(ArticleCategory, slug=slug)


def paginate(queryset, page_number, *, per_page: int = ARTICLES_PER_PAGE) -> Page:
    """One page of ``queryset``; a malformed or too large number gives the
    nearest page, never an error."""
    return Paginator(queryset, per_page).get_page(page_number)


def category_articles(category: ArticleCategory, page_number) -> Page:
    """The category's published articles, newest first, one page."""
    articles = _listed(Article.objects.published().filter(category=category))
    return paginate(articles.order_by("-published_at", "-id"), page_number)


def published_articles(
    *, category: str = "", board: str = "", tag: str = ""
) -> QuerySet[Article]:
    """Published articles, newest first, filtered by category slug, board slug
    or tag (an unknown one matches nothing)."""
    articles = Article.objects.published()
    if category:
        articles = articles.filter(category__slug=category)
    if board:
        articles = articles.filter(boards__slug=board)
    if tag:
        articles = articles.filter(tags__slug=tag)
    return (
        _listed(articles)
        .prefetch_related(
            Prefetch("boards", queryset=Board.objects.only("id", "slug", "name"))
        )
        .distinct()
        .order_by("-published_at", "-id")
    )


def unknown_article_filters(*, category: str, board: str, tag: str) -> list[str]:
    """The filters, among those given, that name no category, board or tag."""
    from taggit.models import Tag

    checks = [
        ("category", category, ArticleCategory.objects),
        ("board", board, Board.objects),
        ("tag", tag, Tag.objects),
    ]
    return [
        name
        for name, slug, objects in checks
        if slug and not objects.filter(slug=slug[:200]).exists()
    ]


def article_detail(viewer: User, article_id: int) -> Article:
    """The article with everything its page shows, or 404 when the viewer may not
    see it."""
    articles = (
        permissions.articles_visible_to(viewer)
        .select_related(
            "category",
            "owner",
            "credited_to",
            "last_reviewed_by",
            "source_thread",
            "source_thread__board",
        )
        .prefetch_related("tags", "boards")
    )
    return get_object_or_404(articles, pk=article_id)


def article_for_action(viewer: User, article_id: int) -> Article:
    """The article a form or action works on (no joins), or 404 when unseen."""
    articles = permissions.articles_visible_to(viewer).select_related("category")
    return get_object_or_404(articles.prefetch_related("tags", "boards"), pk=article_id)


def article_versions(article: Article) -> list[ArticleVersion]:
    """Every saved version, newest first, with who saved it."""
    return list(article.versions.select_related("created_by").order_by("-number"))


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "equal", "insert" or "delete"
    old_number: int | None
    new_number: int | None
    text: str


def _diff_lines(old: str, new: str) -> list[DiffLine]:
    old_lines, new_lines = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    rows = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [
                DiffLine("equal", i + 1, j + 1, old_lines[i])
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            ]
            continue
        rows += [DiffLine("delete", i + 1, None, old_lines[i]) for i in range(i1, i2)]
        rows += [DiffLine("insert", None, j + 1, new_lines[j]) for j in range(j1, j2)]
    return rows


def _version_number(value, default: int) -> int:
    return int(value) if str(value or "").isdigit() else default


def version_diff(article: Article, *, old=None, new=None) -> dict:
    """Two versions and the line-by-line difference of their title, summary and
    Markdown; by default the latest against the one before. Raises Http404 for a
    version that does not exist."""
    new_number = _version_number(new, article.version)
    old_number = _version_number(old, max(new_number - 1, 1))
    versions = {
        version.number: version
        for version in article.versions.select_related("created_by").filter(
            number__in=[old_number, new_number]
        )
    }
    if old_number not in versions or new_number not in versions:
        raise Http404(_("No such version of this article."))
    before, after = versions[old_number], versions[new_number]
    lines = _diff_lines(before.body, after.body)
    title_changed = before.title != after.title
    summary_changed = before.summary != after.summary
    return {
        "old": before,
        "new": after,
        "title_changed": title_changed,
        "summary_changed": summary_changed,
        "lines": lines,
        "changed": title_changed
        or summary_changed
        or any(line.kind != "equal" for line in lines),
    }


def review_queue(viewer: User) -> list[Article]:
    """Articles waiting for review, oldest submission first: for reviewers."""
    if not permissions.can_review_articles(viewer):
        return []
    articles = Article.objects.filter(state=ArticleState.IN_REVIEW)
    return list(_listed(articles).order_by("submitted_at", "id"))


def my_articles(viewer: User) -> list[Article]:
    """The viewer's own unpublished articles (drafts, returned ones, in review)."""
    if not permissions.can_author_articles(viewer):
        return []
    articles = Article.objects.filter(
        Q(owner=viewer) | Q(created_by=viewer),
        state__in=[ArticleState.DRAFT, ArticleState.IN_REVIEW],
    )
    return list(_listed(articles).order_by("-updated_at", "-id"))


def articles_due_for_review(viewer: User) -> list[Article]:
    """Published articles past their review date: all of them for reviewers,
    the viewer's own for other authors; longest unreviewed first."""
    if not permissions.can_author_articles(viewer):
        return []
    due = Article.objects.published().filter(
        Q(last_reviewed_at__lt=review_due_before()) | Q(last_reviewed_at__isnull=True)
    )
    if not permissions.can_review_articles(viewer):
        due = due.filter(owner=viewer)
    return list(_listed(due).order_by("last_reviewed_at", "id"))


def feed_articles(limit: int) -> list[Article]:
    """The newest published articles, for the feed."""
    articles = Article.objects.published().select_related("owner", "category")
    return list(articles.prefetch_related("tags").order_by("-published_at")[:limit])
