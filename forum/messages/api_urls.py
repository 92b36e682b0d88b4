from django.urls import path

from forum.messages import api

urlpatterns = [
    path("conversations/", api.ConversationListView.as_view(), name="conversations"),
    path(
        "conversations/<int:conversation_id>/",
        api.ConversationDetailView.as_view(),
        name="conversation",
    ),
    path(
        "conversations/<int:conversation_id>/messages/",
        api.ConversationMessagesView.as_view(),
        name="conversation-messages",
    ),
    path(
        "conversations/<int:conversation_id>/leave/",
        api.LeaveView.as_view(),
        name="conversation-leave",
    ),
    path(
        "conversations/<int:conversation_id>/read/",
        api.MarkReadView.as_view(),
        name="conversation-read",
    ),
    path(
        "messages/<int:message_id>/report/",
        api.ReportView.as_view(),
        name="message-report",
    ),
    path("blocks/", api.BlockListView.as_view(), name="blocks"),
    path("blocks/<str:username>/", api.BlockView.as_view(), name="block"),
]
