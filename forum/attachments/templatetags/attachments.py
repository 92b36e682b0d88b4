from django import template

from forum.attachments import storage

register = template.Library()


@register.simple_tag
def attachment_urls(attachment) -> dict:
    """``{% attachment_urls attachment as urls %}``: its current full-size and
    thumbnail addresses (a hidden post's files answer only at their new place)."""
    full, thumbnail = storage.file_urls(attachment)
    return {"full": full, "thumbnail": thumbnail}
