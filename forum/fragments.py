"""Rendered pieces of forum pages that every viewer sees alike, kept in the cache
under the generations of what they show (see forum.caching)."""

from django.core.paginator import Page, Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe

from forum import caching, limits, permissions, selectors, seo
from forum.forms import ReplyForm
from forum.messages import selectors as message_selectors
from forum.models import Post, Thread
from forum.moderation.models import FlagReason
from forum.notifications import selectors as notification_selectors
from forum.selectors import ThreadControls, author_prefetches


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


def prefetch_thread_page(user, thread_id: int, page_number: int | None) -> None:
    """Read ahead, in one round trip, the cached pieces a thread page asks for
    before it knows the viewer's controls: the thread, its replies, its structured
    data, and a member's roles and unread count."""
    scope = caching.thread_scope(thread_id)
    entries = [(scope, _thread_name(thread_id))]
    if page_number is not None:
        entries += [
            (scope, _replies_name(thread_id, page_number)),
            (scope, _structured_data_name(thread_id, page_number)),
        ]
    caching.prefetch([*entries, *_member_entries(user)])


def prefetch_board_page(user, board_id: int, list_name: tuple | None) -> None:
    """Read ahead, in one round trip, a board page's shared thread list and a
    member's roles and unread count."""
    entries = _member_entries(user)
    if list_name is not None:
        entries.append((caching.board_scope(board_id), board_list_name(list_name)))
    caching.prefetch(entries)


def board_list_name(list_name: tuple) -> tuple:
    return ("board-list", *list_name)


def _member_entries(user) -> list:
    if not user.is_authenticated:
        return []
    return [
        permissions.roles_entry(user),
        notification_selectors.unread_count_entry(user),
        message_selectors.unread_conversations_entry(user),
    ]


def _thread_name(thread_id: int) -> tuple:
    return ("thread", thread_id)


def _replies_name(thread_id: int, page_number: int) -> tuple:
    return ("replies", thread_id, page_number)


def _structured_data_name(thread_id: int, page_number: int) -> tuple:
    return ("thread-seo", thread_id, page_number)


def thread_detail(user, thread_id: int) -> Thread:
    """forum.selectors.thread_detail for the thread page: the thread and the rows
    its page shows above the replies come from the cache while the thread's
    generation stands, and the viewer's right to see it is checked on every read;
    raises Http404."""

    def read() -> Thread:
        thread = selectors.thread_with_page_rows(thread_id, with_authors=False)
        # Kept with the thread: thread_replies_page asks whom it must not share.
        thread.authors_awaiting_approval = selectors.authors_awaiting_approval(thread)
        return thread

    thread = caching.remember(
        caching.thread_scope(thread_id),
        _thread_name(thread_id),
        read,
        timeout=caching.THREAD_PAGE_SECONDS,
    )
    if not permissions.can_view_thread(user, thread):
        raise Http404("No such thread.")
    return thread


def thread_replies_page(user, thread: Thread, raw_page_number: str | None) -> Page:
    """The requested page of replies the user may see (forum.selectors), for a
    thread from ``thread_detail``. Viewers who see only public replies (not the
    board's moderators, nor authors of a reply awaiting approval) share one
    reading per generation of the thread."""
    requested = caching.page_number(raw_page_number)
    if requested is None or not permissions.sees_only_public_posts(
        user, thread, authors_awaiting_approval=thread.authors_awaiting_approval
    ):
        return selectors.paginate(
            selectors.thread_replies(user, thread, with_authors=False),
            raw_page_number,
            per_page=limits.POSTS_PER_PAGE,
        )

    def read() -> dict:
        page = selectors.paginate(
            selectors.thread_replies(seo.VISITOR, thread, with_authors=False),
            requested,
            per_page=limits.POSTS_PER_PAGE,
        )
        return {
            "count": page.paginator.count,
            "number": page.number,
            "replies": list(page.object_list),
        }

    found = caching.remember(
        caching.thread_scope(thread.pk),
        _replies_name(thread.pk, requested),
        read,
        timeout=caching.THREAD_PAGE_SECONDS,
    )
    for reply in found["replies"]:
        reply.thread = thread  # one thread object for the page, as uncached
    # The page is all the paginator holds: its count was taken when it was read.
    paginator = Paginator(found["replies"], limits.POSTS_PER_PAGE)
    paginator.count = found["count"]
    return Page(found["replies"], found["number"], paginator)


def thread_main(
    request,
    thread: Thread,
    *,
    page: Page,
    replies: list[Post],
    controls: ThreadControls,
) -> SafeString:
    """The thread page below the site header. Viewers with equal controls see the
    same page, so it is rendered once per generation of the thread and per distinct
    controls, then given this viewer's CSRF token. Pages whose query string holds
    more than the page number are rendered for themselves."""
    current_path = request.get_full_path()

    def render() -> str:
        return render_thread_main(
            thread,
            page=page,
            replies=replies,
            controls=controls,
            current_path=current_path,
            csrf_token=_csrf_placeholder(),
        )

    if caching.has_only_params(request, frozenset({"page"})):
        html = caching.remember(
            caching.thread_scope(thread.pk),
            ("thread-main", thread.pk, page.number, controls.signature),
            render,
            timeout=caching.THREAD_PAGE_SECONDS,
        )
    else:
        html = render()
    placeholder = _csrf_placeholder()
    if placeholder in html:
        # Asked only when a form is shown: a token sets a cookie, which keeps a
        # visitor's page out of the shared cache.
        html = html.replace(placeholder, get_token(request))
    return mark_safe(html)  # noqa: S308 - our own rendered template, with the token put in  # nosec B308 B703


def render_thread_main(
    thread: Thread,
    *,
    page: Page,
    replies: list[Post],
    controls: ThreadControls,
    current_path: str,
    csrf_token: str,
) -> str:
    """The thread page below the site header, as the page and live updates show it;
    forms carry ``csrf_token``, a placeholder each of them swaps for a real token."""
    return render_to_string(
        "forum/includes/_thread_main.html",
        {
            "thread": thread,
            "page": page,
            "replies": replies,
            "controls": controls,
            "post_heads": post_heads(thread, replies, page.number),
            "reply_form": ReplyForm(),
            "flag_reasons": FlagReason.choices,
            "current_path": current_path,
            "csrf_token": csrf_token,
        },
    )


def _csrf_placeholder() -> str:
    # Secret-derived, so no post can contain it, and alike in every worker.
    return salted_hmac("forum.fragments.csrf", "placeholder").hexdigest()


def thread_structured_data(
    thread: Thread, *, replies: list[Post], page_number: int
) -> dict | None:
    """The page's QAPage data (forum.seo), which every viewer gets alike."""
    return caching.remember(
        caching.thread_scope(thread.pk),
        _structured_data_name(thread.pk, page_number),
        lambda: {
            "data": seo.thread_structured_data(
                thread, replies=replies, page_number=page_number
            )
        },
        timeout=caching.THREAD_PAGE_SECONDS,
    )["data"]
