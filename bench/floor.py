"""The floors: what bare Django does for the same content as a product page, served by
the same gunicorn from the same database in the same run.

``floor``: the thread page's content with two queries (the thread, then 20 posts
with their authors) and a bare template; the benchmark reports every page's
throughput as a ratio to this.

``search_floor``: the naive search the search page must beat: ``ts_rank`` over every
public match of the same query on the same search vector, ordered, one page of
titles, no highlighting.
"""

from django.db import connection
from django.shortcuts import get_object_or_404, render

from forum.models import Post, Thread
from forum.search.backends.base import DOCUMENT_TABLE
from forum.search.backends.postgres import TEXT_SEARCH_CONFIG

# The search page's page size (search_threads' per_page default).
SEARCH_PAGE_SIZE = 20

_NAIVE_SEARCH = f"""
    SELECT d.thread_id, d.title, ts_rank(d.search_vector, q.query) AS rank
    FROM {DOCUMENT_TABLE} d,
         (SELECT websearch_to_tsquery('{TEXT_SEARCH_CONFIG}'::regconfig, %s) AS query) q
    WHERE d.search_vector @@ q.query AND d.is_public
    ORDER BY rank DESC
    LIMIT %s
"""  # noqa: S608 -- only constants are interpolated  # nosec B608


def floor(request, thread_id: int):
    thread = get_object_or_404(Thread, pk=thread_id)
    posts = list(
        Post.objects.filter(thread_id=thread.pk)
        .select_related("author")
        .order_by("created_at", "id")[:20]
    )
    return render(request, "bench/floor.html", {"thread": thread, "posts": posts})


def search_floor(request):
    query = request.GET.get("q", "")
    with connection.cursor() as cursor:
        cursor.execute(_NAIVE_SEARCH, [query, SEARCH_PAGE_SIZE])
        hits = cursor.fetchall()
    return render(request, "bench/search_floor.html", {"query": query, "hits": hits})
