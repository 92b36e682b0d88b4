from django.urls import path

from forum.care.reports import views as care_reports
from forum.ideas import reports as idea_reports
from forum.reports import subscription_views, views

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

# The idea exchange's report (forum.ideas.reports).
urlpatterns += [
    path("ideas/", idea_reports.report, name="ideas"),
    path("ideas/<slug:table>.csv", idea_reports.export_csv, name="ideas_csv"),
]

# The social care desk's report (forum.care.reports).
urlpatterns += [
    path("care/", care_reports.report, name="care"),
    path("care/<slug:table>.csv", care_reports.export_csv, name="care_csv"),
]

# Scheduled summaries (subscriptions and the e-mail's unsubscribe link).
urlpatterns += [
    path("subscriptions/", subscription_views.subscriptions, name="subscriptions"),
    path(
        "subscriptions/<int:pk>/unsubscribe/",
        subscription_views.unsubscribe,
        name="unsubscribe_one",
    ),
    path(
        "subscriptions/unsubscribe/<str:token>/",
        subscription_views.unsubscribe_by_link,
        name="unsubscribe",
    ),
]
