from django.urls import path

from forum.care.views import desk

urlpatterns = [
    path("", desk.queue, name="queue"),
    path("c/<str:reference>/", desk.case, name="case"),
]
