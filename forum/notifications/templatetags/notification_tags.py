from django import template

from forum.notifications import texts

register = template.Library()


@register.filter
def notification_summary(notification) -> str:
    """One sentence saying what happened."""
    return texts.summary(notification)
