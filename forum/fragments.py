"""Rendered pieces of forum pages that every viewer sees alike, kept in the cache
under the generations of what they show (see forum.caching)."""

from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string

from forum import caching
from forum.models import Post, Thread
from forum.selectors import author_prefetches


def _render_head(thread: Thread, post: Post, is_solution: bool) -> str:
    return render_to_string(
        "forum/includes/_post_head.html",
        {"thread": thread, "post": post, "is_solution": is_solution},
    )


def post_heads(
    thread: Thread, replies: list[Post], page_number: int
) -> dict[tuple[int, bool], str]:
    """The head of each post on a thread page (author with rank, badges and expert
    title; time; "edited"; "accepted solution"), keyed by (post id, shown as the
    solution). Heads don't depend on the viewer, so one rendering serves everyone;
    posts only some viewers see (hidden ones, for moderators) are rendered for them
    and not kept. Authors' badges and certifications are read only for heads not
    found in the cache."""
    wanted = [(post, False) for post in (thread.first_post, *replies) if post]
    if thread.solution_post is not None:
        wanted.append((thread.solution_post, True))

    def render_all() -> dict:
        _prefetch_authors([post for post, _ in wanted])
        return {
            (post.pk, is_solution): _render_head(thread, post, is_solution)
            for post, is_solution in wanted
            if not post.is_hidden and post.is_approved
        }

    heads = caching.remember(
        caching.thread_scope(thread.pk),
        ("post-heads", thread.pk, page_number),
        render_all,
        timeout=caching.THREAD_PAGE_SECONDS,
    )
    missing = [
        (post, is_solution)
        for post, is_solution in wanted
        if (post.pk, is_solution) not in heads
    ]
    if missing:
        heads = dict(heads)
        _prefetch_authors([post for post, _ in missing])
        for post, is_solution in missing:
            heads[post.pk, is_solution] = _render_head(thread, post, is_solution)
    return heads


def _prefetch_authors(posts: list[Post]) -> None:
    authors = [post.author for post in posts if post.author is not None]
    prefetch_related_objects(authors, *author_prefetches())
