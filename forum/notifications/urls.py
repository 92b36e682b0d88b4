from django.urls import path

import forum.converters  # noqa: F401 - registers the tag_slug converter
from forum.notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/read-all/", views.mark_all_read, name="mark_all_read"),
    path("notifications/<int:notification_id>/", views.open_notification, name="open"),
    path(
        "notifications/<int:notification_id>/read/", views.mark_read, name="mark_read"
    ),
    path(
        "notifications/unsubscribe/<str:token>/",
        views.unsubscribe,
        name="unsubscribe",
    ),
    path("settings/notifications/", views.notification_settings, name="settings"),
    path("b/<slug:slug>/follow/", views.follow_board, name="follow_board"),
    path("tags/<tag_slug:slug>/follow/", views.follow_tag, name="follow_tag"),
]
