"""Boards, threads and posts in the admin: a doorway into the same services as the
site (see ``community.admin_site``). Counters, the solution, visibility and the
rendered HTML are read-only here; a thread is moved, locked, pinned, featured,
hidden, restored or approved by the actions on its list, and a post edited through
``edit_post`` (history, re-rendering, search index, audit log).

One module per subject; importing the package registers them all.
"""

from forum.admin.actions import (
    post_action,
    question_action,
    thread_action,
)
from forum.admin.boards import (
    BoardAdmin,
    BoardForm,
    CategoryAdmin,
)
from forum.admin.posts import (
    PostAdmin,
    PostForm,
    PostRevisionInline,
)
from forum.admin.reactions import (
    KudosAdmin,
    MeTooAdmin,
    ThreadFollowAdmin,
)
from forum.admin.threads import (
    PostInline,
    ThreadActionForm,
    ThreadAdmin,
    ThreadForm,
)

__all__ = [
    "CategoryAdmin",
    "BoardForm",
    "BoardAdmin",
    "thread_action",
    "question_action",
    "post_action",
    "PostInline",
    "ThreadForm",
    "ThreadActionForm",
    "ThreadAdmin",
    "PostRevisionInline",
    "PostForm",
    "PostAdmin",
    "KudosAdmin",
    "MeTooAdmin",
    "ThreadFollowAdmin",
]
