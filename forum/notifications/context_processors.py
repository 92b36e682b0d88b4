from functools import cache

from forum.notifications import selectors


def notifications(request) -> dict:
    """The header's unread count, counted only if a template shows it, and once."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def unread_notifications() -> int:
        return selectors.unread_count(user)

    return {"unread_notifications": unread_notifications}
