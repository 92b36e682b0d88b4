"""Atom feeds: the newest threads of a board, and recently solved threads. Public
content only; every link absolute, from SITE_URL."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from forum import seo
from forum.console import conf as console_conf
from forum.models import Board, Thread

FEED_SIZE = 30
SUMMARY_WORDS = 80


class _ThreadFeed(Feed):
    feed_type = Atom1Feed

    def item_title(self, thread: Thread) -> str:
        return thread.title

    def item_description(self, thread: Thread) -> str:
        return Truncator(seo.plain_text(thread.first_post)).words(SUMMARY_WORDS)

    def item_link(self, thread: Thread) -> str:
        return seo.absolute_url(thread.get_absolute_url())

    def item_guid(self, thread: Thread) -> str:
        return seo.absolute_url(f"/t/{thread.pk}/")

    item_guid_is_permalink = False

    def item_author_name(self, thread: Thread) -> str:
        return thread.author.name if thread.author else _("Former member")

    def item_pubdate(self, thread: Thread):
        return thread.created_at

    def item_categories(self, thread: Thread) -> list[str]:
        return [tag.name for tag in thread.tags.all()]

    def _items(self, threads):
        return list(
            threads.select_related("board", "author", "first_post").prefetch_related(
                "tags"
            )[:FEED_SIZE]
        )


class BoardFeed(_ThreadFeed):
    """The newest public threads of one board."""

    def get_object(self, request, slug: str) -> Board:
        return get_object_or_404(Board, slug=slug)

    def title(self, board: Board) -> str:
        return f"{board.name} · {console_conf.site_name()}"

    def subtitle(self, board: Board) -> str:
        return board.description or _("New threads in %(board)s.") % {
            "board": board.name
        }

    def link(self, board: Board) -> str:
        return seo.absolute_url(board.get_absolute_url())

    def feed_url(self, board: Board) -> str:
        return seo.absolute_url(reverse("board_feed", args=[board.slug]))

    def items(self, board: Board) -> list[Thread]:
        threads = seo.public_threads().filter(board=board).order_by("-created_at")
        return self._items(threads)

    def item_updateddate(self, thread: Thread):
        return thread.last_activity_at


class SolvedFeed(_ThreadFeed):
    """Recently solved public threads, newest solution first."""

    def title(self) -> str:
        return _("Solved questions · %(site)s") % {"site": console_conf.site_name()}

    def subtitle(self) -> str:
        return _("Questions with an accepted solution.")

    def link(self) -> str:
        return seo.absolute_url("/")

    def feed_url(self) -> str:
        return seo.absolute_url(reverse("solved_feed"))

    def items(self) -> list[Thread]:
        threads = seo.public_threads().solved().order_by("-accepted_at", "-id")
        return self._items(threads)

    def item_updateddate(self, thread: Thread):
        return thread.accepted_at
