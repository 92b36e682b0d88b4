"""Result clicks (/go/), "Did this answer your question?" and its include."""

import pytest
from django.template import Context, Template

from forum.deflection.models import EventKind, EventSource, JourneyEvent
from forum.deflection.selectors.journeys import came_from_search, helpful_prompt
from forum.moderation.models import BoardModerator
from tests.deflection.conftest import Visitor
from tests.factories import ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_result_click_is_logged_and_redirects_to_the_thread(client):
    thread = ThreadFactory()
    client.get("/support/contact/", {"q": "apn"})

    response = client.get(
        f"/go/{thread.pk}/", {"rank": "3", "source": "contact_suggestions"}
    )

    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    click = JourneyEvent.objects.get(kind=EventKind.RESULT_CLICK)
    assert (click.thread, click.rank, click.source) == (
        thread,
        3,
        EventSource.CONTACT_SUGGESTIONS,
    )


def test_the_click_url_cannot_redirect_anywhere_else(client):
    thread = ThreadFactory()

    response = client.get(
        f"/go/{thread.pk}/", {"next": "https://evil.example", "url": "//evil.example"}
    )

    assert response["Location"] == thread.get_absolute_url()
    assert response["Location"].startswith("/")


def test_hidden_or_missing_threads_are_404(client):
    hidden = ThreadFactory(is_hidden=True)

    assert client.get(f"/go/{hidden.pk}/").status_code == 404
    assert client.get("/go/999999/").status_code == 404


def test_pending_threads_are_404_to_strangers(client, customer):
    pending = ThreadFactory(is_approved=False)
    client.force_login(customer)

    assert client.get(f"/go/{pending.pk}/").status_code == 404
    assert client.post(f"/helpful/{pending.pk}/", {"answer": "yes"}).status_code == 404


def test_a_board_moderator_can_follow_and_rate_a_hidden_thread(client, board):
    hidden = ThreadFactory(board=board, is_hidden=True)
    moderator = UserFactory()
    BoardModerator.objects.create(user=moderator, board=board)
    client.force_login(moderator)
    client.get("/support/contact/", {"q": "apn"})

    clicked = client.get(f"/go/{hidden.pk}/")
    rated = client.post(f"/helpful/{hidden.pk}/", {"answer": "yes"})

    assert clicked.status_code == 302
    assert clicked["Location"] == hidden.get_absolute_url()
    assert rated.status_code == 302
    assert JourneyEvent.objects.filter(kind=EventKind.HELPFUL_YES).count() == 1


def test_the_author_of_a_pending_thread_can_follow_and_rate_it(client, customer):
    pending = ThreadFactory(author=customer, is_approved=False)
    client.force_login(customer)
    client.get("/support/contact/", {"q": "apn"})

    clicked = client.get(f"/go/{pending.pk}/")
    rated = client.post(f"/helpful/{pending.pk}/", {"answer": "no"})

    assert clicked.status_code == 302
    assert rated.status_code == 302
    assert JourneyEvent.objects.filter(kind=EventKind.HELPFUL_NO).count() == 1


def test_a_bad_rank_or_source_is_ignored(client):
    thread = ThreadFactory()
    client.get("/support/contact/", {"q": "apn"})

    client.get(f"/go/{thread.pk}/", {"rank": "-1", "source": "<script>"})

    click = JourneyEvent.objects.get(kind=EventKind.RESULT_CLICK)
    assert (click.rank, click.source) == (None, EventSource.SEARCH_PAGE)


def test_the_thread_knows_when_the_visitor_came_from_a_search(clock):
    thread, other = ThreadFactory(), ThreadFactory()
    visitor = Visitor()
    visitor.search("apn", thread)
    visitor.click(thread)

    assert came_from_search(visitor.request(), thread) is True
    assert came_from_search(visitor.request(), other) is False
    clock.advance(minutes=30)
    assert came_from_search(visitor.request(), thread) is False


def render_helpful(visitor, thread) -> str:
    template = Template(
        '{% include "deflection/includes/_helpful.html" with thread=thread %}'
    )
    prompt = helpful_prompt(visitor.request(), thread.pk)
    return template.render(Context({"prompt": prompt, "thread": thread}))


def test_the_helpful_include_asks_only_after_a_search_click(clock):
    thread = ThreadFactory()
    visitor = Visitor()
    assert "Did this answer" not in render_helpful(visitor, thread)

    visitor.search("apn", thread)
    visitor.click(thread)

    html = render_helpful(visitor, thread)
    assert "Did this answer your question?" in html
    assert f'action="/helpful/{thread.pk}/"' in html


def test_saying_yes_records_it_once_and_thanks_the_visitor(client):
    thread = ThreadFactory()
    client.get("/support/contact/", {"q": "apn"})
    client.get(f"/go/{thread.pk}/")

    response = client.post(f"/helpful/{thread.pk}/", {"answer": "yes"})
    client.post(f"/helpful/{thread.pk}/", {"answer": "yes"})

    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url() + "#helpful"
    assert JourneyEvent.objects.filter(kind=EventKind.HELPFUL_YES).count() == 1


def test_saying_no_is_recorded(client):
    thread = ThreadFactory()
    client.get("/support/contact/", {"q": "apn"})
    client.get(f"/go/{thread.pk}/")

    client.post(f"/helpful/{thread.pk}/", {"answer": "no"})

    assert JourneyEvent.objects.filter(kind=EventKind.HELPFUL_NO).count() == 1


def test_a_bad_answer_is_400(client):
    thread = ThreadFactory()

    assert client.post(f"/helpful/{thread.pk}/", {"answer": "maybe"}).status_code == 400


def test_the_helpful_endpoint_needs_post_and_csrf(client):
    from django.test import Client

    thread = ThreadFactory()

    assert client.get(f"/helpful/{thread.pk}/").status_code == 405
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(f"/helpful/{thread.pk}/", {"answer": "yes"}).status_code == 403


def test_result_url_builds_a_tracked_link():
    thread = ThreadFactory()
    html = Template(
        "{% load deflection %}{% result_url thread 2 'ask_suggestions' %}"
    ).render(Context({"thread": thread}))

    assert html == f"/go/{thread.pk}/?rank=2&amp;source=ask_suggestions"
