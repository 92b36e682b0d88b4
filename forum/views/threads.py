"""A thread's page and a post's permalink."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from forum import (
    caching,
    fragments,
    permissions,
    selectors,
    seo,
    services,
)
from forum.deflection import services as deflection
from forum.deflection.selectors.journeys import helpful_prompt
from forum.moderation import selectors as moderation_selectors


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
