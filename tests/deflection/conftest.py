from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import import_module
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import timezone

from forum.deflection.models import EventKind, EventSource
from forum.deflection.services import journey_store, record_event, record_search
from forum.deflection.services.aggregation import build_deflection_stats
from forum.knowledge import journeys
from forum.knowledge.models import Article
from forum.search import SearchHit, SearchResults

BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36"
)
SYDNEY = ZoneInfo("Australia/Sydney")
# A Tuesday morning in Sydney, far from midnight so journeys stay on one day.
START = datetime(2026, 3, 10, 9, 0, tzinfo=SYDNEY)


class Clock:
    """The time every service sees (``timezone.now``), moved by the test."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(START)
    monkeypatch.setattr(timezone, "now", clock)
    return clock


@dataclass
class ArticleHit:
    """A search hit naming a knowledge article (``thread`` empty), the shape
    ``forum.search.results.SearchHit`` takes for articles."""

    article: Any
    thread: Any = None
    snippet: str = ""
    rank: float = 1.0


def _hit(item):
    if isinstance(item, Article):
        return ArticleHit(article=item)
    return SearchHit(thread=item, snippet="", rank=1.0)


def results_for(*items, total: int | None = None) -> SearchResults:
    """Results listing these threads and articles, in order."""
    hits = [_hit(item) for item in items]
    return SearchResults(
        query="", hits=hits, total=len(hits) if total is None else total
    )


class Visitor:
    """One browser: its journey cookie persists between its requests."""

    def __init__(self, user=None, user_agent: str = BROWSER):
        self.session = import_module(settings.SESSION_ENGINE).SessionStore()
        self.cookies: dict[str, str] = {}
        self.user = user or AnonymousUser()
        self.user_agent = user_agent

    def request(self):
        request = RequestFactory().get("/", HTTP_USER_AGENT=self.user_agent)
        request.session, request.user = self.session, self.user
        request.COOKIES = dict(self.cookies)
        return request

    def _send(self, record, *args, **kwargs):
        request = self.request()
        record(request, *args, **kwargs)
        if journey_store.changed(request):
            self.cookies[journey_store.COOKIE_NAME] = journey_store.token(request)

    def search(self, query, *threads, source=EventSource.SEARCH_PAGE, board=None):
        self._send(
            record_search,
            query=query,
            results=results_for(*threads),
            source=source,
            board=board,
        )

    def click(self, thread, rank=1, source=EventSource.SEARCH_PAGE):
        self._send(
            record_event,
            EventKind.RESULT_CLICK,
            thread=thread,
            rank=rank,
            source=source,
        )

    def view(self, thread):
        self._send(record_event, EventKind.THREAD_VIEW, thread=thread)

    def says_yes(self, thread):
        self._send(record_event, EventKind.HELPFUL_YES, thread=thread)

    def says_no(self, thread):
        self._send(record_event, EventKind.HELPFUL_NO, thread=thread)

    def click_article(self, article, rank=1, source=EventSource.SEARCH_PAGE):
        self._send(
            record_event,
            EventKind.RESULT_CLICK,
            article=article,
            rank=rank,
            source=source,
        )

    def view_article(self, article):
        self._send(journeys.article_viewed, article)

    def rates_article(self, article, *, helpful: bool):
        self._send(journeys.article_feedback_given, article, helpful=helpful)

    def submits_ticket(self):
        self._send(record_event, EventKind.TICKET_STARTED)
        self._send(record_event, EventKind.TICKET_SUBMITTED)

    def posts_question(self):
        self._send(record_event, EventKind.QUESTION_POSTED)

    @property
    def state(self) -> dict:
        return journey_store.load(self.request())

    @property
    def journey_id(self):
        return self.state["id"]


@pytest.fixture
def visitor(db):
    return Visitor


def build(clock, **later):
    """Build the stats as of ``later`` after the clock (default: a day later)."""
    clock.advance(**(later or {"days": 1, "hours": 1}))
    return build_deflection_stats()
