"""Knowledge articles on the request path: views once per journey, clicks,
"did this help?" answers, search results naming articles, and the knowledge
base's hooks (forum.knowledge.journeys), which never raise."""

import logging

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from forum.deflection.models import EventKind, EventSource, JourneyEvent
from forum.deflection.services import (
    event_writer,
    record_article_view,
    record_event,
    record_search,
)
from forum.knowledge import journeys
from tests.deflection.conftest import Visitor
from tests.factories import ArticleFactory, BoardFactory, ThreadFactory

pytestmark = pytest.mark.django_db


def inserts(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("INSERT")]


def test_a_search_keeps_the_ids_of_the_articles_and_threads_it_found(clock):
    thread, article, second = ThreadFactory(), ArticleFactory(), ArticleFactory()

    Visitor().search("apn settings", article, thread, second)

    event = JourneyEvent.objects.get()
    assert event.top_article_ids == [article.pk, second.pk]
    assert event.top_thread_ids == [thread.pk]
    assert event.result_count == 3


def test_a_search_with_an_article_on_top_takes_the_articles_first_board(clock):
    first, second = BoardFactory(), BoardFactory()
    article, thread = ArticleFactory(), ThreadFactory(board=second)
    article.boards.set([second, first])

    Visitor().search("apn settings", article, thread)

    assert JourneyEvent.objects.get().board == first


def test_a_search_logs_one_insert_with_an_article_on_top(clock):
    article = ArticleFactory()
    article.boards.set([BoardFactory()])
    visitor = Visitor()
    visitor.search("warmup")

    with CaptureQueriesContext(connection) as queries:
        clock.advance(seconds=10)
        visitor.search("nbn dropouts", article)

    assert len(inserts(queries)) == 1


def test_an_article_view_is_logged_once_per_journey(clock):
    article = ArticleFactory()
    visitor = Visitor()
    visitor.search("apn settings", article)

    visitor.view_article(article)
    visitor.view_article(article)

    [view] = JourneyEvent.objects.filter(kind=EventKind.ARTICLE_VIEW)
    assert (view.article, view.thread) == (article, None)
    assert article.pk in visitor.state["a_viewed"]


def test_a_thread_view_does_not_hide_an_article_view_with_the_same_id(clock):
    thread, article = ThreadFactory(), ArticleFactory()
    visitor = Visitor()
    visitor.search("apn settings")
    visitor.view(thread)

    visitor.view_article(article)

    assert JourneyEvent.objects.filter(kind=EventKind.ARTICLE_VIEW).count() == 1
    assert JourneyEvent.objects.filter(kind=EventKind.THREAD_VIEW).count() == 1


def test_an_article_view_in_a_new_journey_is_logged_again(clock):
    article = ArticleFactory()
    visitor = Visitor()
    visitor.search("apn settings", article)
    visitor.view_article(article)
    clock.advance(minutes=31)
    visitor.search("apn settings", article)

    visitor.view_article(article)

    assert JourneyEvent.objects.filter(kind=EventKind.ARTICLE_VIEW).count() == 2


def test_an_article_view_outside_a_journey_is_not_logged(clock):
    Visitor().view_article(ArticleFactory())

    assert not JourneyEvent.objects.exists()


def test_an_article_click_is_logged_with_rank_and_source(clock):
    article = ArticleFactory()
    visitor = Visitor()
    visitor.search("apn settings", article)

    visitor.click_article(article, rank=3, source=EventSource.CONTACT_SUGGESTIONS)

    click = JourneyEvent.objects.get(kind=EventKind.RESULT_CLICK)
    assert (click.article, click.rank, click.source) == (
        article,
        3,
        EventSource.CONTACT_SUGGESTIONS,
    )
    assert article.pk in visitor.state["a_opened"]


