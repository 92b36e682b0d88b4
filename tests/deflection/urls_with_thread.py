"""The project's URLs, plus a stand-in thread page when the forum has none yet, so
redirects and links to threads can be tested on their own."""

from django.http import HttpResponse
from django.urls import include, path

from community.urls import urlpatterns as project_patterns
from forum import urls as forum_urls

forum_patterns = list(forum_urls.urlpatterns)
if not any(getattr(pattern, "name", None) == "thread" for pattern in forum_patterns):
    forum_patterns.append(
        path(
            "t/<int:thread_id>/<slug:slug>/",
            lambda request, thread_id, slug: HttpResponse(f"thread {thread_id}"),
            name="thread",
        )
    )

urlpatterns = [
    path("", include((forum_patterns, "forum"))),
    *[p for p in project_patterns if getattr(p, "namespace", None) != "forum"],
]
