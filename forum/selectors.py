"""What forum pages read, with the joins each page needs."""

import hashlib
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    F,
    Prefetch,
    Q,
    QuerySet,
)
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import pgettext_lazy
from taggit.models import Tag

from accounts.models import ExpertCertification, User
from forum import caching, limits, permissions
from forum.models import Board, Kudos, MeToo, Post, Thread, ThreadFollow
from forum.moderation.models import Flag
from forum.permissions import (
    can_view_post,
    can_view_thread,
    posts_visible_to,
    threads_listed_for,
    threads_visible_to,
)
from forum.reputation.selectors import badge_prefetch

THREAD_FILTERS = {
    "all": Q(),
    "unanswered": Q(reply_count=0),
    "unsolved": Q(solution_post__isnull=True),
    "solved": Q(solution_post__isnull=False),
}
THREAD_FILTER_LABELS = [
    ("all", pgettext_lazy("threads", "All")),
    ("unanswered", pgettext_lazy("threads", "Unanswered")),
    ("unsolved", pgettext_lazy("threads", "Unsolved")),
    ("solved", pgettext_lazy("threads", "Solved")),
]
THREAD_SORTS = {
    "activity": "-last_activity_at",
    "newest": "-created_at",
    "kudos": "-kudos_count",
}


def _certifications(path: str) -> Prefetch:
    """Prefetch the certifications of the users at ``path`` (for expert badges)."""
    return Prefetch(
        f"{path}__certifications" if path else "certifications",
        queryset=ExpertCertification.objects.only(
            "id", "user_id", "board_id", "title", "expires_at"
        ),
    )


def author_prefetches(path: str = "") -> list[Prefetch]:
    """What the author partial reads of the members at ``path`` (or of the members
    themselves): certifications and badges."""
    return [_certifications(path), badge_prefetch(path)]


def board_list(*, include_archived: bool = False) -> QuerySet[Board]:
    """The listed boards (archived ones too if asked) in display order, with their
    category."""
    boards = Board.objects if include_archived else Board.objects.active()
    return boards.select_related("category").order_by(
        "category__position", "category__name", "position", "name"
    )


def board_ids() -> list[int]:
    """Every board's id."""
    return list(Board.objects.values_list("pk", flat=True))


def board_choices() -> list[tuple[str, str]]:
    """Every board's slug and name in display order, for filter menus; cached with
    the site's generation, which any board's change renews."""
    return caching.remember(
        [caching.SITE],
        ["board-choices"],
        lambda: list(
            Board.objects.active()
            .order_by("position", "name")
            .values_list("slug", "name")
        ),
        timeout=caching.THREAD_PAGE_SECONDS,
    )


def board_detail(slug: str) -> Board:
    """The board with this slug; raises Http404."""
    return get_object_or_404(Board.objects.select_related("category"), slug=slug)


def _thread_rows(queryset: QuerySet[Thread]) -> QuerySet[Thread]:
    """What a row in a thread list shows: board, author with badges, last poster,
    tags."""
    return queryset.select_related("board", "author", "last_poster").prefetch_related(
        "tags", *author_prefetches("author")
    )


def featured_threads(user: User, *, limit: int = 5) -> list[Thread]:
    """Threads moderators featured on the home page, latest first."""
    threads = threads_listed_for(user).filter(
        featured_at__isnull=False, is_hidden=False
    )
    return list(_thread_rows(threads.order_by("-featured_at"))[:limit])


def recently_solved(user: User, *, limit: int = 5) -> list[Thread]:
    """The latest solved threads for the home page."""
    threads = threads_listed_for(user).solved().order_by("-accepted_at")
    return list(_thread_rows(threads)[:limit])


def unanswered(user: User, *, limit: int = 5) -> list[Thread]:
    """The newest questions nobody has answered yet."""
    threads = threads_listed_for(user).unanswered().filter(board__kind="questions")
    return list(_thread_rows(threads.order_by("-created_at"))[:limit])


def thread_list(
    user: User,
    *,
    board: Board | None = None,
    tag: Tag | None = None,
    show: str = "all",
    sort: str = "activity",
) -> QuerySet[Thread]:
    """Threads of a board or tag, pinned first (in a board), filtered and sorted."""
    threads = threads_listed_for(user).filter(THREAD_FILTERS.get(show, Q()))
    order = [THREAD_SORTS.get(sort, THREAD_SORTS["activity"]), "-id"]
    if board is not None:
        threads = threads.filter(board=board)
        order.insert(0, "-is_pinned")
    if tag is not None:
        threads = threads.filter(tags=tag)
    return _thread_rows(threads.order_by(*order))


