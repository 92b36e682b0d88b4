import pytest

from forum.search import index_thread
from tests.factories import PostFactory, ThreadFactory


@pytest.fixture
def indexed_thread(board):
    """Make a thread the way readers would find it, and index it."""

    def make(
        title: str = "A question about the service",
        body: str = "Some details about it.",
        *,
        replies: tuple[str, ...] = (),
        solution: str | None = None,
        tags: tuple[str, ...] = (),
        **fields,
    ):
        fields.setdefault("board", board)
        thread = ThreadFactory(title=title, body=body, **fields)
        for text in replies:
            PostFactory(thread=thread, body=text)
        if solution is not None:
            thread.solution_post = PostFactory(thread=thread, body=solution)
            thread.save(update_fields=["solution_post"])
        if tags:
            thread.tags.add(*tags)
        index_thread(thread.pk)
        return thread

    return make
