"""What an open page hears, and what it never hears."""

import logging

import pytest
from channels.db import database_sync_to_async

from accounts.models import Role
from forum import services
from forum.live import events
from forum.models import Post, Thread
from forum.moderation import services as moderation
from forum.moderation.models import BoardModerator
from forum.notifications import services as notifications
from tests.factories import BoardFactory, PostFactory, ThreadFactory, UserFactory
from tests.live.conftest import hears_nothing, open_socket, receive, run

in_thread = database_sync_to_async


@pytest.fixture(autouse=True)
def _in_memory_layer(settings):
    """What a page hears and may hear is the consumers' logic, tested on the
    in-memory layer on every engine: once, on Redis, an event sent within a second of
    the one before it did not arrive in 60 seconds, and a run that fails by chance
    lands nothing. The Redis layer is crossed by the routing tests, through the
    whole ASGI application (tests/live/test_routing.py)."""
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}
    }


def _thread(**kwargs) -> Thread:
    return ThreadFactory(author=UserFactory(username="asker"), **kwargs)


def test_a_reply_reaches_a_visitor_reading_the_thread():
    thread = _thread()
    rita = UserFactory(username="rita", display_name="Rita")

    async def scenario():
        visitor = await open_socket(thread=thread.pk)
        post = await in_thread(services.post_reply)(
            thread, author=rita, body="Restart the modem, then wait two minutes."
        )
        message = await receive(visitor)
        assert message["kind"] == "thread"
        assert message["change"] == "reply"
        assert f'id="p{post.pk}"' in message["html"]
        assert "Restart the modem" in message["html"]
        assert message["announcement"] == "New reply from Rita"
        await visitor.disconnect()

    run(scenario)


def test_a_reply_is_rendered_with_the_readers_own_controls():
    thread = _thread()
    reader = UserFactory(username="reader")
    rita = UserFactory(username="rita")

    async def scenario():
        member = await open_socket(reader, thread=thread.pk)
        visitor = await open_socket(thread=thread.pk)
        await in_thread(services.post_reply)(
            thread, author=rita, body="Try the other port."
        )
        for_member = (await receive(member))["html"]
        for_visitor = (await receive(visitor))["html"]
        assert "kudos-button" in for_member
        assert 'name="csrfmiddlewaretoken" value="live-csrf-token"' in for_member
        assert "kudos-button" not in for_visitor
        await member.disconnect()
        await visitor.disconnect()

    run(scenario)


def test_an_edit_reaches_the_reader():
    thread = _thread()
    rita = UserFactory(username="rita", display_name="Rita")
    post = services.post_reply(thread, author=rita, body="Restart the modem.")

    async def scenario():
        visitor = await open_socket(thread=thread.pk)
        await in_thread(services.edit_post)(
            post, by=rita, body="Restart the modem and the router."
        )
        message = await receive(visitor)
        assert message["change"] == "edit"
        assert "the modem and the router" in message["html"]
        assert message["announcement"] == "Rita edited a post"
        await visitor.disconnect()

    run(scenario)


def test_an_accepted_solution_reaches_the_reader():
    thread = _thread()
    answer = services.post_reply(
        thread, author=UserFactory(username="rita"), body="Swap the cable."
    )

    async def scenario():
        visitor = await open_socket(thread=thread.pk)
        await in_thread(services.accept_solution)(thread, post=answer, by=thread.author)
        message = await receive(visitor)
        assert message["change"] == "solution"
        assert 'class="solution"' in message["html"]
        assert message["announcement"] == "An answer was accepted as the solution"
        await in_thread(services.unaccept_solution)(thread, by=thread.author)
        message = await receive(visitor)
        assert message["change"] == "unsolved"
        assert 'class="solution"' not in message["html"]
        await visitor.disconnect()

    run(scenario)


