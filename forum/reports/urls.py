from django.urls import path

from forum.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("community/", views.community, name="community"),
    path(
        "community/<slug:table>.csv",
        views.export_csv,
        {"report": "community"},
        name="community_csv",
    ),
    path("search/", views.search, name="search"),
    path(
        "search/<slug:table>.csv",
        views.export_csv,
        {"report": "search"},
        name="search_csv",
    ),
]
