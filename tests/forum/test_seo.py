import json
import re
from xml.etree import ElementTree

import pytest
from django.utils.html import escape
from django.utils.timezone import localdate

from forum import limits, services
from forum.models import BoardKind, Post, Thread
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SITE = "https://community.example.com"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def json_ld(response) -> dict | None:
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert len(blocks) <= 1
    return json.loads(blocks[0]) if blocks else None


def meta(response, name: str) -> str:
    html = response.content.decode()
    match = re.search(rf'<meta (?:property|name)="{name}" content="([^"]*)"', html)
    return match.group(1) if match else ""


def canonical(response) -> str:
    return re.search(
        r'<link rel="canonical" href="([^"]*)"', response.content.decode()
    )[1]


# --- QAPage JSON-LD -------------------------------------------------------------


def test_a_solved_question_has_qapage_data_with_the_accepted_answer(
    client, question, answer, customer
):
    other = services.post_reply(question, author=UserFactory(), body="Or reboot.")
    services.give_kudos(answer, by=UserFactory())
    services.accept_solution(question, post=answer, by=customer)

    data = json_ld(client.get(question.get_absolute_url()))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "QAPage"
    entity = data["mainEntity"]
    assert entity["@type"] == "Question"
    assert entity["name"] == question.title
    assert entity["text"].startswith("Every night around 8pm")
    assert entity["answerCount"] == 2
    assert entity["dateCreated"] == question.created_at.isoformat()
    assert entity["author"] == {
        "@type": "Person",
        "name": customer.name,
        "url": f"{SITE}/u/{customer.username}/",
    }
    accepted = entity["acceptedAnswer"]
    assert accepted["@type"] == "Answer"
    assert accepted["text"] == "Ask for a line test and mention the times."
    assert accepted["upvoteCount"] == 1
    assert accepted["dateCreated"] == answer.created_at.isoformat()
    assert accepted["url"] == f"{SITE}{question.get_absolute_url()}#p{answer.pk}"
    assert accepted["author"]["name"] == answer.author.name
    (suggested,) = entity["suggestedAnswer"]
    assert suggested["text"] == "Or reboot."
    assert suggested["url"] == f"{SITE}{question.get_absolute_url()}#p{other.pk}"
    for field in ("text", "dateCreated", "url", "author", "upvoteCount"):
        assert field in suggested


def test_an_unsolved_question_has_suggested_answers_and_no_accepted_one(
    client, question, answer
):
    entity = json_ld(client.get(question.get_absolute_url()))["mainEntity"]

    assert "acceptedAnswer" not in entity
    assert [a["text"] for a in entity["suggestedAnswer"]] == [
        "Ask for a line test and mention the times."
    ]


def test_an_unanswered_question_has_no_answers_in_its_data(client, question):
    entity = json_ld(client.get(question.get_absolute_url()))["mainEntity"]

    assert entity["answerCount"] == 0
    assert "suggestedAnswer" not in entity


def test_hidden_replies_stay_out_of_the_data_even_when_a_moderator_looks(
    client, question, answer, moderator
):
    Post.objects.filter(pk=answer.pk).update(is_hidden=True)
    client.force_login(moderator)

    response = client.get(question.get_absolute_url())

    entity = json_ld(response)["mainEntity"]
    assert entity["answerCount"] == 0
    assert "suggestedAnswer" not in entity
    assert f'id="p{answer.pk}"' in response.content.decode()  # the moderator sees it


def test_a_hidden_accepted_answer_is_left_out(client, question, answer, customer):
    services.accept_solution(question, post=answer, by=customer)
    Post.objects.filter(pk=answer.pk).update(is_hidden=True)

    entity = json_ld(client.get(question.get_absolute_url()))["mainEntity"]

    assert "acceptedAnswer" not in entity


def test_a_hidden_thread_has_no_data_for_moderators_either(
    client, question, answer, moderator
):
    Thread.objects.filter(pk=question.pk).update(is_hidden=True)
    client.force_login(moderator)

    response = client.get(question.get_absolute_url())

    assert response.status_code == 200
    assert json_ld(response) is None


def test_discussion_threads_have_no_qapage_data(client, question, board):
    board.kind = BoardKind.DISCUSSION
    board.save()

    assert json_ld(client.get(question.get_absolute_url())) is None


