"""Everything moderators change. Each function checks its permission in
``forum.permissions``, runs in one transaction, writes its audit entry in that
transaction, and knows nothing about requests."""

from forum.moderation.services.posts import (
    approve_post,
    delete_as_spam,
    dismiss_flags,
    flag_post,
    hide_post,
    restore_post,
)
from forum.moderation.services.threads import (
    feature_thread,
    lock_thread,
    merge_threads,
    move_thread,
    pin_thread,
    split_thread,
    unfeature_thread,
    unlock_thread,
    unpin_thread,
)
from forum.moderation.services.users import (
    ban_user,
    grant_board_moderator,
    lift_suspension,
    revoke_board_moderator,
    suspend_user,
)

__all__ = [
    "approve_post",
    "ban_user",
    "delete_as_spam",
    "dismiss_flags",
    "feature_thread",
    "flag_post",
    "grant_board_moderator",
    "hide_post",
    "lift_suspension",
    "lock_thread",
    "merge_threads",
    "move_thread",
    "pin_thread",
    "restore_post",
    "revoke_board_moderator",
    "split_thread",
    "suspend_user",
    "unfeature_thread",
    "unlock_thread",
    "unpin_thread",
]
