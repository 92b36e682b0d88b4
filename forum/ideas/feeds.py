"""Atom feed of an idea board's newest public ideas; links absolute, from SITE_URL."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from forum import seo
from forum.console import conf as console_conf
from forum.ideas import selectors
from forum.ideas.models import Idea, IdeaBoard, IdeaStatus

FEED_SIZE = 30
SUMMARY_WORDS = 80


class IdeaBoardFeed(Feed):
    """The newest public ideas of one idea board (merged duplicates left out)."""

    feed_type = Atom1Feed
    item_guid_is_permalink = False

    def get_object(self, request, slug: str) -> IdeaBoard:
        return selectors.idea_board_detail(slug)

    def title(self, board: IdeaBoard) -> str:
        return _("Ideas: %(board)s · %(site)s") % {
            "board": board.name,
            "site": console_conf.site_name(),
        }

    def subtitle(self, board: IdeaBoard) -> str:
        return board.description or _("New ideas in %(board)s.") % {"board": board.name}

    def link(self, board: IdeaBoard) -> str:
        return seo.absolute_url(board.get_absolute_url())

    def feed_url(self, board: IdeaBoard) -> str:
        return seo.absolute_url(reverse("ideas:board_feed", args=[board.slug]))

    def items(self, board: IdeaBoard) -> list[Idea]:
        return list(
            selectors.public_ideas()
            .filter(board=board)
            .exclude(status=IdeaStatus.DUPLICATE)
            .select_related("author")
            .prefetch_related("tags")
            .order_by("-created_at", "-id")[:FEED_SIZE]
        )

    def item_title(self, idea: Idea) -> str:
        return idea.title

    def item_description(self, idea: Idea) -> str:
        return Truncator(strip_tags(idea.body_html)).words(SUMMARY_WORDS)

    def item_link(self, idea: Idea) -> str:
        return seo.absolute_url(idea.get_absolute_url())

    def item_guid(self, idea: Idea) -> str:
        return seo.absolute_url(f"/ideas/{idea.pk}/")

    def item_author_name(self, idea: Idea) -> str:
        return idea.author.name if idea.author else _("Former member")

    def item_pubdate(self, idea: Idea):
        return idea.created_at

    def item_categories(self, idea: Idea) -> list[str]:
        return [tag.name for tag in idea.tags.all()]
