"""The knowledge base's community API (forum.knowledge.api_community), included
from forum/api/urls.py before the router."""

from django.urls import path

from forum.knowledge import api_community as api

urlpatterns = [
    path(
        "threads/<int:thread_id>/article/",
        api.ThreadArticleView.as_view(),
        name="thread-article",
    ),
    path(
        "articles/<int:article_id>/feedback/",
        api.ArticleFeedbackView.as_view(),
        name="article-feedback",
    ),
    path(
        "articles/<int:article_id>/follow/",
        api.ArticleFollowView.as_view(),
        name="article-follow",
    ),
]
