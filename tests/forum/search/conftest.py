import pytest
from django.db import connection

from forum.search import index_thread, semantic
from tests.factories import PostFactory, ThreadFactory

# What one search costs, warm: the plan (vocabulary, totals, promotions and learned
# boosts in one query), the new vectors since the last search, the candidates with
# their term counts (two statements on SQLite: the counts, then the documents
# through the filters; one on PostgreSQL, in a savepoint with its own
# statement_timeout: SAVEPOINT, set_config, RESET and RELEASE around it), and the
# page's threads with their boards and documents. Cold, the synonym rules are read
# once more (then cached).
SEARCH_QUERIES = 8 if connection.vendor == "postgresql" else 5
# The same search again within a minute reads its ranking from the cache: the plan
# and the page's threads.
CACHED_SEARCH_QUERIES = 2
SYNONYM_RULES_QUERY = 1


@pytest.fixture
def words_alone(settings):
    """Search ranks by words only, as when the embedding model is switched off."""
    settings.SEARCH_SEMANTIC_ENABLED = False
    yield
    semantic.reset_model()


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
