"""Live updates: pages that stay open hear about new replies, solutions, edits,
notifications and the moderation queue over a WebSocket (see docs/live.md)."""