def paginate(queryset, page_number, *, per_page: int) -> Page:
    """A page of results; a missing, malformed or too-large page number gives the
    nearest valid page instead of an error."""
    return Paginator(queryset, per_page).get_page(page_number)


def tag_detail(slug: str) -> Tag:
    """The tag with this slug; raises Http404."""
    return get_object_or_404(Tag, slug=slug)


def thread_detail(user: User, thread_id: int, *, with_authors: bool = True) -> Thread:
    """A thread the user may see, with everything the thread page shows above the
    replies; raises Http404."""
    thread = thread_with_page_rows(thread_id, with_authors=with_authors)
    if not can_view_thread(user, thread):
        raise Http404("No such thread.")
    return thread


def thread_with_page_rows(thread_id: int, *, with_authors: bool = True) -> Thread:
    """Any thread, hidden or not, with the rows its page shows above the replies;
    raises Http404. Callers check ``can_view_thread``."""
    threads = Thread.objects.select_related(
        "board",
        "author",
        "first_post__author",
        "first_post",
        "first_post__edited_by",
        "solution_post",
        "solution_post__author",
        "accepted_by",
        # The knowledge article made from the thread (forum.knowledge): the page
        # links to it once published and offers a conversion while there is none.
        "knowledge_article",
    )
    threads = threads.prefetch_related("tags")
    if with_authors:
        # The thread page leaves these to forum.fragments, which reads them only
        # for post heads not already rendered.
        threads = threads.prefetch_related(
            *author_prefetches("author"), *author_prefetches("solution_post__author")
        )
    thread = get_object_or_404(threads, pk=thread_id)
    # The page asks each post for its thread; they share this one.
    for post in (thread.first_post, thread.solution_post):
        if post is not None:
            post.thread = thread
    return thread


def authors_awaiting_approval(thread: Thread) -> frozenset[int]:
    """Members with a reply in the thread that waits for approval (they see it,
    others don't)."""
    authors = (
        thread.posts.filter(is_approved=False, is_hidden=False)
        .exclude(author=None)
        .values_list("author_id", flat=True)
        .distinct()
    )
    return frozenset(authors)


def thread_replies(
    user: User, thread: Thread, *, with_authors: bool = True
) -> QuerySet[Post]:
    """The replies (not the question) the user may see, oldest first."""
    replies = thread.posts.exclude(pk=thread.first_post_id)
    replies = posts_visible_to(user, replies).select_related("author")
    if with_authors:
        replies = replies.prefetch_related(*author_prefetches("author"))
    return replies.order_by("created_at", "id")


def reply_page_number(user: User, post: Post) -> int:
    """The page of the thread on which a reply appears (for permalinks)."""
    earlier = thread_replies(user, post.thread).filter(
        Q(created_at__lt=post.created_at)
        | Q(created_at=post.created_at, id__lt=post.id)
    )
    return earlier.count() // limits.POSTS_PER_PAGE + 1


def post_for_permalink(user: User, post_id: int) -> Post:
    """A post the user may see, with its thread and board; raises Http404."""
    post = get_object_or_404(
        Post.objects.select_related("thread", "thread__board"), pk=post_id
    )
    if not can_view_post(user, post):
        raise Http404("No such post.")
    return post


@dataclass
class ViewerState:
    """What the signed-in viewer has already done on a thread page."""

    kudos_post_ids: set[int]
    has_me_too: bool
    is_following: bool
    flagged_post_ids: set[int]


def viewer_state(user: User, thread: Thread, posts: list[Post]) -> ViewerState:
    """The viewer's kudos and flags on these posts, "me too" and follow (one small
    query, none for visitors)."""
    if not user.is_authenticated:
        return ViewerState(set(), False, False, set())
    found = {"kudos": set(), "flag": set(), "me_too": set(), "follow": set()}
    for object_id, mark in _viewer_marks(user.pk, thread.pk, [p.pk for p in posts]):
        found[mark].add(object_id)
    return ViewerState(
        kudos_post_ids=found["kudos"],
        flagged_post_ids=found["flag"],
        has_me_too=bool(found["me_too"]),
        is_following=bool(found["follow"]),
    )


