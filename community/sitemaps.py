"""sitemap.xml: boards, public threads, published knowledge articles, idea boards
and public ideas, with absolute URLs from SITE_URL."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap

from forum import seo
from forum.ideas.models import Idea, IdeaBoard, IdeaStatus
from forum.knowledge.models import Article
from forum.models import Board, Thread


class _SiteUrlSitemap(Sitemap):
    """Links use SITE_URL's scheme and host, whatever Host the request came with."""

    limit = 5000

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.SITE_URL).scheme or "https"


class BoardSitemap(_SiteUrlSitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return Board.objects.order_by("position", "name")

    def lastmod(self, board: Board):
        return board.last_activity_at


class ThreadSitemap(_SiteUrlSitemap):
    changefreq = "weekly"

    def items(self):
        return (
            seo.public_threads()
            .only("id", "slug", "last_activity_at", "solution_post")
            .order_by("-last_activity_at", "-id")
        )

    def lastmod(self, thread: Thread):
        return thread.last_activity_at

    def priority(self, thread: Thread) -> float:
        # Solved threads are what searchers want most.
        return 0.8 if thread.is_solved else 0.5


class ArticleSitemap(_SiteUrlSitemap):
    """Published articles only: archived ones answer with a notice but are
    ``noindex``, so they leave the sitemap too."""

    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return (
            Article.objects.published()
            .only("id", "slug", "updated_at", "last_reviewed_at")
            .order_by("-published_at", "-id")
        )

    def lastmod(self, article: Article):
        return max(filter(None, [article.updated_at, article.last_reviewed_at]))


class IdeaBoardSitemap(_SiteUrlSitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return IdeaBoard.objects.order_by("position", "name")


class IdeaSitemap(_SiteUrlSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        # A merged duplicate only points at the idea it joined.
        return (
            Idea.objects.public()
            .exclude(status=IdeaStatus.DUPLICATE)
            .only("id", "slug", "last_activity_at")
            .order_by("-last_activity_at", "-id")
        )

    def lastmod(self, idea: Idea):
        return idea.last_activity_at


SITEMAPS = {
    "boards": BoardSitemap,
    "threads": ThreadSitemap,
    "articles": ArticleSitemap,
    "idea-boards": IdeaBoardSitemap,
    "ideas": IdeaSitemap,
}
