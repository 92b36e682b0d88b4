"""Hidden and unapproved content is indistinguishable from missing on every
surface: pages, permalinks, search, lists, feeds, sitemap, API, profiles and
notifications."""

import pytest
from django.test import Client

from forum import services
from forum.models import Post, Thread
from forum.moderation import services as moderation
from forum.notifications.models import Notification
from forum.search.indexing import index_threads
from tests.factories import UserFactory

SECRET = "quokkasecret"


@pytest.fixture
def hidden(db, board, customer, other_customer, moderator):
    """A hidden thread, a thread awaiting approval and a hidden reply, each holding
    the secret word, plus a public thread that mentions a control word."""
    public = services.create_thread(
        board=board,
        author=customer,
        title="Wombat modem public question",
        body="Public wombat text.",
        tags="modem",
    )
    hidden_thread = services.create_thread(
        board=board,
        author=other_customer,
        title=f"Hidden {SECRET} thread",
        body=f"Hidden {SECRET} body.",
        tags=SECRET,
    )
    moderation.hide_post(hidden_thread.first_post, by=moderator, reason="Abuse")
    waiting = services.create_thread(
        board=board,
        author=other_customer,
        title=f"Waiting {SECRET} question",
        body=f"Waiting {SECRET} body.",
    )
    Thread.objects.filter(pk=waiting.pk).update(is_approved=False)
    Post.objects.filter(pk=waiting.first_post_id).update(is_approved=False)
    hidden_reply = services.post_reply(
        public, author=other_customer, body=f"Reply with {SECRET} inside."
    )
    moderation.hide_post(hidden_reply, by=moderator, reason="Spam")
    # Indexing runs on commit, which a test transaction never reaches.
    index_threads(Thread.objects.values_list("pk", flat=True))
    return {
        "public": public,
        "threads": [hidden_thread, waiting],
        "posts": [hidden_thread.first_post, waiting.first_post, hidden_reply],
        "author": other_customer,
    }


def _viewers(customer):
    signed_in = Client()
    signed_in.force_login(customer)
    return {"anonymous": Client(), "customer": signed_in}


VIEWERS = ["anonymous", "customer"]
LEAKS = [
    f"Hidden {SECRET} thread",
    f"Hidden {SECRET} body",
    f"Waiting {SECRET}",
    f"with {SECRET} inside",
    f'name":"{SECRET}',  # the hidden thread's tag, in the API's JSON
    f'name": "{SECRET}',
    f"/tags/{SECRET}/",
]


@pytest.mark.parametrize("viewer", VIEWERS)
def test_hidden_threads_and_posts_are_404_on_their_pages(hidden, customer, viewer):
    client = _viewers(customer)[viewer]
    for thread in hidden["threads"]:
        assert client.get(thread.get_absolute_url()).status_code == 404
        assert client.get(f"/api/v1/threads/{thread.pk}/").status_code == 404
    for post in hidden["posts"]:
        assert client.get(f"/p/{post.pk}/").status_code == 404
        assert client.get(f"/api/v1/posts/{post.pk}/").status_code == 404


SURFACES = [
    "/",
    "/b/nbn-internet/",
    "/b/nbn-internet/?show=unanswered",
    "/b/nbn-internet/feed/",
    "/solved/feed/",
    "/sitemap.xml",
    "/api/v1/threads/",
    "/api/v1/tags/",
    "/tags/modem/",
    f"/search/?q={SECRET}",
    f"/search/?q=wombat+{SECRET}",
    f"/api/v1/search/?q={SECRET}",
    "/u/dan/",
]


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("url", SURFACES)
def test_hidden_content_leaks_onto_no_list_or_feed(hidden, customer, viewer, url):
    client = _viewers(customer)[viewer]
    response = client.get(url)
    assert response.status_code in (200, 404)
    body = response.content.decode()
    # Search pages echo the query itself; what must not show is the content.
    for text in LEAKS:
        assert text not in body
    for thread in hidden["threads"]:
        assert thread.get_absolute_url() not in body
        assert f'"id":{thread.pk},"title"' not in body.replace(" ", "")


def test_the_public_control_thread_does_show_up(hidden, client):
    assert "public question" in client.get("/search/?q=wombat").content.decode()
    assert "Wombat modem" in client.get("/b/nbn-internet/feed/").content.decode()
    assert (
        hidden["public"].get_absolute_url()
        in client.get("/sitemap.xml").content.decode()
    )


def test_the_public_threads_reply_list_leaves_the_hidden_reply_out(hidden, client):
    public = hidden["public"]
    for url in (public.get_absolute_url(), f"/api/v1/threads/{public.pk}/posts/"):
        assert SECRET not in client.get(url).content.decode()


def test_a_notification_about_a_hidden_post_does_not_leak_its_text(hidden, customer):
    reply = hidden["posts"][2]
    notification = Notification.objects.create(
        recipient=customer, kind="reply", thread=reply.thread, post=reply
    )
    client = _viewers(customer)["customer"]
    assert SECRET not in client.get("/notifications/").content.decode()
    opened = client.get(f"/notifications/{notification.pk}/")
    assert opened.status_code in (302, 404)
    if opened.status_code == 302:
        assert f"p{reply.pk}" not in opened["Location"]
        assert SECRET not in client.get(opened["Location"]).content.decode()


def test_a_waiting_question_is_shown_to_its_author_only(hidden, customer):
    waiting = hidden["threads"][1]
    author = Client()
    author.force_login(hidden["author"])
    stranger = Client()
    stranger.force_login(UserFactory())
    assert author.get(waiting.get_absolute_url()).status_code == 200
    assert stranger.get(waiting.get_absolute_url()).status_code == 404
