"""Notifications, follows and settings, for reading: members change their own on
the site (the notification centre, settings and follow buttons, the unsubscribe
link), which keeps unread counts and caches right."""

from django.contrib import admin

from community.admin_site import DoorwayAdmin
from forum.notifications.models import (
    AcceptReminder,
    BoardFollow,
    Notification,
    NotificationPreference,
    NotificationSettings,
    TagFollow,
)


@admin.register(Notification)
class NotificationAdmin(DoorwayAdmin):
    list_display = [
        "recipient",
        "kind",
        "actor",
        "thread",
        "count",
        "last_event_at",
        "read_at",
        "email_state",
        "email_attempts",
    ]
    list_filter = ["kind", "email_state", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["recipient__username", "recipient__email", "thread__title"]
    raw_id_fields = ["recipient", "actor", "thread", "post"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient", "actor", "thread"]
    readonly_fields = ["created_at", "last_event_at", "emailed_at", "email_attempts"]


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(DoorwayAdmin):
    list_display = ["user", "email_frequency", "auto_follow", "last_digest_at"]
    list_filter = ["email_frequency", "auto_follow"]
    search_fields = ["user__username", "user__email"]
    raw_id_fields = ["user"]
    readonly_fields = ["last_digest_at"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(DoorwayAdmin):
    list_display = ["user", "kind", "channel"]
    list_filter = ["kind", "channel"]
    search_fields = ["user__username", "user__email"]
    raw_id_fields = ["user"]


@admin.register(BoardFollow)
class BoardFollowAdmin(DoorwayAdmin):
    list_display = ["user", "board", "created_at"]
    list_filter = ["board"]
    search_fields = ["user__username"]
    raw_id_fields = ["user"]


@admin.register(TagFollow)
class TagFollowAdmin(DoorwayAdmin):
    list_display = ["user", "tag", "created_at"]
    search_fields = ["user__username", "tag__name"]
    raw_id_fields = ["user", "tag"]


@admin.register(AcceptReminder)
class AcceptReminderAdmin(DoorwayAdmin):
    list_display = ["thread", "recipient", "sent_at"]
    search_fields = ["thread__title", "recipient__username"]
    raw_id_fields = ["thread", "recipient"]
    date_hierarchy = "sent_at"
