"""Notifications: follows, the notification centre, e-mail (immediate and daily
digest), unsubscribe links and accept reminders."""
