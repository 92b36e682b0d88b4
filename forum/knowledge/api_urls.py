from django.urls import include, path
from rest_framework.routers import SimpleRouter

from forum.knowledge import api

router = SimpleRouter(trailing_slash=True)
router.register("articles", api.ArticleViewSet, basename="article")
router.register(
    "article-categories", api.ArticleCategoryViewSet, basename="article-category"
)

urlpatterns = [path("", include(router.urls))]
