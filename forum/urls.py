from django.urls import path

import forum.converters  # noqa: F401 - registers the tag_slug converter
from forum import views
from forum.moderation.views import posts as moderation_posts
from forum.search import views as search_views

app_name = "forum"

urlpatterns = [
    path("", views.home, name="home"),
    path("b/<slug:slug>/", views.board, name="board"),
    path("tags/<tag_slug:slug>/", views.tag, name="tag"),
    path("t/<int:thread_id>-<slug:slug>/", views.thread, name="thread"),
    path("t/<int:thread_id>/reply/", views.reply, name="reply"),
    path("t/<int:thread_id>/me-too/", views.me_too, name="me_too"),
    path("t/<int:thread_id>/accept/", views.accept, name="accept"),
    path("t/<int:thread_id>/unaccept/", views.unaccept, name="unaccept"),
    path("t/<int:thread_id>/follow/", views.follow, name="follow"),
    path("p/<int:post_id>/", views.post_permalink, name="post"),
    path("p/<int:post_id>/edit/", views.edit_post, name="edit_post"),
    path("p/<int:post_id>/kudos/", views.kudos, name="kudos"),
    path("p/<int:post_id>/flag/", moderation_posts.flag, name="flag"),
    path("ask/", views.ask, name="ask"),
    path("ask/similar/", views.similar_threads, name="similar_threads"),
    path("search/", search_views.search_page, name="search"),
]
