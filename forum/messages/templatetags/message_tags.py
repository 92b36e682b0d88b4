from django import template

from forum.messages import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def reported_conversations(context):
    """Open message reports for the moderation queue (none for board moderators)."""
    return list(selectors.open_reports(context["request"].user))


@register.simple_tag(takes_context=True)
def has_blocked(context, member) -> bool:
    """Whether the viewer blocked ``member`` (one query, on profile pages)."""
    return selectors.has_blocked(context["request"].user, member)
