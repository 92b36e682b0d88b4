"""The care desk's pages (``care:``): the agents' desk, the intake addresses that
connectors post to, and the way from a case into the community."""

from forum.care.urls_community import urlpatterns as community_urlpatterns
from forum.care.urls_desk import urlpatterns as desk_urlpatterns
from forum.care.urls_intake import urlpatterns as intake_urlpatterns

app_name = "care"

urlpatterns = [*desk_urlpatterns, *intake_urlpatterns, *community_urlpatterns]
