from django.urls import path

from forum.console import views

app_name = "console"

urlpatterns = [
    path("", views.index, name="index"),
]
