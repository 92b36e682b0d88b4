from django.urls import path

from forum.notifications.inbound import views

app_name = "inbound_mail"

urlpatterns = [
    path("inbound/mailgun/", views.mailgun_inbound, name="mailgun"),
]
