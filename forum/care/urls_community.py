from django.urls import path

from forum.care.views import community

urlpatterns = [
    path(
        "c/<str:reference>/thread/",
        community.turn_into_thread,
        name="turn_into_thread",
    ),
    path(
        "c/<str:reference>/consent/", community.publish_consent, name="publish_consent"
    ),
]
