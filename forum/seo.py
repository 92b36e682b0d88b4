"""What search engines and feed readers read: public content only, absolute URLs from
SITE_URL, and schema.org ``QAPage`` data for question threads.

"Public" means what an anonymous visitor may see, asked of the permission module's
queryset twins, so moderation rules (hidden, unapproved) apply here unchanged.
"""

import html
import re

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils.html import strip_tags
from django.utils.translation import gettext

from forum.models import Post, Thread
from forum.permissions import can_view_post, posts_visible_to, threads_visible_to

VISITOR = AnonymousUser()
_SPACES = re.compile(r"\s+")


def absolute_url(path: str) -> str:
    """A full URL on this site, built from SITE_URL."""
    return f"{settings.SITE_URL}{path}"


def public_threads() -> QuerySet[Thread]:
    """Threads a visitor may see whose question a visitor may see too."""
    public_posts = posts_visible_to(VISITOR, Post.objects.all())
    return threads_visible_to(VISITOR).filter(first_post__in=public_posts)


def plain_text(post: Post) -> str:
    """A post as plain text (from its sanitised HTML)."""
    return _SPACES.sub(" ", html.unescape(strip_tags(post.body_html))).strip()


def _person(user) -> dict:
    if user is None:
        return {"@type": "Person", "name": gettext("Former member")}
    return {
        "@type": "Person",
        "name": user.name,
        "url": absolute_url(f"/u/{user.username}/"),
    }


def _answer(post: Post, url: str) -> dict:
    return {
        "@type": "Answer",
        "text": plain_text(post),
        "dateCreated": post.created_at.isoformat(),
        "upvoteCount": post.kudos_count,
        "url": url,
        "author": _person(post.author),
    }


def qa_page(
    thread: Thread,
    *,
    replies: list[Post],
    answer_count: int,
    solution_url: str | None = None,
) -> dict | None:
    """schema.org QAPage data for a question thread as a visitor sees it, or None
    (discussion boards, threads or questions a visitor may not see). ``replies`` are
    those shown on the page; hidden ones are left out whoever is looking."""
    question = thread.first_post
    if (
        not thread.board.is_questions
        or question is None
        or not can_view_post(VISITOR, question)
    ):
        return None
    page_url = absolute_url(thread.get_absolute_url())
    solution = thread.solution_post
    if solution is not None and not can_view_post(VISITOR, solution):
        solution = None
    entity = {
        "@type": "Question",
        "name": thread.title,
        "text": plain_text(question),
        "answerCount": answer_count,
        "upvoteCount": question.kudos_count,
        "dateCreated": thread.created_at.isoformat(),
        "author": _person(thread.author),
        "url": page_url,
    }
    if solution is not None:
        url = solution_url or absolute_url(f"/p/{solution.pk}/")
        entity["acceptedAnswer"] = _answer(solution, url)
    suggested = [
        _answer(post, f"{page_url}#p{post.pk}")
        for post in replies
        if can_view_post(VISITOR, post) and (solution is None or post.pk != solution.pk)
    ]
    if suggested:
        entity["suggestedAnswer"] = suggested
    return {"@context": "https://schema.org", "@type": "QAPage", "mainEntity": entity}


def page_url(path: str, page_number: int) -> str:
    """The canonical URL of a list or thread page: page 1 has no page parameter."""
    suffix = f"?page={page_number}" if page_number > 1 else ""
    return absolute_url(f"{path}{suffix}")


def thread_structured_data(
    thread: Thread, *, replies: list[Post], page_number: int
) -> dict | None:
    """The QAPage data for the first page of a question thread (two small queries:
    the visitor's answer count and the page the solution is on), else None."""
    if page_number != 1 or not thread.board.is_questions:
        return None
    from forum.limits import POSTS_PER_PAGE

    public_replies = posts_visible_to(
        VISITOR, thread.posts.exclude(pk=thread.first_post_id)
    )
    solution_url = None
    solution = thread.solution_post
    if solution is not None and can_view_post(VISITOR, solution):
        earlier = public_replies.filter(
            Q(created_at__lt=solution.created_at)
            | Q(created_at=solution.created_at, id__lt=solution.pk)
        ).count()
        solution_url = (
            page_url(thread.get_absolute_url(), earlier // POSTS_PER_PAGE + 1)
            + f"#p{solution.pk}"
        )
    return qa_page(
        thread,
        replies=replies,
        answer_count=public_replies.count(),
        solution_url=solution_url,
    )
