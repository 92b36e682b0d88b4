"""Whole pages for plain visitors: one rendering per generation of what a page
shows, shared by every visitor who would see the same page."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.http import HttpResponse

from community.theme import has_chosen_theme


def is_plain_visitor(request) -> bool:
    """A visitor who may see what every visitor sees: not signed in, and no session
    or flash message. A search journey alone does not count: it changes a page only
    where the page says so (``page_for_visitors``'s ``personal``)."""
    if request.user.is_authenticated:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    # The page carries the theme the visitor chose on <html>: not everyone's page.
    if has_chosen_theme(request):
        return False
    return getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in request.COOKIES


def has_only_params(request, params: frozenset[str]) -> bool:
    """The query string holds nothing but ``params``, each once."""
    return all(
        key in params and len(request.GET.getlist(key)) == 1 for key in request.GET
    )


def _shareable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def page_for_visitors(
    request,
    scope: list[str],
    name: Iterable[Any],
    render: Callable[[], HttpResponse],
    *,
    timeout: int,
    params: frozenset[str] = frozenset({"page"}),
    personal: Callable[[], bool] = lambda: False,
) -> HttpResponse:
    """``render()``'s page, from the cache for plain visitors (rendered once per
    generation of ``scope``); everyone else gets it rendered, and so does a visitor
    for whom ``personal()`` says the page differs (a thread page asking a searcher
    whether it helped). Links on a page repeat its query string, so only requests
    with nothing but ``params`` share one."""
    shared = is_plain_visitor(request) and has_only_params(request, params)
    if not shared or personal():
        return render()
    rendered = {}

    def build():
        rendered["response"] = response = render()
        if not _shareable(request, response):
            return None
        # Every header the view set (language, canonical link, cache policy...)
        # travels with the body; what middleware adds is added to a hit too.
        return response.content, list(response.items())

    from forum.caching import remember

    cached = remember(
        scope, name, build, timeout=timeout, keep=lambda value: value is not None
    )
    if "response" in rendered:
        return rendered["response"]
    content, headers = cached
    return HttpResponse(content, headers=dict(headers))
