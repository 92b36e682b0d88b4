"""The idea exchange's staff addresses (under /ideas/, in the "ideas" namespace)."""

from django.urls import path, re_path

from forum.ideas import views_staff

IDEA_ACTIONS = "|".join(views_staff.IDEA_ACTIONS)
COMMENT_ACTIONS = "|".join(views_staff.COMMENT_ACTIONS)

staff_urlpatterns = [
    path("<int:pk>/staff/", views_staff.staff, name="staff"),
    path("<int:pk>/status/", views_staff.change_status, name="change_status"),
    path("<int:pk>/merge/", views_staff.merge, name="merge"),
    path("<int:pk>/moderate/edit/", views_staff.moderator_edit, name="moderator_edit"),
    path("<int:pk>/flag/", views_staff.flag, name="flag"),
    re_path(
        rf"^(?P<pk>[0-9]+)/moderate/(?P<action>{IDEA_ACTIONS})/$",
        views_staff.idea_action,
        name="idea_action",
    ),
    re_path(
        r"^(?P<pk>[0-9]+)/flags/(?P<decision>dismiss|uphold)/$",
        views_staff.resolve_flags,
        name="resolve_flags",
    ),
    path("comments/<int:pk>/", views_staff.comment_link, name="comment_link"),
    path("comments/<int:pk>/flag/", views_staff.flag_comment, name="flag_comment"),
    re_path(
        rf"^comments/(?P<pk>[0-9]+)/moderate/(?P<action>{COMMENT_ACTIONS})/$",
        views_staff.comment_action,
        name="comment_action",
    ),
]