def test_a_reply_waiting_for_approval_reaches_only_the_moderators():
    thread = _thread()
    moderator = UserFactory(username="morgan", role=Role.MODERATOR)
    other_member = UserFactory(username="dan")

    async def scenario():
        visitor = await open_socket(thread=thread.pk)
        member = await open_socket(other_member, thread=thread.pk)
        moderating = await open_socket(moderator, thread=thread.pk)
        post = await in_thread(PostFactory)(
            thread=thread, body="Buy cheap pills here", is_approved=False
        )
        heard = {
            m["kind"]: m for m in [await receive(moderating), await receive(moderating)]
        }
        assert "Buy cheap pills" in heard["thread"]["html"]
        assert heard["queue"]["count"] == 1
        assert await hears_nothing(visitor)
        assert await hears_nothing(member)

        await in_thread(moderation.approve_post)(post, by=moderator)
        message = await receive(visitor)
        assert message["change"] == "approved"
        assert "Buy cheap pills" in message["html"]
        for socket in (visitor, member, moderating):
            await socket.disconnect()

    run(scenario)


def test_a_hidden_post_never_reaches_members_or_visitors():
    thread = _thread()
    moderator = UserFactory(username="morgan", role=Role.MODERATOR)
    dan = UserFactory(username="dan")

    async def scenario():
        visitor = await open_socket(thread=thread.pk)
        member = await open_socket(dan, thread=thread.pk)
        moderating = await open_socket(moderator, thread=thread.pk)
        await in_thread(PostFactory)(
            thread=thread, body="Call me on 0400 000 000", is_hidden=True
        )
        assert "0400 000 000" in (await receive(moderating))["html"]
        assert await hears_nothing(visitor)
        assert await hears_nothing(member)
        for socket in (visitor, member, moderating):
            await socket.disconnect()

    run(scenario)


def test_hiding_a_post_takes_it_off_open_pages():
    thread = _thread()
    moderator = UserFactory(username="morgan", role=Role.MODERATOR)
    post = services.post_reply(
        thread, author=UserFactory(username="rita"), body="Rude words here."
    )

    async def scenario():
        visitor = await open_socket(thread=thread.pk)
        await in_thread(moderation.hide_post)(post, by=moderator, reason="Abusive")
        message = await receive(visitor)
        assert message["change"] == "hidden"
        assert "Rude words" not in message["html"]
        assert f'id="p{post.pk}"' not in message["html"]
        assert message["announcement"] == ""
        await visitor.disconnect()

    run(scenario)


def test_a_hidden_thread_reaches_only_its_boards_moderators():
    board = BoardFactory()
    thread = _thread(board=board, is_hidden=True)
    board_moderator = UserFactory(username="bea")
    BoardModerator.objects.create(user=board_moderator, board=board)
    elsewhere = UserFactory(username="otto")
    BoardModerator.objects.create(user=elsewhere, board=BoardFactory())

    async def scenario():
        visitor = await open_socket(thread=thread.pk)
        other_moderator = await open_socket(elsewhere, thread=thread.pk)
        moderating = await open_socket(board_moderator, thread=thread.pk)
        await in_thread(PostFactory)(thread=thread, body="Secret reply")
        assert "Secret reply" in (await receive(moderating))["html"]
        assert await hears_nothing(visitor)
        assert await hears_nothing(other_moderator)
        for socket in (visitor, other_moderator, moderating):
            await socket.disconnect()

    run(scenario)


def test_a_thread_hidden_while_open_stops_reaching_members():
    thread = _thread()

    async def scenario():
        visitor = await open_socket(thread=thread.pk)
        await in_thread(Thread.objects.filter(pk=thread.pk).update)(is_hidden=True)
        await in_thread(PostFactory)(thread=thread, body="After the hiding")
        assert await hears_nothing(visitor)
        await visitor.disconnect()

    run(scenario)


def test_a_question_waiting_for_approval_reaches_only_its_asker_and_moderators():
    thread = _thread(is_approved=False)
    moderator = UserFactory(username="morgan", role=Role.MODERATOR)
    dan = UserFactory(username="dan")

    async def scenario():
        other_member = await open_socket(dan, thread=thread.pk)
        asker = await open_socket(thread.author, thread=thread.pk)
        moderating = await open_socket(moderator, thread=thread.pk)
        await in_thread(PostFactory)(thread=thread, body="An early answer")
        assert "An early answer" in (await receive(asker))["html"]
        assert "An early answer" in (await receive(moderating))["html"]
        assert await hears_nothing(other_member)
        for socket in (other_member, asker, moderating):
            await socket.disconnect()

    run(scenario)