def test_post_text_cannot_break_out_of_the_data_block(client, question):
    nasty = "Try </script><script>alert(1)</script> and <!-- this & that"
    services.post_reply(question, author=UserFactory(), body=nasty)

    response = client.get(question.get_absolute_url())

    raw = re.search(
        r'<script type="application/ld\+json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )[1]
    assert "<" not in raw and ">" not in raw
    (suggested,) = json.loads(raw)["mainEntity"]["suggestedAnswer"]
    assert "</script><script>alert(1)</script>" in suggested["text"]


def test_only_the_first_page_carries_the_data(client, question):
    for n in range(limits.POSTS_PER_PAGE + 1):
        services.post_reply(question, author=UserFactory(), body=f"Reply {n}")

    response = client.get(question.get_absolute_url(), {"page": 2})

    assert json_ld(response) is None
    assert canonical(response) == f"{SITE}{question.get_absolute_url()}?page=2"


# --- Canonical URLs, Open Graph, Twitter cards -------------------------------------


def test_thread_pages_have_a_canonical_url_from_site_url_whatever_the_host(
    client, question
):
    response = client.get(question.get_absolute_url(), HTTP_HOST="localhost")

    assert canonical(response) == f"{SITE}{question.get_absolute_url()}"
    assert meta(response, "og:url") == canonical(response)


def test_thread_pages_have_open_graph_and_twitter_card_tags(client, question):
    response = client.get(question.get_absolute_url())

    assert meta(response, "og:type") == "article"
    assert meta(response, "og:title") == escape(question.title)
    assert meta(response, "og:description").startswith("Every night around 8pm")
    assert meta(response, "og:site_name") == "Crowd support"
    assert meta(response, "twitter:card") == "summary"
    assert meta(response, "twitter:title") == escape(question.title)


def test_board_pages_have_a_canonical_url_without_filters(client, board):
    response = client.get(board.get_absolute_url(), {"show": "solved", "sort": "kudos"})

    assert canonical(response) == f"{SITE}{board.get_absolute_url()}"
    assert meta(response, "og:title") == escape(board.name)
    assert f'href="/b/{board.slug}/feed/"' in response.content.decode()


def test_every_page_has_a_canonical_url(client):
    assert canonical(client.get("/")) == f"{SITE}/"


# --- Sitemap --------------------------------------------------------------------


def sitemap_entries(client) -> dict[str, str | None]:
    response = client.get("/sitemap.xml", HTTP_HOST="localhost")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own output)
    return {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in root.iter(f"{SITEMAP}url")
    }


def test_the_sitemap_lists_boards_and_public_threads_with_lastmod(
    client, board, question, answer
):
    question.refresh_from_db()

    entries = sitemap_entries(client)

    assert f"{SITE}{board.get_absolute_url()}" in entries
    thread_url = f"{SITE}{question.get_absolute_url()}"
    # The sitemap writes dates in the site's time zone, not UTC.
    assert entries[thread_url] == localdate(question.last_activity_at).isoformat()


def test_the_sitemap_leaves_out_hidden_threads_and_hidden_questions(
    client, board, customer
):
    hidden, unapproved, public = (
        services.create_thread(
            board=board, author=customer, title=f"Thread called {name}", body="Hi."
        )
        for name in ("hidden", "held", "public")
    )
    Thread.objects.filter(pk=hidden.pk).update(is_hidden=True)
    Post.objects.filter(pk=unapproved.first_post_id).update(is_hidden=True)

    entries = sitemap_entries(client)

    assert f"{SITE}{public.get_absolute_url()}" in entries
    assert f"{SITE}{hidden.get_absolute_url()}" not in entries
    assert f"{SITE}{unapproved.get_absolute_url()}" not in entries


# --- Feeds ----------------------------------------------------------------------


def feed_entries(client, url) -> list[dict]:
    response = client.get(url, HTTP_HOST="localhost")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own output)
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "summary": entry.findtext(f"{ATOM}summary"),
        }
        for entry in root.iter(f"{ATOM}entry")
    ]


def test_the_board_feed_lists_its_public_threads_with_absolute_links(
    client, board, other_board, customer, question
):
    hidden = services.create_thread(
        board=board, author=customer, title="Hidden thread here", body="Hush."
    )
    Thread.objects.filter(pk=hidden.pk).update(is_hidden=True)
    services.create_thread(
        board=other_board, author=customer, title="Other board thread", body="Hi."
    )

    entries = feed_entries(client, f"/b/{board.slug}/feed/")

    assert [e["title"] for e in entries] == [question.title]
    assert entries[0]["link"] == f"{SITE}{question.get_absolute_url()}"
    assert entries[0]["summary"].startswith("Every night around 8pm")


def test_the_solved_feed_lists_only_solved_public_threads(
    client, board, question, answer, customer
):
    services.create_thread(
        board=board, author=customer, title="Still open question", body="Hm."
    )
    services.accept_solution(question, post=answer, by=customer)

    assert [e["title"] for e in feed_entries(client, "/solved/feed/")] == [
        question.title
    ]

    Thread.objects.filter(pk=question.pk).update(is_hidden=True)
    assert feed_entries(client, "/solved/feed/") == []


def test_an_unknown_board_has_no_feed(client):
    assert client.get("/b/nope/feed/").status_code == 404


# --- robots.txt -----------------------------------------------------------------


def test_robots_txt_keeps_crawlers_out_of_private_pages_and_points_to_the_sitemap(
    client,
):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    for path in ("/accounts/", "/admin/", "/ask/", "/search/", "/reports/"):
        assert f"Disallow: {path}" in lines
    assert "Allow: /" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
