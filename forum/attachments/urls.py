from django.urls import path

from forum.attachments import views

app_name = "attachments"

urlpatterns = [
    path("uploads/", views.upload, name="upload"),
    path("uploads/<str:key>/", views.serve_signed, name="serve"),
]
