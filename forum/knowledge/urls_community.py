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
    path("feedback/", views.feedback_list, name="feedback_list"),
    path(
        "feedback/<int:feedback_id>/resolve/",
        views.resolve_feedback,
        name="resolve_feedback",
    ),
    path("<int:article_id>/helpful/", views.give_feedback, name="give_feedback"),
    path("<int:article_id>/feedback/", views.article_feedback, name="article_feedback"),
    path("<int:article_id>/follow/", views.follow, name="follow"),
]