def test_a_demoted_moderator_stops_hearing_hidden_posts_at_once():
    thread = _thread()
    moderator = UserFactory(username="morgan", role=Role.MODERATOR)

    async def scenario():
        socket = await open_socket(moderator, thread=thread.pk)
        await in_thread(type(moderator).objects.filter(pk=moderator.pk).update)(
            role=Role.CUSTOMER
        )
        await in_thread(PostFactory)(thread=thread, body="Hidden text", is_hidden=True)
        assert await hears_nothing(socket)
        await socket.disconnect()

    run(scenario)


def test_the_header_count_follows_a_members_notifications():
    thread = _thread()
    follower = UserFactory(username="fiona")
    services.follow_thread(thread, by=follower)
    bystander = UserFactory(username="dan")
    rita = UserFactory(username="rita")

    async def scenario():
        fiona = await open_socket(follower)
        dan = await open_socket(bystander)
        await in_thread(services.post_reply)(thread, author=rita, body="Try this.")
        message = await receive(fiona)
        assert message == {
            "kind": "notifications",
            "count": 1,
            "label": "Notifications, 1 unread",
        }
        assert await hears_nothing(dan)
        await in_thread(notifications.mark_all_read)(follower)
        assert (await receive(fiona))["count"] == 0
        await fiona.disconnect()
        await dan.disconnect()

    run(scenario)


def test_a_flag_reaches_the_moderators_of_its_board_only():
    board = BoardFactory()
    thread = _thread(board=board)
    post = PostFactory(thread=thread, body="Something rude")
    board_moderator = UserFactory(username="bea")
    BoardModerator.objects.create(user=board_moderator, board=board)
    elsewhere = UserFactory(username="otto")
    BoardModerator.objects.create(user=elsewhere, board=BoardFactory())
    dan, flo = UserFactory(username="dan"), UserFactory(username="flo")

    async def scenario():
        moderating = await open_socket(board_moderator)
        other_moderator = await open_socket(elsewhere)
        member = await open_socket(dan)
        await in_thread(moderation.flag_post)(post, by=flo, reason="abuse")
        message = await receive(moderating)
        assert message["kind"] == "queue"
        assert message["count"] == 1
        assert message["notice"] == "New items are waiting in the moderation queue."
        assert message["label"] == "Moderation: 1 waiting"
        assert await hears_nothing(other_moderator)
        assert await hears_nothing(member)
        for socket in (moderating, other_moderator, member):
            await socket.disconnect()

    run(scenario)


def test_a_page_of_another_thread_hears_nothing():
    thread, elsewhere = _thread(), ThreadFactory()

    async def scenario():
        visitor = await open_socket(thread=elsewhere.pk)
        await in_thread(PostFactory)(thread=thread, body="Not for that page")
        assert await hears_nothing(visitor)
        await visitor.disconnect()

    run(scenario)


def test_a_write_that_rolls_back_announces_nothing():
    thread = _thread()

    def reply_then_fail():
        from django.db import transaction

        try:
            with transaction.atomic():
                PostFactory(thread=thread, body="Never committed")
                raise RuntimeError("the write fails after the save")
        except RuntimeError:
            pass

    async def scenario():
        visitor = await open_socket(thread=thread.pk)
        await in_thread(reply_then_fail)()
        assert await hears_nothing(visitor)
        await visitor.disconnect()

    run(scenario)


def test_an_unreachable_channel_layer_is_logged_and_the_reply_still_saved(
    monkeypatch, caplog
):
    thread = _thread()

    class BrokenLayer:
        async def group_send(self, group, message):
            raise ConnectionError("Redis is down")

    monkeypatch.setattr(events, "get_channel_layer", BrokenLayer)
    with caplog.at_level(logging.WARNING, logger="forum.live.events"):
        post = services.post_reply(
            thread, author=UserFactory(username="rita"), body="Still saved."
        )
    assert Post.objects.filter(pk=post.pk).exists()
    assert "not sent" in caplog.text


def test_odd_query_parameters_connect_and_hear_nothing():
    thread = _thread()

    async def scenario():
        socket = await open_socket(thread="1e9;drop", page="-2", lang="../../etc")
        await in_thread(PostFactory)(thread=thread, body="A reply")
        assert await hears_nothing(socket)
        await socket.disconnect()

    run(scenario)
