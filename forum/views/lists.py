"""The home page and the board and tag lists of threads."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from forum import (
    caching,
    fragments,
    limits,
    permissions,
    selectors,
    seo,
)
from forum.console import conf as console_conf
from forum.console import selectors as console_selectors
from forum.filters import thread_list_options
from forum.models import Board
from forum.notifications import selectors as notification_selectors


@require_GET
def home(request):
    scope = caching.home_scope(selectors.board_ids())
    return caching.page_for_visitors(
        request,
        scope,
        ("home",),
        lambda: _home_page_response(request, scope),
        timeout=caching.BOARD_PAGE_SECONDS,
        params=frozenset(),
    )


def _home_page_response(request, scope: list[str]) -> HttpResponse:
    def lists() -> str:
        return render_to_string(
            "forum/includes/_home_lists.html",
            {
                "boards": selectors.board_list(),
                "featured": selectors.featured_threads(request.user),
                "recently_solved": selectors.recently_solved(request.user),
                "unanswered": selectors.unanswered(request.user),
            },
        )

    if permissions.lists_only_public_threads(request.user):
        # Members who see the public lists share one rendering of them.
        html = caching.remember(
            scope, ("home-lists",), lists, timeout=caching.BOARD_PAGE_SECONDS
        )
    else:
        html = lists()
    return render(
        request,
        "forum/home.html",
        {
            "home_lists": html,
            "home_message": console_conf.snapshot().home_message,
            "featured_boards": console_selectors.featured_boards(),
        },
    )


def _list_context(options: dict) -> dict:
    return {**options, "filter_choices": selectors.THREAD_FILTER_LABELS}


def _thread_page(request, options: dict, **scope):
    """The requested page of a board's or tag's threads, filtered and sorted."""
    threads = selectors.thread_list(request.user, **scope, **options)
    return selectors.paginate(
        threads, request.GET.get("page"), per_page=limits.THREADS_PER_PAGE
    )


def _list_options(request) -> tuple[dict, bool]:
    """The list's show and sort, and whether a value was replaced by the default
    (the page then says so, which makes it a page of its own: never cached)."""
    options, notices = thread_list_options(request.GET)
    for notice in notices:
        messages.warning(request, notice)
    return options, bool(notices)


# A board page's links repeat these; any other parameter makes the page its own.
BOARD_PAGE_PARAMS = frozenset({"page", "show", "sort"})


@require_GET
def board(request, slug: str):
    board = selectors.board_detail(slug)
    options, corrected = _list_options(request)
    name = None if corrected else _board_list_name(request, board, options)
    if name is None:
        return _board_page_response(request, board, options, name)
    return caching.page_for_visitors(
        request,
        caching.board_scope(board.pk),
        ("board", *name),
        lambda: _board_page_response(request, board, options, name),
        timeout=caching.BOARD_PAGE_SECONDS,
        params=BOARD_PAGE_PARAMS,
    )


def _board_list_name(request, board: Board, options: dict) -> tuple | None:
    """The cache name of the thread list this request asks for, if it is a common
    one (an early page, and no parameters but the list's own)."""
    page_number = caching.page_number(request.GET.get("page"))
    common = page_number is not None and set(request.GET) <= BOARD_PAGE_PARAMS
    return (board.pk, options["show"], options["sort"], page_number) if common else None


def _board_page_response(
    request, board: Board, options: dict, name: tuple | None
) -> HttpResponse:
    def thread_list() -> dict:
        page = _thread_page(request, options, board=board)
        html = render_to_string(
            "forum/includes/_board_threads.html",
            {"board": board, "page": page, **_list_context(options)},
            request,
        )
        return {"html": html, "page_number": page.number}

    fragments.prefetch_board_page(
        permissions.unwrapped_user(request.user), board.pk, name
    )
    if name is not None and permissions.lists_only_public_threads(request.user):
        # Everyone who sees the public list sees the same rows: render them once.
        threads = caching.remember(
            caching.board_scope(board.pk),
            fragments.board_list_name(name),
            thread_list,
            timeout=caching.BOARD_PAGE_SECONDS,
        )
    else:
        threads = thread_list()
    return render(
        request,
        "forum/board.html",
        {
            "board": board,
            "thread_list": threads["html"],
            "following": notification_selectors.is_following_board(request.user, board),
            "canonical_url": seo.page_url(
                board.get_absolute_url(), threads["page_number"]
            ),
            **_list_context(options),
        },
    )


@require_GET
def tag(request, slug: str):
    tag = selectors.tag_detail(slug)
    options, _ = _list_options(request)
    page = _thread_page(request, options, tag=tag)
    return render(
        request,
        "forum/tag.html",
        {
            "tag": tag,
            "page": page,
            "following": notification_selectors.is_following_tag(request.user, tag),
            **_list_context(options),
        },
    )
