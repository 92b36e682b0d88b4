from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("u/<str:username>/", views.profile, name="profile"),
    path("settings/profile/", views.edit_profile, name="edit_profile"),
]
