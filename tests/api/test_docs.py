import re

import pytest

pytestmark = pytest.mark.django_db


def test_schema_is_openapi_3_and_lists_the_endpoints(client):
    response = client.get("/api/v1/schema/?format=json")

    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/threads/{id}/accept/" in schema["paths"]
    responses = schema["paths"]["/api/v1/threads/"]["post"]["responses"]
    assert {"201", "400", "401", "403", "429"} <= set(responses)


def test_docs_are_served_from_this_site_only(client):
    response = client.get("/api/v1/docs/")

    html = response.content.decode()
    assert response.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    assert all(url.startswith("/") and not url.startswith("//") for url in sources)
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_unknown_api_urls_answer_json_404(client):
    response = client.get("/api/v1/nothing-here/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_cors_is_allowed_only_for_listed_origins(client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://help.example.com"]

    allowed = client.get("/api/v1/boards/", HTTP_ORIGIN="https://help.example.com")
    refused = client.get("/api/v1/boards/", HTTP_ORIGIN="https://evil.example.net")
    page = client.get("/", HTTP_ORIGIN="https://help.example.com")

    assert allowed["Access-Control-Allow-Origin"] == "https://help.example.com"
    assert "Access-Control-Allow-Origin" not in refused
    assert "Access-Control-Allow-Origin" not in page
