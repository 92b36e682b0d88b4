from django.urls import path

from bench.floor import floor, search_floor
from community.urls import *  # noqa: F403
from community.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path("bench/floor/<int:thread_id>/", floor),
    path("bench/search-floor/", search_floor),
    *site_urlpatterns,
]
