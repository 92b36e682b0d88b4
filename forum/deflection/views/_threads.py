from forum import permissions
from forum.models import Thread


def visible_threads(user):
    """Threads this user may open: hidden ones only for moderators (else 404)."""
    if permissions.is_moderator(user):
        return Thread.objects.all()
    return Thread.objects.public()
