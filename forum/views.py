from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from community.http import wants_json
from forum import (
    caching,
    fragments,
    limits,
    permissions,
    search,
    selectors,
    seo,
    services,
)
from forum.deflection import services as deflection
from forum.deflection.models import EventKind, EventSource
from forum.deflection.selectors.journeys import helpful_prompt
from forum.deflection.templatetags.deflection import result_url
from forum.filters import thread_list_options
from forum.forms import AskForm, EditPostForm, ReplyForm
from forum.models import Board, Post
from forum.moderation import selectors as moderation_selectors
from forum.moderation.flood import RateLimited
from forum.moderation.views.common import refusal_json, refusal_text
from forum.notifications import selectors as notification_selectors


def _done(request, redirect_to: str, message: str, data: dict | None = None):
    """Answer a small POST action: JSON for the page's script, else a redirect."""
    if wants_json(request):
        return JsonResponse({"message": message, **(data or {})})
    messages.success(request, message)
    return redirect(redirect_to)


def _refused(request, redirect_to: str, error: ValidationError | RateLimited):
    if wants_json(request):
        return refusal_json(error)
    messages.error(request, refusal_text(error))
    return redirect(redirect_to)


def _posted_message(post: Post, published: str) -> str:
    if post.is_approved:
        return published
    return (
        "Thanks! A moderator will check your post soon: until then only you can see "
        "it (marked “awaiting approval”)."
    )


def _post_anchor(post: Post) -> str:
    return reverse("forum:post", args=[post.pk])


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
    return render(request, "forum/home.html", {"home_lists": html})


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


@require_GET
def thread(request, thread_id: int, slug: str):
    page_number = caching.page_number(request.GET.get("page"))
    if page_number is None:
        response = _thread_page_response(request, thread_id, slug, page_number)
    else:
        response = caching.page_for_visitors(
            request,
            caching.thread_scope(thread_id),
            ("thread", thread_id, slug, page_number),
            lambda: _thread_page_response(request, thread_id, slug, page_number),
            timeout=caching.THREAD_PAGE_SECONDS,
            personal=lambda: bool(helpful_prompt(request, thread_id)),
        )
    if response.status_code == 200:
        services.record_thread_view(thread_id)
        deflection.record_thread_view(request, thread_id)
    return response


def _thread_page_response(
    request, thread_id: int, slug: str, page_number: int | None
) -> HttpResponse:
    viewer = permissions.unwrapped_user(request.user)
    fragments.prefetch_thread_page(viewer, thread_id, page_number)
    try:
        thread = fragments.thread_detail(viewer, thread_id)
    except Http404:
        # A thread merged into another keeps its address.
        merged_into = moderation_selectors.merged_thread(thread_id)
        if merged_into is None:
            raise
        return redirect(merged_into, permanent=True)
    if slug != thread.slug:
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return redirect(thread.get_absolute_url() + query, permanent=True)
    page = fragments.thread_replies_page(viewer, thread, request.GET.get("page"))
    replies = list(page.object_list)
    posts = [thread.first_post, *replies]
    controls = selectors.thread_controls(
        viewer,
        thread,
        posts,
        state=selectors.viewer_state(viewer, thread, posts),
        reply_count=page.paginator.count,
        helpful_prompt=helpful_prompt(request, thread.pk),
    )
    return render(
        request,
        "forum/thread.html",
        {
            "thread": thread,
            "thread_main": fragments.thread_main(
                request, thread, page=page, replies=replies, controls=controls
            ),
            "canonical_url": seo.page_url(thread.get_absolute_url(), page.number),
            "structured_data": fragments.thread_structured_data(
                thread, replies=replies, page_number=page.number
            ),
        },
    )


@require_GET
def post_permalink(request, post_id: int):
    post = selectors.post_for_permalink(request.user, post_id)
    url = post.thread.get_absolute_url()
    if post.pk != post.thread.first_post_id:
        page = selectors.reply_page_number(request.user, post)
        if page > 1:
            url += f"?page={page}"
    return redirect(f"{url}#p{post.pk}")


