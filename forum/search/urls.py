from django.urls import path

from forum.search import views

app_name = "search"

urlpatterns = [
    path("synonyms/", views.synonyms, name="synonyms"),
    path("synonyms/<int:synonym_id>/", views.synonym_edit, name="synonym_edit"),
    path(
        "synonyms/<int:synonym_id>/delete/",
        views.synonym_delete,
        name="synonym_delete",
    ),
    path("promotions/", views.promotions, name="promotions"),
    path(
        "promotions/<int:promotion_id>/delete/",
        views.promotion_delete,
        name="promotion_delete",
    ),
]
