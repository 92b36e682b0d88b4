"""The API's front door: ``GET /api/v1/`` names the main endpoints and the docs, so
someone who types the base address learns where to go instead of meeting a 404."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from forum.console.conf import site_name
from forum.seo import absolute_url

# (name in the index, URL name in the "api" namespace); the main collections only:
# the schema lists every endpoint.
MAIN_ENDPOINTS = (
    ("boards", "api:board-list"),
    ("threads", "api:thread-list"),
    ("tags", "api:tag-list"),
    ("search", "api:search"),
    ("me", "api:me"),
    ("conversations", "api:conversations"),
    ("deflection_report", "api:deflection-report"),
    ("community_report", "api:community-report"),
    ("search_report", "api:search-report"),
)


class ApiIndexView(APIView):
    """The API's index: links to the main endpoints, the OpenAPI schema and the docs."""

    permission_classes = [AllowAny]

    @extend_schema(
        responses=inline_serializer(
            "ApiIndex",
            {
                "name": serializers.CharField(),
                "version": serializers.CharField(),
                "docs": serializers.URLField(),
                "schema": serializers.URLField(),
                "endpoints": serializers.DictField(child=serializers.URLField()),
            },
        )
    )
    def get(self, request):
        """Where the API's endpoints and documentation are."""
        docs = absolute_url(reverse("api:docs"))
        response = Response(
            {
                "name": f"{site_name()} API",
                "version": "v1",
                "docs": docs,
                "schema": absolute_url(reverse("api:schema")),
                "endpoints": {
                    name: absolute_url(reverse(url_name))
                    for name, url_name in MAIN_ENDPOINTS
                },
            }
        )
        # RFC 8631: clients that read headers find the human documentation too.
        response["Link"] = f'<{docs}>; rel="service-doc"'
        return response