@login_required
def ask(request):
    """Ask a question. "Check for similar questions" shows threads like the draft
    (solved ones first) without validating it, so people can stop here if one
    answers them."""
    checking = request.method == "POST" and "check" in request.POST
    if request.method == "POST" and not checking:
        form = AskForm(request.POST)
    else:
        board = Board.objects.filter(slug=request.GET.get("board", "")).first()
        draft = request.POST.dict() if checking else {"board": board}
        form = AskForm(initial=draft)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            thread = services.create_thread(
                board=data["board"],
                author=request.user,
                title=data["title"],
                body=data["body"],
                tags=data["tags"],
                quick_submit=form.submitted_quickly(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        except RateLimited as error:
            form.add_error(None, error.message)
        else:
            deflection.record_event(request, EventKind.QUESTION_POSTED, thread=thread)
            message = _posted_message(thread.first_post, "Your question is posted.")
            messages.success(request, message)
            return redirect(thread)
    title = request.POST.get("title", "")[: limits.TITLE_MAX_LENGTH]
    similar = search.suggest_threads(title, limit=5) if title else []
    if checking and title:
        deflection.record_search(
            request, query=title, results=similar, source=EventSource.ASK_SUGGESTIONS
        )
    return render(
        request,
        "forum/ask.html",
        {"form": form, "similar": similar, "checked": checking},
    )


@require_GET
def similar_threads(request):
    """Live suggestions under the title field of the ask page."""
    title = request.GET.get("title", "")[: limits.TITLE_MAX_LENGTH]
    threads = search.suggest_threads(title, limit=5) if len(title) >= 4 else []
    if threads:
        deflection.record_search(
            request, query=title, results=threads, source=EventSource.ASK_SUGGESTIONS
        )
    return JsonResponse(
        {
            "results": [
                {
                    "title": t.title,
                    "url": result_url(t, rank, EventSource.ASK_SUGGESTIONS),
                    "board": t.board.name,
                    "solved": t.is_solved,
                }
                for rank, t in enumerate(threads, start=1)
            ]
        }
    )


@require_POST
@login_required
def reply(request, thread_id: int):
    thread = selectors.thread_detail(request.user, thread_id)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            post = services.post_reply(
                thread,
                author=request.user,
                body=form.cleaned_data["body"],
                quick_submit=form.submitted_quickly(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        except RateLimited as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _posted_message(post, "Your reply is posted."))
            return redirect(_post_anchor(post))
    return render(request, "forum/reply.html", {"thread": thread, "form": form})


@login_required
def edit_post(request, post_id: int):
    post = selectors.post_for_permalink(request.user, post_id)
    if not permissions.can_edit_post(request.user, post):
        raise PermissionDenied("You can't edit this post.")
    thread = post.thread
    is_first = post.pk == thread.first_post_id
    initial = {"body": post.body}
    if is_first:
        initial |= {
            "title": thread.title,
            "tags": ", ".join(tag.name for tag in thread.tags.all()),
        }
    form = EditPostForm(request.POST or None, initial=initial, is_first_post=is_first)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_post(
                post,
                by=request.user,
                body=form.cleaned_data["body"],
                title=form.cleaned_data.get("title"),
                tags=form.cleaned_data.get("tags") if is_first else None,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your changes are saved.")
            return redirect(_post_anchor(post))
    return render(
        request, "forum/edit_post.html", {"form": form, "post": post, "thread": thread}
    )


@require_POST
@login_required
def kudos(request, post_id: int):
    post = selectors.post_for_permalink(request.user, post_id)
    if request.POST.get("action") == "withdraw":
        services.withdraw_kudos(post, by=request.user)
        message, given = "Kudos taken back.", False
    else:
        try:
            services.give_kudos(post, by=request.user)
        except RateLimited as error:
            return _refused(request, _post_anchor(post), error)
        message, given = "Kudos given. Thanks for saying thanks!", True
    post.refresh_from_db(fields=["kudos_count"])
    return _done(
        request,
        _post_anchor(post),
        message,
        {"given": given, "kudos_count": post.kudos_count},
    )


@require_POST
@login_required
def me_too(request, thread_id: int):
    thread = selectors.thread_detail(request.user, thread_id)
    if request.POST.get("action") == "remove":
        services.remove_me_too(thread, by=request.user)
        message, added = "Removed your “me too”.", False
    else:
        services.add_me_too(thread, by=request.user)
        message, added = "Noted: you have this question too.", True
    thread.refresh_from_db(fields=["me_too_count"])
    return _done(
        request,
        thread.get_absolute_url(),
        message,
        {"added": added, "me_too_count": thread.me_too_count},
    )


@require_POST
@login_required
def accept(request, thread_id: int):
    thread = selectors.thread_detail(request.user, thread_id)
    post_id = request.POST.get("post", "")
    post = get_object_or_404(Post, pk=int(post_id) if post_id.isdigit() else 0)
    try:
        services.accept_solution(thread, post=post, by=request.user)
    except ValidationError as error:
        return _refused(request, thread.get_absolute_url(), error)
    return _done(request, _post_anchor(post), "Marked as the accepted solution.")


@require_POST
@login_required
def unaccept(request, thread_id: int):
    thread = selectors.thread_detail(request.user, thread_id)
    services.unaccept_solution(thread, by=request.user)
    return _done(request, thread.get_absolute_url(), "The solution was unmarked.")


@require_POST
@login_required
def follow(request, thread_id: int):
    thread = selectors.thread_detail(request.user, thread_id)
    if request.POST.get("action") == "unfollow":
        services.unfollow_thread(thread, by=request.user)
        message, following = "You no longer follow this thread.", False
    else:
        services.follow_thread(thread, by=request.user)
        message, following = "You'll hear about replies and solutions.", True
    return _done(request, thread.get_absolute_url(), message, {"following": following})
