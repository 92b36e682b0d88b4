from django.urls import path  # noqa: F401

from forum.knowledge.urls_community import community_urlpatterns

app_name = "knowledge"

urlpatterns: list = [
    *community_urlpatterns,
]
