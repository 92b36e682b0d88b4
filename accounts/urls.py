from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("u/<str:username>/", views.profile, name="profile"),
    path("settings/profile/", views.edit_profile, name="edit_profile"),
    path("settings/tokens/", views.api_tokens, name="api_tokens"),
    path(
        "settings/tokens/<int:token_id>/revoke/",
        views.revoke_api_token,
        name="revoke_api_token",
    ),
    path("settings/data/", views.data_rights_page, name="data_rights"),
    path("settings/data/download/", views.download_my_data, name="download_data"),
    path("settings/data/delete/", views.delete_my_account, name="delete_account"),
    # Connecting a company sign-in to an existing account by e-mail.
    path("sso/link/", views.sso_link_request, name="sso_link_request"),
    path("sso/link/<str:token>/", views.sso_link, name="sso_link"),
]
