"""The forum's pages and their small POST actions, one module per kind of page;
``forum/urls.py`` finds every view here.
"""

from forum.views.actions import (
    accept,
    follow,
    kudos,
    me_too,
    unaccept,
)
from forum.views.lists import (
    BOARD_PAGE_PARAMS,
    board,
    home,
    tag,
)
from forum.views.threads import (
    post_permalink,
    thread,
)
from forum.views.writing import (
    ask,
    edit_post,
    reply,
    similar_threads,
)

__all__ = [
    "home",
    "BOARD_PAGE_PARAMS",
    "board",
    "tag",
    "thread",
    "post_permalink",
    "ask",
    "similar_threads",
    "reply",
    "edit_post",
    "kudos",
    "me_too",
    "accept",
    "unaccept",
    "follow",
]
