"""The care desk in the API (``/api/v1/care/``)."""

urlpatterns = []
