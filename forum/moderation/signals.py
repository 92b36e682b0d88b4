"""Signals other parts of the site listen to (notifications, search)."""

from django.dispatch import Signal

# Sent after the transaction commits, with ``post`` and ``by``: a held post became
# public, so whatever announces new posts (notifications) should announce it now.
post_approved = Signal()
