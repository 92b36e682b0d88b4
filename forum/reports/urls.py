from django.urls import path

from forum.reports import subscription_views, views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
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
