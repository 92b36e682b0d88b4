"""The idea exchange's staff addresses (under /ideas/, in the "ideas" namespace)."""

from django.urls import path

from forum.ideas import views_staff


def _idea_action(action: str):
    return path(
        f"<int:pk>/moderate/{action}/",
        views_staff.idea_action,
        {"action": action},
        name=action,
    )


def _comment_action(action: str):
    return path(
        f"comments/<int:pk>/moderate/{action}/",
        views_staff.comment_action,
        {"action": action},
        name=f"{action}_comment",
    )


staff_urlpatterns = [
    path("<int:pk>/staff/", views_staff.staff, name="staff"),
    path("<int:pk>/status/", views_staff.change_status, name="change_status"),
    path("<int:pk>/merge/", views_staff.merge, name="merge"),
    path("<int:pk>/moderate/edit/", views_staff.moderator_edit, name="moderator_edit"),
    *(_idea_action(action) for action in views_staff.IDEA_ACTIONS),
    path("<int:pk>/flag/", views_staff.flag, name="flag"),
    path(
        "<int:pk>/flags/dismiss/",
        views_staff.resolve_flags,
        {"decision": "dismiss"},
        name="dismiss_flags",
    ),
    path(
        "<int:pk>/flags/uphold/",
        views_staff.resolve_flags,
        {"decision": "uphold"},
        name="uphold_flags",
    ),
    path("comments/<int:pk>/", views_staff.comment_link, name="comment_link"),
    path("comments/<int:pk>/flag/", views_staff.flag_comment, name="flag_comment"),
    *(_comment_action(action) for action in views_staff.COMMENT_ACTIONS),
]
