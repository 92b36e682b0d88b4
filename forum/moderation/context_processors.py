from functools import cache

from forum.moderation.models import FlagReason


def moderation(request) -> dict:
    """``moderation_queue_count`` for the header (a callable, so the count query runs
    only when a moderator's page shows it, and once), and the flag reasons."""

    @cache
    def queue_count() -> int:
        from forum.moderation.selectors import queue_count as count

        return count(request.user)

    return {"moderation_queue_count": queue_count, "flag_reasons": FlagReason.choices}
