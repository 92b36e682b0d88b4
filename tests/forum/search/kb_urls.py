"""The site's URLs with the knowledge base's article and category pages named as
the models link to them, for search tests that render articles whatever the
knowledge pages' own state."""

from django.http import HttpResponse
from django.urls import include, path

from community import urls as site


def _page(request, **kwargs):
    return HttpResponse("")


knowledge = (
    [
        path("a/<int:article_id>/", _page, name="article_short"),
        path("a/<int:article_id>/<slug:slug>/", _page, name="article"),
        path("c/<slug:slug>/", _page, name="category"),
    ],
    "knowledge",
)

urlpatterns = [
    path("kb/", include(knowledge)),
    *(
        pattern
        for pattern in site.urlpatterns
        if getattr(pattern, "namespace", None) != "knowledge"
    ),
]
