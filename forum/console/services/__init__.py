"""Everything the settings area writes: the site settings row, the board list and
the rank ladder.
Each service checks its permission, validates, writes in one transaction with its
audit entry, and retires what the change makes stale."""

from forum.console.services.boards import (
    archive_board,
    create_board,
    move_board,
    restore_board,
    update_board,
)
from forum.console.services.ranks import add_rank, remove_rank, update_rank
from forum.console.services.site import (
    BRANDING_FIELDS,
    MODERATION_FIELDS,
    update_moderation_thresholds,
    update_site_settings,
)

__all__ = [
    "BRANDING_FIELDS",
    "MODERATION_FIELDS",
    "add_rank",
    "archive_board",
    "create_board",
    "move_board",
    "remove_rank",
    "restore_board",
    "update_board",
    "update_moderation_thresholds",
    "update_rank",
    "update_site_settings",
]
