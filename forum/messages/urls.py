from django.urls import path

from forum.messages import views

app_name = "messages"

urlpatterns = [
    path("messages/", views.inbox, name="inbox"),
    path("messages/new/", views.new_conversation, name="new"),
    path("messages/<int:conversation_id>/", views.conversation, name="conversation"),
    path("messages/<int:conversation_id>/reply/", views.reply, name="reply"),
    path("messages/<int:conversation_id>/leave/", views.leave, name="leave"),
    path(
        "messages/<int:conversation_id>/dismiss-reports/",
        views.dismiss_reports,
        name="dismiss_reports",
    ),
    path("messages/report/<int:message_id>/", views.report, name="report"),
    path("messages/block/<str:username>/", views.block, name="block"),
    path("messages/unblock/<str:username>/", views.unblock, name="unblock"),
    path("settings/blocked/", views.blocked, name="blocked"),
]
