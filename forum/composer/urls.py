from django.urls import path

from forum.composer import views

app_name = "composer"

urlpatterns = [
    path("compose/preview/", views.preview, name="preview"),
    path("compose/mentions/", views.mentions, name="mentions"),
]
