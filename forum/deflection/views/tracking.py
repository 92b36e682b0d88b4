"""Result clicks and "Did this answer your question?", both working without
JavaScript."""

from django.contrib import messages
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from forum.deflection.models import EventKind, EventSource
from forum.deflection.services import record_event
from forum.knowledge.models import ArticleState
from forum.permissions import articles_visible_to, threads_visible_to


@require_GET
def go(request, thread_id: int):
    """Log a click on a search result, then redirect to that thread (and only there:
    the target is the thread's own URL, so this is no open redirect)."""
    thread = get_object_or_404(threads_visible_to(request.user), pk=thread_id)
    record_event(
        request,
        EventKind.RESULT_CLICK,
        thread=thread,
        rank=_rank(request.GET.get("rank")),
        source=_source(request.GET.get("source", "")),
    )
    return _tracked_redirect(thread.get_absolute_url())


@require_GET
def go_article(request, article_id: int):
    """Log a click on a knowledge article in search results, then redirect to the
    article's own URL (and only there). Only published articles the viewer may
    see: a draft or an archived article is no search result."""
    articles = articles_visible_to(request.user).filter(state=ArticleState.PUBLISHED)
    article = get_object_or_404(articles, pk=article_id)
    record_event(
        request,
        EventKind.RESULT_CLICK,
        article=article,
        rank=_rank(request.GET.get("rank")),
        source=_source(request.GET.get("source", "")),
    )
    return _tracked_redirect(article.get_absolute_url())


def _source(value: str) -> str:
    return value if value in EventSource.values else EventSource.SEARCH_PAGE


def _tracked_redirect(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "no-store"
    return response


def _rank(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and 0 < int(value) < 1000 else None


@require_POST
def helpful(request, thread_id: int):
    """Record the visitor's yes or no for this thread, then go back to it."""
    thread = get_object_or_404(threads_visible_to(request.user), pk=thread_id)
    answer = request.POST.get("answer")
    if answer not in {"yes", "no"}:
        return HttpResponseBadRequest("answer must be yes or no")
    kind = EventKind.HELPFUL_YES if answer == "yes" else EventKind.HELPFUL_NO
    record_event(request, kind, thread=thread)
    if answer == "yes":
        messages.success(request, _("Thanks! Glad this answered your question."))
    else:
        messages.info(
            request,
            _("Thanks for telling us. You can reply to the thread or contact support."),
        )
    return HttpResponseRedirect(thread.get_absolute_url() + "#helpful")
