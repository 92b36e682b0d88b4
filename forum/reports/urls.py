from django.urls import path

from forum.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
]
