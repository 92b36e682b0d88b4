from django import template

from forum.reputation.selectors import top_badges

register = template.Library()


@register.filter
def best_badges(member, limit: int = 1) -> list:
    """A member's best badges from what the selector prefetched."""
    if member is None:
        return []
    return top_badges(member, limit=int(limit))
