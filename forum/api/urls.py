from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from forum.api import deflection, helpdesk, index, reports, uploads, views

router = SimpleRouter(trailing_slash=True)
router.register("boards", views.BoardViewSet, basename="board")
router.register("threads", views.ThreadViewSet, basename="thread")
router.register("posts", views.PostViewSet, basename="post")
router.register("tags", views.TagViewSet, basename="tag")
router.register("me/tokens", views.ApiTokenViewSet, basename="token")

app_name = "api"

urlpatterns = [
    path("", index.ApiIndexView.as_view(), name="index"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        # Swagger UI sets inline styles as it renders; scripts stay 'self' only.
        csp_update({"style-src": [UNSAFE_INLINE]})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema")
        ),
        name="docs",
    ),
    path("me/", views.MeView.as_view(), name="me"),
    path("uploads/", uploads.UploadView.as_view(), name="uploads"),
    path("me/avatar/", uploads.AvatarView.as_view(), name="avatar"),
    path("search/", deflection.SearchView.as_view(), name="search"),
    path("deflection/events/", deflection.EventView.as_view(), name="events"),
    path(
        "helpdesk/tickets/",
        helpdesk.HelpdeskTicketView.as_view(),
        name="helpdesk-tickets",
    ),
    path(
        "reports/deflection/",
        deflection.DeflectionReportView.as_view(),
        name="deflection-report",
    ),
    path(
        "reports/community/",
        reports.CommunityReportView.as_view(),
        name="community-report",
    ),
    path("reports/search/", reports.SearchReportView.as_view(), name="search-report"),
    # The social care report (forum.care.reports).
    path("", include("forum.care.reports.api")),
    # Idea staff: status changes, merges, the idea report (forum.ideas).
    path("", include("forum.ideas.api_staff")),
    # Private messages (forum.messages).
    path("", include("forum.messages.api_urls")),
    # The knowledge base (forum.knowledge).
    path("", include("forum.knowledge.api_urls")),
    path("", include("forum.knowledge.api_community_urls")),
    # The social care desk (forum.care).
    path("", include("forum.care.api_urls")),
    # The idea exchange (forum.ideas).
    path("", include("forum.ideas.api_urls")),
    path("", include(router.urls)),
]
