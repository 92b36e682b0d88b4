from django.urls import path

from forum.knowledge import views
from forum.knowledge.feeds import ArticleFeed
from forum.knowledge.urls_community import community_urlpatterns

app_name = "knowledge"

# Actions name the verb first (/kb/edit/12/), so no article's slug can ever
# shadow one of them under /kb/a/<id>/<slug>/.
urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.new, name="new"),
    path("queue/", views.queue, name="queue"),
    path("feed/", ArticleFeed(), name="feed"),
    path("c/<slug:slug>/", views.category, name="category"),
    path("a/<int:article_id>/", views.article, name="article_short"),
    path("a/<int:article_id>/<slug:slug>/", views.article, name="article"),
    path("edit/<int:article_id>/", views.edit, name="edit"),
    path("history/<int:article_id>/", views.history, name="history"),
    path("diff/<int:article_id>/", views.diff, name="diff"),
    path("submit/<int:article_id>/", views.submit, name="submit"),
    path("publish/<int:article_id>/", views.publish, name="publish"),
    path("return/<int:article_id>/", views.return_, name="return"),
    path("archive/<int:article_id>/", views.archive, name="archive"),
    path("restore/<int:article_id>/", views.restore, name="restore"),
    path("reviewed/<int:article_id>/", views.reviewed, name="reviewed"),
    *community_urlpatterns,
]
