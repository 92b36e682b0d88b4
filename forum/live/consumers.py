"""The WebSocket an open page keeps to hear what changed on it.

A page connects to ``/ws/live/?thread=<id>&page=<n>&lang=<code>`` (every parameter
optional). The consumer joins the groups the viewer may hear: their own inbox, the
thread if they may see it, the moderation queue if they work it. Each event names
ids only; the viewer is read again from the database and every object is checked
with the permission module before anything is rendered and sent, so a viewer who
lost a right, or content that was hidden meanwhile, stops at the next event.
"""

from urllib.parse import parse_qs

from asgiref.sync import async_to_sync
from channels.generic.websocket import JsonWebsocketConsumer
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from forum import permissions
from forum.live import events, rendering
from forum.models import Post, Thread
from forum.moderation import selectors as moderation_selectors
from forum.notifications import selectors as notification_selectors


def _positive_int(values: list[str]) -> int | None:
    value = values[0] if values else ""
    return int(value) if value.isdigit() and 0 < int(value) < 2**31 else None


class LiveConsumer(JsonWebsocketConsumer):
    def connect(self) -> None:
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        self.language = rendering.page_language((query.get("lang") or [""])[0])
        self.thread_id = _positive_int(query.get("thread", []))
        self.page_number = _positive_int(query.get("page", [])) or 1
        viewer = self._viewer()
        if viewer.is_authenticated:
            self._join(events.member_group(viewer.pk))
            if permissions.can_view_moderation_queue(viewer):
                self._join(events.MODERATION_GROUP)
        if self.thread_id is not None:
            thread = Thread.objects.select_related("board").filter(pk=self.thread_id)
            thread = thread.first()
            if thread is not None and permissions.can_view_thread(viewer, thread):
                self._join(events.thread_group(self.thread_id))
        self.accept()

    def receive_json(self, content, **kwargs) -> None:
        """Pages only listen; whatever they send is ignored."""

    def _join(self, group: str) -> None:
        async_to_sync(self.channel_layer.group_add)(group, self.channel_name)
        # Left again on disconnect (channels leaves every group in ``groups``).
        self.groups.append(group)

    def _viewer(self):
        """The connected member as the database has them now (role, suspension,
        still active), or a visitor."""
        user = self.scope.get("user")
        user_id = getattr(user, "pk", None) if user is not None else None
        if user_id is None:
            return AnonymousUser()
        return User.objects.filter(pk=user_id, is_active=True).first() or (
            AnonymousUser()
        )

    # --- events from forum.live.events -----------------------------------

    def thread_changed(self, event: dict) -> None:
        if event["thread"] != self.thread_id:
            return
        viewer = self._viewer()
        announcement = ""
        if event["post"] is not None:
            post = (
                Post.objects.select_related("thread__board", "author")
                .filter(pk=event["post"])
                .first()
            )
            shown = post is not None and permissions.can_view_post(viewer, post)
            # A post the viewer may not see changes nothing they may see, except
            # when it was just hidden from them.
            if not shown and event["change"] != "hidden":
                return
            if shown:
                with rendering.in_viewers_language(viewer, self.language):
                    announcement = _announcement(event["change"], post)
        with rendering.in_viewers_language(viewer, self.language):
            if event["post"] is None:
                announcement = _announcement(event["change"], None)
            html = rendering.thread_main(viewer, self.thread_id, self.page_number)
        if html is None:
            return
        self.send_json(
            {
                "kind": "thread",
                "change": event["change"],
                "post": event["post"],
                "html": html,
                "announcement": announcement,
            }
        )

    def inbox_changed(self, event: dict) -> None:
        viewer = self._viewer()
        if not viewer.is_authenticated or event["member"] != viewer.pk:
            return
        unread = notification_selectors.unread_count(viewer)
        with rendering.in_viewers_language(viewer, self.language):
            label = ngettext(
                "Notifications, %(count)s unread",
                "Notifications, %(count)s unread",
                unread,
            ) % {"count": unread}
        self.send_json({"kind": "notifications", "count": unread, "label": label})

    def queue_changed(self, event: dict) -> None:
        viewer = self._viewer()
        post = (
            Post.objects.select_related("thread__board")
            .filter(pk=event["post"])
            .first()
        )
        if post is None or not permissions.can_moderate_post(viewer, post):
            return
        waiting = moderation_selectors.queue_count(viewer)
        with rendering.in_viewers_language(viewer, self.language):
            label = ngettext(
                "Moderation: %(count)s waiting",
                "Moderation: %(count)s waiting",
                waiting,
            ) % {"count": waiting}
            notice = (
                _("New items are waiting in the moderation queue.")
                if event["entered"]
                else ""
            )
            reload = _("Reload")
        self.send_json(
            {
                "kind": "queue",
                "count": waiting,
                "label": label,
                "notice": notice,
                "reload": reload,
            }
        )


def _announcement(change: str, post: Post | None) -> str:
    """What a screen reader says about the change (in the active language)."""
    name = post.author.name if post is not None and post.author else _("A member")
    if change in {"reply", "approved"}:
        return _("New reply from %(name)s") % {"name": name}
    if change == "edit":
        return _("%(name)s edited a post") % {"name": name}
    if change == "solution":
        return _("An answer was accepted as the solution")
    if change == "unsolved":
        return _("The accepted solution was withdrawn")
    return ""
