"""What a live update shows, rendered for one viewer in their language."""

from contextlib import AbstractContextManager

from django.conf import settings
from django.http import Http404
from django.utils import translation

from accounts.languages import is_offered, language_for
from forum import fragments, limits, permissions, selectors

# Forms in a live fragment carry this instead of a CSRF token: the page's script
# puts in the token its own forms carry (the cookie is not readable by scripts).
CSRF_PLACEHOLDER = "live-csrf-token"


def page_language(requested: str | None) -> str:
    """The language the page was served in, if the site offers it."""
    return requested if is_offered(requested) else settings.LANGUAGE_CODE


def in_viewers_language(viewer, page_language_code: str) -> AbstractContextManager:
    """A member's chosen language, else the page's (a visitor's, or a member who
    lets the browser choose)."""
    chosen = getattr(viewer, "language", "")
    code = language_for(viewer) if is_offered(chosen) else page_language_code
    return translation.override(code)


def thread_main(viewer, thread_id: int, page_number: int) -> str | None:
    """The thread page below the header as this viewer sees that page of it now,
    or None when the thread is gone or no longer theirs to see."""
    try:
        thread = selectors.thread_with_page_rows(thread_id, with_authors=False)
    except Http404:
        return None
    if not permissions.can_view_thread(viewer, thread):
        return None
    page = selectors.paginate(
        selectors.thread_replies(viewer, thread, with_authors=False),
        page_number,
        per_page=limits.POSTS_PER_PAGE,
    )
    replies = list(page.object_list)
    for reply in replies:
        reply.thread = thread
    posts = [thread.first_post, *replies]
    controls = selectors.thread_controls(
        viewer,
        thread,
        posts,
        state=selectors.viewer_state(viewer, thread, posts),
        reply_count=page.paginator.count,
    )
    path = thread.get_absolute_url()
    return fragments.render_thread_main(
        thread,
        page=page,
        replies=replies,
        controls=controls,
        current_path=path if page.number == 1 else f"{path}?page={page.number}",
        csrf_token=CSRF_PLACEHOLDER,
    )
