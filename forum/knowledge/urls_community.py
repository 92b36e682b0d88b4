"""The knowledge base's community pages (forum.knowledge.views_community), included
at the end of forum/knowledge/urls.py under the "knowledge" namespace."""

from django.urls import path

from forum.knowledge import views_community as views

community_urlpatterns = [
    path(
        "from-thread/<int:thread_id>/",
        views.turn_thread_into_article,
        name="from_thread",
    ),
    path("helpful/<int:article_id>/", views.give_feedback, name="give_feedback"),
    path("follow/<int:article_id>/", views.follow, name="follow"),
    path("feedback/", views.feedback_list, name="feedback_list"),
    path("feedback/<int:article_id>/", views.article_feedback, name="article_feedback"),
    path(
        "feedback/resolve/<int:feedback_id>/",
        views.resolve_feedback,
        name="resolve_feedback",
    ),
]
