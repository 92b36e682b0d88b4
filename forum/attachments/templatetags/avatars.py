from django import template

from forum.attachments import avatars

register = template.Library()


@register.simple_tag
def avatar_url(member, size: int = 96) -> str:
    """``{% avatar_url member 96 as picture %}``: "" when the member has none (the
    initials show instead). Reads only the member row: no query."""
    if member is None:
        return ""
    return avatars.avatar_url(member, size)