def _viewer_marks(user_id: int, thread_id: int, post_ids: list[int]) -> list[tuple]:
    """(object id, mark) rows for viewer_state. Written as SQL because the ORM took
    longer to build this four-way union (3 ms) than PostgreSQL takes to run it,
    on every signed-in thread page."""
    posts_in = ", ".join(["%s"] * len(post_ids)) or "NULL"
    sql = f"""
        SELECT post_id, 'kudos' FROM {Kudos._meta.db_table}
         WHERE user_id = %s AND post_id IN ({posts_in})
        UNION ALL
        SELECT post_id, 'flag' FROM {Flag._meta.db_table}
         WHERE user_id = %s AND post_id IN ({posts_in})
        UNION ALL
        SELECT thread_id, 'me_too' FROM {MeToo._meta.db_table}
         WHERE user_id = %s AND thread_id = %s
        UNION ALL
        SELECT thread_id, 'follow' FROM {ThreadFollow._meta.db_table}
         WHERE user_id = %s AND thread_id = %s
    """  # noqa: S608 - table names from models; every value is a parameter  # nosec B608
    parameters = [user_id, *post_ids, user_id, *post_ids]
    parameters += [user_id, thread_id, user_id, thread_id]
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        return cursor.fetchall()


@dataclass(frozen=True)
class PostControls:
    """The controls one viewer gets under one post."""

    is_own: bool = False
    may_kudos: bool = False
    kudos_given: bool = False
    may_accept: bool = False
    may_edit: bool = False
    may_flag: bool = False
    flagged: bool = False
    may_moderate: bool = False
    may_spam: bool = False


@dataclass(frozen=True)
class ThreadControls:
    """Everything a thread page shows differently from one viewer to another, so
    that two viewers with equal controls get the same page (see ``signature``)."""

    signed_in: bool
    may_moderate: bool
    may_feature: bool
    may_me_too: bool
    has_me_too: bool
    may_follow: bool
    is_following: bool
    may_unaccept: bool
    may_reply: bool
    helpful_prompt: str
    reply_count: int
    posts: dict[int, PostControls]
    may_turn_into_article: bool = False

    def for_post(self, post: Post) -> PostControls:
        return self.posts.get(post.pk, NO_CONTROLS)

    @property
    def signature(self) -> str:
        """A short digest of the controls, posts in page order included."""
        return hashlib.blake2b(repr(self).encode(), digest_size=12).hexdigest()


NO_CONTROLS = PostControls()


def thread_controls(
    user: User,
    thread: Thread,
    posts: list[Post],
    *,
    state: ViewerState,
    reply_count: int,
    helpful_prompt: str = "",
) -> ThreadControls:
    """What this viewer may do on this page of the thread, asked of the permission
    module once per control (no query beyond what the page loaded)."""
    return ThreadControls(
        signed_in=user.is_authenticated,
        may_moderate=permissions.can_moderate_thread(user, thread),
        may_feature=permissions.can_feature_thread(user, thread),
        may_me_too=permissions.can_me_too(user, thread),
        has_me_too=state.has_me_too,
        may_follow=permissions.can_follow_thread(user, thread),
        is_following=state.is_following,
        may_unaccept=permissions.can_unaccept_solution(user, thread),
        may_reply=permissions.can_reply(user, thread),
        helpful_prompt=helpful_prompt,
        reply_count=reply_count,
        posts={post.pk: _post_controls(user, post, state) for post in posts},
        may_turn_into_article=permissions.can_turn_thread_into_article(user, thread),
    )


def _post_controls(user: User, post: Post, state: ViewerState) -> PostControls:
    if not user.is_authenticated:
        return NO_CONTROLS
    return PostControls(
        is_own=post.author_id == user.pk,
        may_kudos=permissions.can_give_kudos(user, post),
        kudos_given=post.pk in state.kudos_post_ids,
        may_accept=permissions.can_accept_solution(user, post),
        may_edit=permissions.can_edit_post(user, post),
        may_flag=permissions.can_flag_post(user, post),
        flagged=post.pk in state.flagged_post_ids,
        may_moderate=permissions.can_moderate_post(user, post),
        may_spam=permissions.can_delete_as_spam(user, post),
    )


def member_activity(viewer: User, member: User, *, limit: int = 10) -> dict:
    """A member's latest threads, replies and accepted solutions for their
    profile, only what the viewer may see."""
    threads = threads_visible_to(viewer).filter(author=member)
    replies = posts_visible_to(
        viewer,
        Post.objects.filter(author=member, thread__in=threads_visible_to(viewer)),
    ).exclude(thread__first_post=F("id"))
    solutions = threads_visible_to(viewer).filter(solution_post__author=member)
    return {
        "threads": list(
            threads.select_related("board").order_by("-created_at")[:limit]
        ),
        "replies": list(
            replies.select_related("thread").order_by("-created_at")[:limit]
        ),
        "solutions": list(
            solutions.select_related("board").order_by("-accepted_at")[:limit]
        ),
    }
