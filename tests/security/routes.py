"""Concrete addresses for every route the resolver knows, filled with real ids."""

import re

from forum.deflection.selectors.dashboard import CSV_TABLES
from forum.notifications.tokens import make_unsubscribe_token
from tests.security.snapshots import url_patterns

_PLACEHOLDER = re.compile(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>([^)]*)\)")
_CHOICES = re.compile(r"^[\w-]+(\|[\w-]+)+$")


def fill(route: str, values: dict[str, str]) -> str:
    """The route with its parameters replaced (unknown ones become ``1``)."""

    def value(match):
        name = match.group(2) or match.group(3)
        if match.group(4) and _CHOICES.match(match.group(4)):
            return match.group(4).split("|")[0]  # a choice like (?P<action>lock|pin)
        return str(values.get(name, "1"))

    path = _PLACEHOLDER.sub(value, route)
    return "/" + path.replace("^", "").replace("$", "")


def values_for(world) -> dict[str, str]:
    """Real ids from a ``tests.security.world`` community."""
    return {
        "thread_id": world.question.pk,
        "post_id": world.reply.pk,
        "pk": world.question.pk,
        "slug": world.board.slug,
        "username": world.replier.username,
        "notification_id": getattr(world, "notification", None)
        and world.notification.pk,
        "token_id": getattr(world, "token", None) and world.token.pk,
        "token": make_unsubscribe_token(world.asker, "all"),
        "table": next(iter(CSV_TABLES)),
        "key": "not-a-key",
        "uidb36": "1",
        "object_id": world.question.pk,
        "content_type_id": "1",
        "id": world.asker.pk,
        "reference": getattr(world, "case", None) and world.case.reference,
    }


def routes():
    """(route, name, callback) for every route, admin included."""
    return [(route, name, callback) for route, name, callback, _ in url_patterns()]
