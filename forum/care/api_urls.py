"""The care desk in the API (``/api/v1/care/``)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from forum.care.api.views import CaseViewSet

router = SimpleRouter(trailing_slash=True)
router.register("care/cases", CaseViewSet, basename="care-case")

urlpatterns = [path("", include(router.urls))]
