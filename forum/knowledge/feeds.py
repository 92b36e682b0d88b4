"""An Atom feed of recently published knowledge articles (/kb/feed/)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext

from forum import seo
from forum.console import conf as console_conf
from forum.knowledge import selectors
from forum.knowledge.models import Article
from forum.knowledge.structured_data import article_description

FEED_SIZE = 30


class ArticleFeed(Feed):
    """The newest published articles, newest first."""

    feed_type = Atom1Feed
    item_guid_is_permalink = False

    def title(self) -> str:
        return gettext("Knowledge base · %(site)s") % {"site": console_conf.site_name()}

    def subtitle(self) -> str:
        return gettext("Newly published knowledge articles.")

    def link(self) -> str:
        return seo.absolute_url(reverse("knowledge:home"))

    def feed_url(self) -> str:
        return seo.absolute_url(reverse("knowledge:feed"))

    def items(self) -> list[Article]:
        return selectors.feed_articles(FEED_SIZE)

    def item_title(self, article: Article) -> str:
        return article.title

    def item_description(self, article: Article) -> str:
        return article_description(article, length=400)

    def item_link(self, article: Article) -> str:
        return seo.absolute_url(article.get_absolute_url())

    def item_guid(self, article: Article) -> str:
        return seo.absolute_url(reverse("knowledge:article_short", args=[article.pk]))

    def item_author_name(self, article: Article) -> str:
        return article.owner.name if article.owner else gettext("Former member")

    def item_pubdate(self, article: Article):
        return article.published_at

    def item_updateddate(self, article: Article):
        return article.updated_at

    def item_categories(self, article: Article) -> list[str]:
        return [article.category.name, *(tag.name for tag in article.tags.all())]
