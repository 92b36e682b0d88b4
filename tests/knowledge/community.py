"""Helpers for the community side's tests (conversion, feedback, follows)."""

from forum import services
from forum.knowledge import services as knowledge
from forum.knowledge.services.conversion import draft_article_from_thread
from tests.factories import UserFactory


def solved_thread(board, *, asker, answerer=None, title="NBN drops out every evening"):
    """A question in ``board`` whose reply by ``answerer`` the asker accepted."""
    thread = services.create_thread(
        board=board,
        author=asker,
        title=title,
        body="Every night around 8pm the connection drops.\n\nThe modem is new.",
        tags="nbn, dropouts",
    )
    answer = services.post_reply(
        thread,
        author=answerer or UserFactory(),
        body="Ask for a line test and mention the **times**.",
    )
    services.accept_solution(thread, post=answer, by=asker)
    thread.refresh_from_db()
    return thread


def published_from_thread(thread, *, by, reviewer):
    """The thread's article, drafted by ``by``, sent for review and published."""
    article = draft_article_from_thread(thread, by=by)
    knowledge.submit_article(article, by=by)
    return knowledge.publish_article(article, by=reviewer)
