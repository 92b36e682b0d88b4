from django.urls import path

from forum.attachments import views

app_name = "attachments"

urlpatterns = [
    path("uploads/", views.upload, name="upload"),
    path("uploads/<str:key>/", views.serve_signed, name="serve"),
    path("settings/avatar/", views.change_avatar, name="change_avatar"),
    path("settings/avatar/remove/", views.remove_avatar, name="remove_avatar"),
    path("avatars/<str:key>/<int:size>/", views.serve_avatar, name="avatar"),
]
