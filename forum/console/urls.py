from django.urls import path

from forum.console import views

app_name = "console"

urlpatterns = [
    path("", views.index, name="index"),
    path("site/", views.save_site_settings, name="save_site_settings"),
    path("moderation/", views.save_moderation_thresholds, name="save_moderation"),
    path("boards/", views.boards, name="boards"),
    path("boards/<int:pk>/", views.edit_board, name="edit_board"),
    path("boards/<int:pk>/move/", views.move_board, name="move_board"),
    path("boards/<int:pk>/archive/", views.archive_board, name="archive_board"),
    path("boards/<int:pk>/restore/", views.restore_board, name="restore_board"),
    path("ranks/", views.ranks, name="ranks"),
    path("ranks/<int:pk>/", views.edit_rank, name="edit_rank"),
    path("ranks/<int:pk>/remove/", views.remove_rank, name="remove_rank"),
    path("brand.css", views.brand_css, name="brand_css"),
    path("brand/<str:kind>", views.brand_image, name="brand_image"),
]
