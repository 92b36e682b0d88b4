"""Cached thread and board pages: served from the cache to whoever sees the shared
version, and never stale after a write that changes what they show."""

import re
import warnings

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache.backends.base import CacheKeyWarning
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum import caching, services
from forum.deflection.models import EventKind, JourneyEvent
from forum.models import Thread
from forum.moderation import services as moderation
from tests.factories import BoardFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def templates_for(client, url: str) -> list[str]:
    rendered = []

    def record(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(record)
    try:
        assert client.get(url).status_code == 200
    finally:
        template_rendered.disconnect(record)
    return rendered


# --- served from the cache --------------------------------------------------------


def test_a_visitor_s_second_thread_view_is_served_from_the_cache(
    client, question, answer
):
    url = question.get_absolute_url()
    first = page(client, url)

    assert queries_for(client, url) == 1  # the view count, nothing else
    assert page(client, url) == first
    assert Thread.objects.get(pk=question.pk).view_count == 3


def test_a_visitor_s_second_board_view_reads_only_the_board(client, question):
    url = question.board.get_absolute_url()
    page(client, url)

    assert queries_for(client, url) == 1  # which board the slug names


def test_members_share_the_board_s_thread_list_but_not_their_own_controls(
    client, question, customer, other_customer
):
    url = question.board.get_absolute_url()
    client.force_login(customer)
    rendering_the_list = queries_for(client, url)
    client.force_login(other_customer)

    with CaptureQueriesContext(connection) as captured:
        body = page(client, url)

    assert question.title in body
    assert f'href="/u/{other_customer.username}/" class="user-chip"' in body
    # No count, no rows, no authors, tags or badges: the rows come rendered.
    assert len(captured) <= rendering_the_list - 4


def test_signed_in_members_and_visitors_never_get_each_other_s_page(
    client, question, answer, other_customer
):
    url = question.get_absolute_url()
    page(client, url)  # a visitor's copy is now cached
    client.force_login(other_customer)

    member_page = page(client, url)
    client.logout()
    visitor_page = page(client, url)

    assert other_customer.name in member_page and "Post reply" in member_page
    assert "csrfmiddlewaretoken" not in visitor_page
    assert 'class="user-chip"' not in visitor_page
    assert "Sign in to reply" in visitor_page


def test_a_visitor_on_a_search_journey_gets_the_did_it_help_prompt(
    client, question, answer
):
    url = question.get_absolute_url()
    page(client, url)  # cached without the prompt
    client.get("/search/", {"q": "evening"})
    client.get(f"/go/{question.pk}/", {"rank": "1"})

    body = page(client, url)

    assert "Did this answer your question?" in body
    assert "Did this answer your question?" not in page(
        client.__class__(), url
    )  # a fresh visitor


def test_a_searching_visitor_is_served_the_cached_page_and_the_view_is_logged(
    client, question, answer
):
    url = question.get_absolute_url()
    first = page(client, url)  # cached for every visitor
    client.get("/search/", {"q": "evening"})

    rendered = templates_for(client, url)

    assert rendered == []
    assert page(client, url) == first
    views = JourneyEvent.objects.filter(kind=EventKind.THREAD_VIEW)
    assert list(views.values_list("thread_id", "board_id")) == [
        (question.pk, question.board_id)
    ]


def test_other_query_parameters_get_their_own_rendering(client, question):
    url = question.get_absolute_url()
    page(client, url)

    assert "forum/includes/_thread_main.html" in templates_for(
        client, f"{url}?utm_source=newsletter"
    )
    assert "forum/includes/_thread_main.html" not in templates_for(client, url)


def test_members_with_the_same_controls_share_the_thread_page_body(
    client, question, answer, expert, board
):
    url = question.get_absolute_url()
    first, second = UserFactory(username="fay"), UserFactory(username="gus")
    client.force_login(first)
    rendering = queries_for(client, url)
    client.force_login(second)

    with CaptureQueriesContext(connection) as captured:
        body = page(client, url)

    assert "Give kudos" in body and 'class="accept-button"' not in body
    # Neither the post heads nor the page's structured data are read again.
    assert len(captured) < rendering
    assert not any("reputation_badgeaward" in query["sql"] for query in captured)


def test_each_member_gets_their_own_controls_and_csrf_token(
    question, answer, customer, other_customer
):
    url = question.get_absolute_url()
    # CSRF checks on, so the site itself says whose token a page holds.
    author = Client(enforce_csrf_checks=True)
    asker = Client(enforce_csrf_checks=True)
    author.force_login(other_customer)  # wrote the answer
    asker.force_login(customer)  # asked the question
    author_page = page(author, url)

    asker_page = page(asker, url)

    assert f'href="/p/{answer.pk}/edit/"' in author_page
    assert f'href="/p/{answer.pk}/edit/"' not in asker_page
    assert "Accept as solution" in asker_page
    assert "Accept as solution" not in author_page
    follow = reverse("forum:follow", args=[question.pk])
    author_token = csrf_tokens(author_page)[0]
    asker_token = csrf_tokens(asker_page)[0]
    assert author_token != asker_token
    assert author.post(follow, {"csrfmiddlewaretoken": asker_token}).status_code == 403
    assert asker.post(follow, {"csrfmiddlewaretoken": author_token}).status_code == 403
    for client, body in ((author, author_page), (asker, asker_page)):
        for token in set(csrf_tokens(body)):  # every form on the page is theirs
            response = client.post(follow, {"csrfmiddlewaretoken": token})
            assert response.status_code != 403


def csrf_tokens(body: str) -> list[str]:
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert tokens
    return tokens


def test_kudos_given_show_on_the_giver_s_page_only(client, question, answer, customer):
    url = question.get_absolute_url()
    viewer = UserFactory(username="hal")
    client.force_login(viewer)
    page(client, url)
    services.give_kudos(answer, by=viewer)

    mine = page(client, url)
    client.force_login(customer)
    theirs = page(client, url)

    given = '<span class="kudos-label">Kudos given</span>'
    assert given in mine
    assert given not in theirs
    assert '<span class="kudos-label">Give kudos</span>' in theirs


def test_a_member_s_second_thread_view_reads_only_what_is_theirs(
    client, question, answer, other_customer
):
    url = question.get_absolute_url()
    client.force_login(UserFactory(username="ivy"))
    page(client, url)

    with CaptureQueriesContext(connection) as captured:
        page(client, url)

    statements = [query["sql"] for query in captured]
    # The member, their kudos/flags/follows, the view count.
    assert len(statements) == 3
    assert statements[0].startswith('SELECT "accounts_user"')
    assert "SELECT post_id, 'kudos' FROM forum_kudos" in statements[1]
    assert statements[2].startswith('UPDATE "forum_thread" SET "view_count"')


def test_a_reply_awaiting_approval_shows_to_its_author_alone(
    client, question, answer, other_customer
):
    url = question.get_absolute_url()
    writer, reader = UserFactory(username="jon"), UserFactory(username="kim")
    client.force_login(reader)
    page(client, url)  # the public replies are now cached
    held = PostFactory(
        thread=question,
        author=writer,
        body="Waiting for a moderator",
        is_approved=False,
    )

    client.force_login(writer)
    writers_page = page(client, url)
    client.force_login(reader)
    readers_page = page(client, url)

    assert f'id="p{held.pk}"' in writers_page and "Awaiting approval" in writers_page
    assert f'id="p{held.pk}"' not in readers_page
    assert f'id="p{answer.pk}"' in readers_page


# --- never stale --------------------------------------------------------------------


def test_a_hidden_reply_disappears_from_the_cached_thread_page(
    client, question, answer, moderator
):
    url = question.get_absolute_url()
    assert "Ask for a line test" in page(client, url)

    moderation.hide_post(answer, by=moderator, reason="Off topic")

    assert "Ask for a line test" not in page(client, url)


def test_a_hidden_thread_leaves_the_cached_board_page_and_its_own_page(
    client, question, moderator, customer
):
    board_url = question.board.get_absolute_url()
    assert question.title in page(client, board_url)
    client.force_login(customer)
    assert question.title in page(client, board_url)
    client.logout()

    moderation.hide_post(question.first_post, by=moderator, reason="Spam")

    assert question.title not in page(client, board_url)
    assert client.get(question.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    assert question.title not in page(client, board_url)


def test_an_accepted_solution_shows_at_once_and_goes_when_unaccepted(
    client, question, answer, customer
):
    url = question.get_absolute_url()
    assert "Accepted solution" not in page(client, url)

    services.accept_solution(question, post=answer, by=customer)
    assert "Accepted solution" in page(client, url)

    services.unaccept_solution(Thread.objects.get(pk=question.pk), by=customer)
    assert "Accepted solution" not in page(client, url)


def test_replies_edits_and_kudos_show_at_once(client, question, answer, customer):
    url = question.get_absolute_url()
    page(client, url)

    services.post_reply(question, author=customer, body="Line test booked, thanks.")
    assert "Line test booked" in page(client, url)

    services.edit_post(answer, by=answer.author, body="Ask for a line test at 8pm.")
    assert "at 8pm" in page(client, url)

    services.give_kudos(answer, by=customer)
    assert "1 kudos" in page(client, url)


def test_new_threads_show_on_the_cached_board_page(client, board, customer):
    url = board.get_absolute_url()
    page(client, url)

    services.create_thread(
        board=board, author=customer, title="Modem lights blinking orange", body="Hm."
    )

    assert "Modem lights blinking orange" in page(client, url)


def test_a_renamed_member_shows_under_the_new_name_everywhere(client, question, answer):
    url = question.get_absolute_url()
    page(client, url)
    page(client, question.board.get_absolute_url())

    answer.author.display_name = "Riley the Helper"
    answer.author.save()

    assert "Riley the Helper" in page(client, url)


def test_new_tags_show_on_the_cached_thread_page(client, question):
    url = question.get_absolute_url()
    page(client, url)

    question.tags.add("fibre-to-the-node")

    assert "fibre-to-the-node" in page(client, url)


def test_a_moved_thread_leaves_the_old_board_s_cached_list(client, question, moderator):
    old_url = question.board.get_absolute_url()
    new_board = BoardFactory(name="Mobile", slug="mobile")
    assert question.title in page(client, old_url)
    page(client, new_board.get_absolute_url())

    moderation.move_thread(question, to=new_board, by=moderator)

    assert question.title not in page(client, old_url)
    assert question.title in page(client, new_board.get_absolute_url())


def test_a_merged_thread_s_replies_show_on_the_target_s_cached_page(
    client, board, customer, other_customer, moderator
):
    source = services.create_thread(
        board=board, author=customer, title="Dropouts at night", body="Same here."
    )
    services.post_reply(source, author=other_customer, body="Reboot the modem.")
    target = services.create_thread(
        board=board, author=other_customer, title="Evening dropouts", body="Hm."
    )
    page(client, source.get_absolute_url())
    page(client, target.get_absolute_url())

    moderation.merge_threads(source, into=target, by=moderator)

    assert "Reboot the modem." in page(client, target.get_absolute_url())
    assert client.get(source.get_absolute_url()).status_code == 301


def test_queryset_updates_renew_the_threads_they_touch(client, question, answer):
    url = question.get_absolute_url()
    page(client, url)

    Thread.objects.filter(pk=question.pk).update(is_locked=True)

    assert "A moderator locked this thread." in page(
        _signed_in(client, answer.author), url
    )


def _signed_in(client, user):
    client.force_login(user)
    return client


def test_view_counts_alone_keep_the_cached_page(question):
    tokens = caching.generations(caching.thread_scope(question.pk))

    services.record_thread_view(question.pk)

    assert caching.generations(caching.thread_scope(question.pk)) == tokens


def test_a_lost_generation_comes_back_as_a_new_token(question):
    from django.core.cache import cache

    before = caching.generations(caching.thread_scope(question.pk))
    cache.delete(caching.thread_key(question.pk))

    after = caching.generations(caching.thread_scope(question.pk))

    assert after[0] != before[0] and after[1] == before[1]


def test_a_request_reads_each_generation_once_and_sees_its_own_writes(
    question, monkeypatch
):
    from django.core.cache import cache

    reads = []
    get_many = cache.get_many
    monkeypatch.setattr(
        cache, "get_many", lambda keys: reads.append(list(keys)) or get_many(keys)
    )
    scope = caching.thread_scope(question.pk)
    with caching.generations_per_request():
        first = caching.generations(scope)
        cache.delete(caching.thread_key(question.pk))  # another process renews it
        assert caching.generations(scope) == first  # one moment per request
        assert caching.generations([caching.SITE]) == first[1:]
        caching.forget_threads([question.pk])
        renewed = caching.generations(scope)

    assert reads == [scope]
    assert renewed[0] != first[0] and renewed[1] == first[1]
    assert caching.generations(scope) == renewed  # what this write stored


def record_cache_reads(cache, monkeypatch) -> tuple[list, list]:
    """The keys of each get_many, and the keys read one by one (not those a
    backend's own get_many reads one by one)."""
    many, single = [], []
    get_many, get = cache.get_many, cache.get
    inside_get_many = []

    def recording_get_many(keys, **kwargs):
        many.append(list(keys))
        inside_get_many.append(True)
        try:
            return get_many(keys, **kwargs)
        finally:
            inside_get_many.pop()

    def recording_get(key, *args, **kwargs):
        if not inside_get_many:
            single.append(key)
        return get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get_many", recording_get_many)
    monkeypatch.setattr(cache, "get", recording_get)
    return many, single


def test_a_member_s_thread_page_reads_the_cache_in_three_round_trips(
    client, question, answer, monkeypatch
):
    from django.core.cache import cache

    url = question.get_absolute_url()
    member = UserFactory(username="una")
    client.force_login(member)
    page(client, url)
    many, single = record_cache_reads(cache, monkeypatch)

    page(client, url)

    # Every generation at once (the thread's, the site's, the member's inbox),
    # then the pieces known before the viewer's controls are, then the page's
    # main part, which depends on them.
    assert len(many) == 2
    assert set(many[0]) == {
        caching.thread_key(question.pk),
        caching.SITE,
        caching.inbox_key(member.pk),
    }
    assert {key.split(":")[1] for key in many[1]} == {
        "thread",
        "replies",
        "thread-seo",
        "roles",
        "unread",
        "unread_conversations",
    }
    assert [key.split(":")[1] for key in single if key.startswith("page:")] == [
        "thread-main"
    ]


def test_a_member_s_board_page_reads_the_cache_in_two_round_trips(
    client, question, monkeypatch
):
    from django.core.cache import cache

    url = question.board.get_absolute_url()
    client.force_login(UserFactory(username="una"))
    page(client, url)
    many, single = record_cache_reads(cache, monkeypatch)

    page(client, url)

    assert len(many) == 2
    assert {key.split(":")[1] for key in many[1]} == {
        "board-list",
        "roles",
        "unread",
        "unread_conversations",
    }
    assert not [key for key in single if key.startswith("page:")]


def test_post_heads_are_rendered_once_and_shared_by_every_member(
    client, question, answer, customer, other_customer
):
    url = question.get_absolute_url()
    client.force_login(customer)
    first = page(client, url)
    client.force_login(other_customer)

    with CaptureQueriesContext(connection) as captured:
        second = page(client, url)

    assert '<header class="post-head">' in second
    assert f'<span id="p{answer.pk}-author">' in first and second.count(
        '<header class="post-head">'
    ) == first.count('<header class="post-head">')
    # Badges and certifications are read only to render heads.
    assert not any("reputation_badgeaward" in query["sql"] for query in captured)


def test_moderators_see_hidden_posts_with_their_heads(
    client, question, answer, moderator
):
    url = question.get_absolute_url()
    page(client, url)  # heads of the public posts are cached
    moderation.hide_post(answer, by=moderator, reason="Off topic")
    client.force_login(moderator)

    body = page(client, url)

    assert f'<span id="p{answer.pk}-author">' in body
    assert "This post is hidden from the community." in body


def test_a_visitor_s_second_home_page_reads_only_the_board_ids(client, question):
    page(client, "/")

    assert queries_for(client, "/") == 1
    assert templates_for(client, "/") == []


def test_the_cached_home_page_follows_solutions_and_hidden_threads(
    client, question, answer, customer, moderator
):
    assert question.title not in _recently_solved(page(client, "/"))

    services.accept_solution(question, post=answer, by=customer)
    assert question.title in _recently_solved(page(client, "/"))

    moderation.hide_post(question.first_post, by=moderator, reason="Spam")
    assert question.title not in page(client, "/")


def test_members_share_the_home_page_s_lists_and_see_changes_at_once(
    client, question, answer, customer, moderator
):
    client.force_login(UserFactory(username="vera"))
    page(client, "/")
    assert "forum/includes/_home_lists.html" not in templates_for(client, "/")

    services.accept_solution(question, post=answer, by=customer)
    assert question.title in _recently_solved(page(client, "/"))

    moderation.hide_post(question.first_post, by=moderator, reason="Spam")
    assert question.title not in page(client, "/")
    client.force_login(moderator)  # lists hidden threads: rendered for them
    assert "forum/includes/_home_lists.html" in templates_for(client, "/")


def _recently_solved(home_page: str) -> str:
    return home_page.split('id="solved-heading"', 1)[1].split("</section>", 1)[0]


def test_entries_read_ahead_serve_one_remember_each_and_misses_are_built(
    monkeypatch,
):
    from django.core.cache import cache

    scope = caching.thread_scope(4242)
    with caching.generations_per_request():
        caching.remember(scope, ("kept",), lambda: "stored", timeout=60)
    with caching.generations_per_request():
        caching.prefetch([(scope, ("kept",)), (scope, ("missing",))])
        many, single = record_cache_reads(cache, monkeypatch)

        kept = caching.remember(scope, ("kept",), lambda: "rebuilt", timeout=60)
        missing = caching.remember(scope, ("missing",), lambda: "built", timeout=60)
        again = caching.remember(scope, ("kept",), lambda: "rebuilt", timeout=60)

    assert (kept, missing, again) == ("stored", "built", "stored")
    # Only the second "kept" went to the cache: the read-ahead serves once.
    assert [key.split(":")[1] for key in single] == ["kept"]
    assert many == []


def test_reading_ahead_outside_a_request_does_nothing(monkeypatch):
    from django.core.cache import cache

    many, _ = record_cache_reads(cache, monkeypatch)

    caching.prefetch([(caching.thread_scope(1), ("thread", 1))])

    assert many == []


def test_home_page_keys_stay_short_however_many_boards_there_are(
    client, question, monkeypatch
):
    BoardFactory.create_batch(24)
    stored_keys = []
    store = caching.cache.set

    def record_and_store(key, *args, **kwargs):
        stored_keys.append(key)
        return store(key, *args, **kwargs)

    monkeypatch.setattr(caching.cache, "set", record_and_store)

    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        page(client, "/")
        client.force_login(UserFactory())
        page(client, "/")

    assert stored_keys
    longest = max(len(caching.cache.make_key(key)) for key in stored_keys)
    assert longest < 250


@pytest.mark.parametrize("where", ["thread", "board", "home"])
def test_a_cached_visitor_page_keeps_the_headers_its_view_set(client, question, where):
    url = {
        "thread": question.get_absolute_url(),
        "board": question.board.get_absolute_url(),
        "home": "/",
    }[where]
    rendered = client.get(url)

    from_the_cache = client.get(url)

    assert templates_for(client, url) == []  # the second and third came from it
    # Every header but the request's own id, which names each request apart.
    per_request = {"X-Request-ID"}
    assert rendered.headers["X-Request-ID"] != from_the_cache.headers["X-Request-ID"]
    assert {
        k: v for k, v in from_the_cache.headers.items() if k not in per_request
    } == {k: v for k, v in rendered.headers.items() if k not in per_request}


def test_page_for_visitors_serves_a_hit_with_every_header_the_view_set(rf):
    def render():
        response = HttpResponse("<p>the page</p>", content_type="text/html")
        response["Cache-Control"] = "public, max-age=60"
        response["Content-Language"] = "fr"
        response["Link"] = '<https://community.example.com/t/1/>; rel="canonical"'
        response["Vary"] = "Accept-Language"
        response["Content-Security-Policy"] = "default-src 'self'"
        return response

    def visit():
        request = rf.get("/t/1/")
        request.user = AnonymousUser()
        with caching.generations_per_request():
            return caching.page_for_visitors(
                request, [caching.thread_key(1)], ("headers", 1), render, timeout=60
            )

    rendered = visit()
    from_the_cache = visit()

    assert from_the_cache.content == rendered.content
    assert dict(from_the_cache.headers) == dict(rendered.headers)
