from django.urls import path

from forum.care.views import intake

urlpatterns = [
    path("intake/<slug:slug>/", intake.intake, name="intake"),
]
