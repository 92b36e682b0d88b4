from django.urls import path  # noqa: F401

from forum.ideas.urls_staff import staff_urlpatterns

app_name = "ideas"

urlpatterns: list = [*staff_urlpatterns]
