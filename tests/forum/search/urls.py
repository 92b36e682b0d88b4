"""The site's URLs, plus a stand-in for the thread page while the forum does not
route one yet: search results link to threads, so the page cannot render without it.
Once ``forum:thread`` exists the stand-in is left out and this is the site's urlconf.
"""

from django.http import HttpResponse
from django.urls import include, path

from community import urls as site_urls
from forum import urls as forum_urls


def _thread_stand_in(request, **kwargs):
    return HttpResponse("thread")


_routed = {pattern.name for pattern in forum_urls.urlpatterns}
_stand_ins = [
    path("t/<int:thread_id>/<slug:slug>/", _thread_stand_in, name="thread"),
]
forum_patterns = forum_urls.urlpatterns + [
    pattern for pattern in _stand_ins if pattern.name not in _routed
]

urlpatterns = [
    pattern
    for pattern in site_urls.urlpatterns
    if getattr(pattern, "namespace", None) != "forum"
] + [path("", include((forum_patterns, "forum")))]
