"""Asking, replying and editing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from forum import (
    limits,
    permissions,
    search,
    selectors,
    services,
)
from forum.composer.widgets import editing, show_preview, wants_preview
from forum.deflection import services as deflection
from forum.deflection.models import EventKind, EventSource
from forum.forms import AskForm, EditPostForm, ReplyForm
from forum.models import Board
from forum.moderation.flood import RateLimited
from forum.search.templatetags.search import result_link
from forum.views.common import _post_anchor, _posted_message


@login_required
def ask(request):
    """Ask a question. "Check for similar questions" shows threads like the draft
    (solved ones first) without validating it, so people can stop here if one
    answers them."""
    checking = request.method == "POST" and "check" in request.POST
    previewing = wants_preview(request)
    if request.method == "POST" and not (checking or previewing):
        form = AskForm(request.POST)
    else:
        board = Board.objects.filter(slug=request.GET.get("board", "")).first()
        keep = checking or previewing
        form = AskForm(initial=request.POST.dict() if keep else {"board": board})
        if previewing:
            show_preview(form, author=request.user)
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
            message = _posted_message(thread.first_post, _("Your question is posted."))
            messages.success(request, message)
            return redirect(thread)
    title = request.POST.get("title", "")[: limits.TITLE_MAX_LENGTH]
    similar = search.suggest_answers(title, limit=5) if title else []
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
    """Live suggestions under the title field of the ask page: threads and
    knowledge articles. ``url`` is the tracked link; ``type`` says which it is
    and ``page_url`` is its own address; an article's ``board`` is its
    category."""
    title = request.GET.get("title", "")[: limits.TITLE_MAX_LENGTH]
    hits = search.suggest_answers(title, limit=5) if len(title) >= 4 else []
    if hits:
        deflection.record_search(
            request, query=title, results=hits, source=EventSource.ASK_SUGGESTIONS
        )
    return JsonResponse(
        {
            "results": [
                _suggestion_json(hit, rank) for rank, hit in enumerate(hits, start=1)
            ]
        }
    )


def _suggestion_json(hit, rank: int) -> dict:
    article = hit.article
    return {
        "type": hit.kind,
        "title": hit.title,
        "url": result_link(hit.document, rank, EventSource.ASK_SUGGESTIONS),
        "page_url": hit.url,
        "board": article.category.name if article else hit.thread.board.name,
        "solved": True if article else hit.thread.is_solved,
    }


@require_POST
@login_required
def reply(request, thread_id: int):
    thread = selectors.thread_detail(request.user, thread_id)
    if wants_preview(request):
        form = ReplyForm(initial=request.POST.dict())
        show_preview(form, author=request.user)
        return render(request, "forum/reply.html", {"thread": thread, "form": form})
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
            messages.success(request, _posted_message(post, _("Your reply is posted.")))
            return redirect(_post_anchor(post))
    return render(request, "forum/reply.html", {"thread": thread, "form": form})


@login_required
def edit_post(request, post_id: int):
    post = selectors.post_for_permalink(request.user, post_id)
    if not permissions.can_edit_post(request.user, post):
        raise PermissionDenied(_("You can't edit this post."))
    thread = post.thread
    is_first = post.pk == thread.first_post_id
    initial = {"body": post.body}
    if is_first:
        initial |= {
            "title": thread.title,
            "tags": ", ".join(tag.name for tag in thread.tags.all()),
        }
    if wants_preview(request):
        draft = request.POST.dict()
        form = EditPostForm(initial=draft, is_first_post=is_first)
        show_preview(form, author=post.author)
    else:
        form = EditPostForm(
            request.POST or None, initial=initial, is_first_post=is_first
        )
    editing(form, post.pk)
    if form.is_bound and form.is_valid():
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
            messages.success(request, _("Your changes are saved."))
            return redirect(_post_anchor(post))
    return render(
        request, "forum/edit_post.html", {"form": form, "post": post, "thread": thread}
    )
