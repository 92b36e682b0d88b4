from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from community import language_views, views
from community.sitemaps import SITEMAPS
from forum.feeds import BoardFeed, SolvedFeed

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("theme/", views.choose_theme, name="theme"),
    path("language/", language_views.choose_language, name="language"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("b/<slug:slug>/feed/", BoardFeed(), name="board_feed"),
    path("solved/feed/", SolvedFeed(), name="solved_feed"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", include("forum.api.urls")),
    path("moderation/", include("forum.moderation.urls")),
    path("search/", include("forum.search.urls")),
    path("reports/", include("forum.reports.urls")),
    path("manage/", include("forum.console.urls")),
    path("kb/", include("forum.knowledge.urls")),
    path("ideas/", include("forum.ideas.urls")),
    path("care/", include("forum.care.urls")),
    path("mail/", include("forum.notifications.inbound.urls")),
    path("", include("accounts.urls")),
    path("", include("forum.deflection.urls")),
    path("", include("forum.notifications.urls")),
    path("", include("forum.reputation.urls")),
    path("", include("forum.composer.urls")),
    path("", include("forum.attachments.urls")),
    path("", include("forum.messages.urls")),
    path("", include("forum.urls")),
]


def media_urlpatterns() -> list:
    """Uploads served by the app, in development only (``DEBUG``): in production
    the storage (or a CDN) serves them."""
    if not settings.DEBUG:
        return []
    from django.urls import re_path

    from forum.attachments.views import serve_media_in_development

    media_prefix = settings.MEDIA_URL.strip("/")
    return [re_path(rf"^{media_prefix}/(?P<path>.*)$", serve_media_in_development)]


urlpatterns += media_urlpatterns()

handler400 = "community.views.bad_request"
handler403 = "community.views.permission_denied"
handler404 = "community.views.page_not_found"
handler500 = "community.views.server_error"
