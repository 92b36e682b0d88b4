from django.urls import path

from forum.ideas import api

urlpatterns = [
    path("idea-boards/", api.IdeaBoardListView.as_view(), name="idea-boards"),
    path("ideas/", api.IdeaListView.as_view(), name="ideas"),
    path("ideas/<int:idea_id>/", api.IdeaDetailView.as_view(), name="idea"),
    path("ideas/<int:idea_id>/vote/", api.IdeaVoteView.as_view(), name="idea-vote"),
    path(
        "ideas/<int:idea_id>/comments/",
        api.IdeaCommentsView.as_view(),
        name="idea-comments",
    ),
]
