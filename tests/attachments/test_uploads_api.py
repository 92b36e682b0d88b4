"""``POST /api/v1/uploads/``: the same service, rules and answer as the composer's
endpoint, and in the OpenAPI schema."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from accounts.services import create_api_token
from forum.attachments.models import Attachment
from tests.attachments.conftest import image_bytes

pytestmark = pytest.mark.django_db

URL = "/api/v1/uploads/"


@pytest.fixture
def api(customer):
    client = APIClient()
    secret = create_api_token(customer, name="tests")[1]
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def send(client, name: str, content: bytes):
    return client.post(
        URL, {"file": SimpleUploadedFile(name, content)}, format="multipart"
    )


def test_an_upload_answers_201_with_the_same_fields(api, customer):
    response = send(api, "modem.png", image_bytes())

    assert response.status_code == 201
    attachment = Attachment.objects.get(owner=customer)
    assert response.json()["markdown"] == f"![modem.jpg](upload://{attachment.key})"
    assert set(response.json()) == {
        "key", "url", "thumbnail_url", "markdown", "name", "kind", "size",
    }  # fmt: skip


@pytest.mark.parametrize(
    "content, status, code",
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", 400, "unsupported_type"),
        (b"", 400, "empty"),
    ],
)
def test_bad_files_are_refused_with_detail_and_code(api, content, status, code):
    response = send(api, "x.png", content)

    assert response.status_code == status
    assert response.json()["code"] == code and response.json()["detail"]
    assert not Attachment.objects.exists()


def test_a_large_file_answers_413(api, settings):
    settings.ATTACHMENT_MAX_BYTES = 4

    response = send(api, "a.log", b"12345")

    assert (response.status_code, response.json()["code"]) == (413, "too_large")


def test_over_quota_answers_429(api, settings):
    settings.ATTACHMENT_DAILY_QUOTA = 0

    response = send(api, "a.log", b"x")

    assert (response.status_code, response.json()["code"]) == (429, "quota_exceeded")


def test_flood_control_answers_429_with_retry_after(api, flood_limits):
    flood_limits["upload"] = [(0, 60)]

    response = send(api, "a.log", b"x")

    assert (response.status_code, response.json()["code"]) == (429, "throttled")
    assert response["Retry-After"]


def test_a_missing_file_answers_400(api):
    response = api.post(URL, {}, format="multipart")

    assert (response.status_code, response.json()["code"]) == (400, "no_file")


def test_visitors_get_401():
    response = send(APIClient(), "a.log", b"x")

    assert response.status_code == 401


def test_the_upload_endpoint_is_in_the_schema(client):
    schema = client.get("/api/v1/schema/?format=json").json()

    operation = schema["paths"]["/api/v1/uploads/"]["post"]
    assert "multipart/form-data" in operation["requestBody"]["content"]
    assert {"201", "400", "413", "429"} <= set(operation["responses"])
