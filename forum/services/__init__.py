"""Everything that writes to the forum. Each function checks its permission, runs in
one transaction and returns the changed object; none knows about requests."""

from forum.services.reactions import (
    add_me_too,
    follow_thread,
    give_kudos,
    remove_me_too,
    unfollow_thread,
    withdraw_kudos,
)
from forum.services.solutions import accept_solution, unaccept_solution
from forum.services.thread_views import flush_thread_views, record_thread_view
from forum.services.threads import create_thread, edit_post, post_reply

__all__ = [
    "accept_solution",
    "add_me_too",
    "create_thread",
    "edit_post",
    "flush_thread_views",
    "follow_thread",
    "give_kudos",
    "post_reply",
    "record_thread_view",
    "remove_me_too",
    "unaccept_solution",
    "unfollow_thread",
    "withdraw_kudos",
]
