from functools import cache

from forum.messages import selectors


def private_messages(request) -> dict:
    """The header's count of unread conversations, counted only if a template shows
    it, and once. Only members' pages show it; those are never shared in the page
    cache (``caching.is_plain_visitor``)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def unread_conversations() -> int:
        return selectors.unread_conversation_count(user)

    return {"unread_conversations": unread_conversations}