@pytest.mark.parametrize(
    ("helpful", "kind"), [(True, EventKind.HELPFUL_YES), (False, EventKind.HELPFUL_NO)]
)
def test_feedback_on_an_article_is_a_helpful_answer(clock, helpful, kind):
    article = ArticleFactory()
    visitor = Visitor()
    visitor.search("apn settings", article)

    visitor.rates_article(article, helpful=helpful)

    answer = JourneyEvent.objects.get(kind=kind)
    assert answer.article == article


def test_a_second_answer_on_the_same_article_is_not_logged(clock):
    article = ArticleFactory()
    visitor = Visitor()
    visitor.search("apn settings", article)

    visitor.rates_article(article, helpful=True)
    visitor.rates_article(article, helpful=False)

    answers = JourneyEvent.objects.exclude(kind=EventKind.SEARCH)
    assert list(answers.values_list("kind", flat=True)) == [EventKind.HELPFUL_YES]


def test_the_knowledge_hooks_never_raise(clock, monkeypatch, caplog):
    article = ArticleFactory()
    visitor = Visitor()
    visitor.search("apn settings", article)
    monkeypatch.setattr(JourneyEvent._meta, "db_table", "deflection_missing_table")

    with caplog.at_level(logging.ERROR, logger="forum"):
        journeys.article_viewed(visitor.request(), article)
        journeys.article_feedback_given(visitor.request(), article, helpful=True)
        journeys.article_viewed(None, article)

    assert "Could not record" in caplog.text


def test_an_event_naming_both_a_thread_and_an_article_is_refused(clock, caplog):
    thread, article = ThreadFactory(), ArticleFactory()
    visitor = Visitor()
    visitor.search("apn settings", thread, article)

    with caplog.at_level(logging.ERROR, logger="forum.deflection"):
        record_event(
            visitor.request(), EventKind.RESULT_CLICK, thread=thread, article=article
        )

    assert JourneyEvent.objects.filter(kind=EventKind.RESULT_CLICK).count() == 0
    assert "Could not record" in caplog.text


@pytest.fixture
def batched(settings):
    settings.DEFLECTION_EVENT_FLUSH_SECONDS = 3600
    yield
    with event_writer._lock:
        event_writer._pending.clear()


def test_an_article_view_gets_its_board_when_written(clock, batched):
    board = BoardFactory()
    article = ArticleFactory()
    article.boards.set([board])
    visitor = Visitor()
    visitor.search("apn settings", article)
    request = visitor.request()

    with CaptureQueriesContext(connection) as queries:
        record_article_view(request, article.pk)
    assert queries.captured_queries == []  # nothing is read on the request

    event_writer.flush_pending_events()
    view = JourneyEvent.objects.get(kind=EventKind.ARTICLE_VIEW)
    assert (view.article_id, view.board_id) == (article.pk, board.pk)
    assert JourneyEvent.objects.get(kind=EventKind.SEARCH).board_id == board.pk


@pytest.mark.django_db(transaction=True)
def test_an_event_for_a_deleted_article_is_dropped_from_its_batch(clock, batched):
    article = ArticleFactory()
    visitor = Visitor()
    visitor.search("apn settings", article)
    visitor.view_article(article)
    article.delete()

    assert event_writer.flush_pending_events() == 2

    assert list(JourneyEvent.objects.values_list("kind", flat=True)) == [
        EventKind.SEARCH
    ]


def test_bare_articles_in_a_result_list_count_as_articles(clock):
    thread, article = ThreadFactory(), ArticleFactory()
    request = Visitor().request()

    record_search(
        request,
        query="apn",
        results=[article, thread],
        source=EventSource.SEARCH_PAGE,
    )

    event = JourneyEvent.objects.get()
    assert (event.top_article_ids, event.top_thread_ids) == ([article.pk], [thread.pk])


def test_the_article_result_link_goes_through_the_tracked_redirect():
    article = ArticleFactory()

    html = Template(
        '{% load deflection %}{% article_result_url article 2 "ask_suggestions" %}'
    ).render(Context({"article": article}))

    assert html == f"/go/a/{article.pk}/?rank=2&amp;source=ask_suggestions"
