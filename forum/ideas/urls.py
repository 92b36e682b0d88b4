from django.urls import path

from forum.ideas import views
from forum.ideas.feeds import IdeaBoardFeed
from forum.ideas.urls_staff import staff_urlpatterns

app_name = "ideas"

urlpatterns = [
    path("", views.home, name="home"),
    path("roadmap/", views.roadmap, name="roadmap"),
    path("b/<slug:slug>/", views.board, name="board"),
    path("b/<slug:slug>/new/", views.new, name="new"),
    path("b/<slug:slug>/feed/", IdeaBoardFeed(), name="board_feed"),
    path("<int:pk>-<slug:slug>/", views.idea, name="idea"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/vote/", views.vote, name="vote"),
    path("<int:pk>/comment/", views.comment, name="comment"),
    path("<int:pk>/follow/", views.follow, name="follow"),
    *staff_urlpatterns,
]
