"""The site's URLs for the staff tests, with a plain idea and board page when the
customer side's pages ("ideas:idea", "ideas:board") are not in this build: the
staff includes are shown on that page the way the idea page shows them."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template import RequestContext, Template
from django.urls import include, path

from community.urls import urlpatterns as site_urlpatterns
from forum.ideas import urls as idea_urls
from forum.ideas.models import Idea

PAGE = Template(
    "{% extends 'base.html' %}{% block content %}<h1>{{ idea.title }}</h1>"
    "<p>{{ idea.get_status_display }}: {{ idea.vote_count }} votes</p>"
    "{% include 'ideas/includes/_staff_panel.html' %}"
    "{% include 'ideas/includes/_status_history.html' %}{% endblock %}"
)


def idea_page(request, pk: int, slug: str):
    idea = get_object_or_404(Idea.objects.select_related("merged_into"), pk=pk)
    return HttpResponse(PAGE.render(RequestContext(request, {"idea": idea})))


def board_page(request, slug: str):
    return HttpResponse(f"Idea board {slug}")


_names = {pattern.name for pattern in idea_urls.urlpatterns}
_extra = []
if "idea" not in _names:
    _extra.append(path("<int:pk>-<slug:slug>/", idea_page, name="idea"))
if "board" not in _names:
    _extra.append(path("b/<slug:slug>/", board_page, name="board"))

urlpatterns = [
    path("ideas/", include(([*idea_urls.urlpatterns, *_extra], "ideas"))),
    *(p for p in site_urlpatterns if getattr(p, "namespace", None) != "ideas"),
]
