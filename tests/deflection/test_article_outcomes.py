"""Knowledge articles in journeys: counted exactly like threads (DESIGN.md's
definitions unchanged), and the daily per-article stats."""

import pytest
from django.db.models import Sum

from forum.deflection.models import (
    DailyArticleStats,
    DailyBoardStats,
    DailyThreadStats,
    EventKind,
    Journey,
    JourneyEvent,
)
from forum.deflection.services.aggregation import build_deflection_stats
from tests.deflection.conftest import Visitor, build
from tests.factories import ArticleFactory, BoardFactory, ThreadFactory

pytestmark = pytest.mark.django_db


def board_totals() -> dict:
    names = ["deflected", "engaged", "confirmed", "failed", "tickets", "clicks"]
    sums = DailyBoardStats.objects.aggregate(**{name: Sum(name) for name in names})
    return {name: value or 0 for name, value in sums.items()}


def test_search_click_and_yes_on_an_article_is_a_confirmed_deflection(clock):
    article = ArticleFactory()
    visitor = Visitor()
    visitor.search("apn settings", article)
    visitor.click_article(article)
    visitor.view_article(article)
    visitor.rates_article(article, helpful=True)

    build(clock)

    journey = Journey.objects.get()
    assert (journey.deflected, journey.engaged, journey.confirmed_helpful) == (
        True,
        True,
        True,
    )
    row = DailyArticleStats.objects.get(article=article)
    assert (row.opened, row.deflected, row.confirmed, row.failed) == (1, 1, 1, 0)
    assert (row.helpful_yes, row.helpful_no) == (1, 0)
    assert not DailyThreadStats.objects.exists()


def test_a_click_on_an_article_then_a_ticket_is_a_failed_deflection(clock):
    article = ArticleFactory()
    visitor = Visitor()
    visitor.search("refund", article)
    visitor.click_article(article)
    visitor.submits_ticket()

    build(clock)

    assert board_totals() | {"clicks": 0} == {
        "deflected": 0,
        "engaged": 0,
        "confirmed": 0,
        "failed": 1,
        "tickets": 1,
        "clicks": 0,
    }
    row = DailyArticleStats.objects.get(article=article)
    assert (row.opened, row.deflected, row.failed) == (1, 0, 1)


def test_opening_an_article_without_a_click_is_an_engaged_deflection(clock):
    article = ArticleFactory()
    visitor = Visitor()
    visitor.search("esim")
    visitor.view_article(article)

    build(clock)

    assert board_totals()["engaged"] == 1
    row = DailyArticleStats.objects.get(article=article)
    assert (row.opened, row.deflected, row.confirmed) == (1, 1, 0)


def test_an_article_view_without_a_search_opens_no_journey(clock):
    article = ArticleFactory()

    Visitor().view_article(article)
    build(clock)

    assert not JourneyEvent.objects.exists()
    assert not DailyArticleStats.objects.exists()


def test_a_no_counts_in_helpfulness_but_not_as_confirmed(clock):
    article = ArticleFactory()
    visitor = Visitor()
    visitor.search("roaming", article)
    visitor.view_article(article)
    visitor.rates_article(article, helpful=False)

    build(clock)

    row = DailyArticleStats.objects.get(article=article)
    assert (row.confirmed, row.helpful_yes, row.helpful_no) == (0, 0, 1)
    assert board_totals()["confirmed"] == 0


def test_a_ticket_after_a_yes_still_counts_the_answer_but_no_confirmation(clock):
    article = ArticleFactory()
    visitor = Visitor()
    visitor.search("roaming", article)
    visitor.click_article(article)
    visitor.rates_article(article, helpful=True)
    visitor.submits_ticket()

    build(clock)

    row = DailyArticleStats.objects.get(article=article)
    assert (row.confirmed, row.helpful_yes, row.failed) == (0, 1, 1)


def test_a_thread_and_an_article_with_the_same_id_are_counted_apart(clock):
    thread, article = ThreadFactory(), ArticleFactory()
    visitor = Visitor()
    visitor.search("apn", thread, article)
    visitor.view(thread)
    visitor.view_article(article)

    build(clock)

    assert DailyThreadStats.objects.get(thread=thread).opened == 1
    assert DailyArticleStats.objects.get(article=article).opened == 1


def test_an_article_journey_takes_the_board_of_its_first_search(clock):
    first, second = BoardFactory(), BoardFactory()
    article = ArticleFactory()
    article.boards.set([second, first])
    visitor = Visitor()
    visitor.search("apn", article)
    visitor.view_article(article)

    build(clock)

    assert Journey.objects.get().board == first
    assert DailyArticleStats.objects.get().board == first


def test_a_board_filter_beats_the_top_articles_board(clock):
    chosen, other = BoardFactory(), BoardFactory()
    article = ArticleFactory()
    article.boards.set([other])

    Visitor().search("apn", article, board=chosen)
    build(clock)

    assert Journey.objects.get().board == chosen


def test_a_deleted_article_leaves_the_journey_but_no_article_row(clock):
    article = ArticleFactory()
    visitor = Visitor()
    visitor.search("apn", article)
    visitor.view_article(article)
    article.delete()

    build(clock)

    # The visitor did open something, as with a deleted thread.
    assert Journey.objects.get().engaged is True
    assert not DailyArticleStats.objects.exists()


def test_the_article_stats_are_rebuilt_idempotently(clock):
    article = ArticleFactory()
    visitor = Visitor()
    visitor.search("apn", article)
    visitor.view_article(article)
    build(clock)

    build_deflection_stats()
    build_deflection_stats(full=True)

    assert DailyArticleStats.objects.get().opened == 1
    assert JourneyEvent.objects.filter(kind=EventKind.ARTICLE_VIEW).count() == 1
