"""Everything the settings area writes: the site settings row and the board list.
Each service checks its permission, validates, writes in one transaction with its
audit entry, and retires what the change makes stale."""

from forum.console.services.boards import (
    archive_board,
    create_board,
    move_board,
    restore_board,
    update_board,
)
from forum.console.services.site import (
    BRANDING_FIELDS,
    MODERATION_FIELDS,
    update_moderation_thresholds,
    update_site_settings,
)

__all__ = [
    "BRANDING_FIELDS",
    "MODERATION_FIELDS",
    "archive_board",
    "create_board",
    "move_board",
    "restore_board",
    "update_board",
    "update_moderation_thresholds",
    "update_site_settings",
]
