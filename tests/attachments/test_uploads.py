"""The upload service and its HTML doorway: stored, refused, counted."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from forum.attachments.models import Attachment
from forum.attachments.services import create_upload
from forum.attachments.validation import UploadRefused
from tests.attachments.conftest import image_bytes, photo_with_gps
from tests.factories import NewUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def stored_files(media_root) -> list:
    return [path for path in media_root.rglob("*") if path.is_file()]


def test_an_uploaded_photo_is_stored_without_its_exif(customer):
    attachment = create_upload(
        owner=customer, name="photo.jpg", content=photo_with_gps()
    )

    with default_storage.open(attachment.file.name) as stored:
        image = Image.open(io.BytesIO(stored.read()))
    assert image.getexif() == {}
    assert attachment.thumbnail.name.endswith("thumb/photo.jpg")
    assert attachment.markdown == f"![photo.jpg](upload://{attachment.key})"


def test_a_log_is_stored_as_a_file_link(customer):
    attachment = create_upload(owner=customer, name="router.log", content=b"sync ok\n")

    assert attachment.markdown == f"[router.log](upload://{attachment.key})"
    assert not attachment.thumbnail


def test_a_refused_file_stores_nothing(customer, media_root):
    with pytest.raises(UploadRefused):
        create_upload(owner=customer, name="x.png", content=b"<html></html>")

    assert not Attachment.objects.exists()
    assert not media_root.exists() or stored_files(media_root) == []


def test_a_suspended_member_cannot_upload(customer):
    customer.suspended_until = timezone.now() + timedelta(days=1)
    customer.save()

    with pytest.raises(PermissionDenied):
        create_upload(owner=customer, name="a.png", content=image_bytes())


def test_the_daily_quota_refuses_one_more_upload(customer, settings):
    settings.ATTACHMENT_DAILY_QUOTA = 2
    for _ in range(2):
        create_upload(owner=customer, name="a.log", content=b"x")

    with pytest.raises(UploadRefused) as refusal:
        create_upload(owner=customer, name="a.log", content=b"x")
    assert (refusal.value.code, refusal.value.status) == ("quota_exceeded", 429)


def test_an_accounts_first_day_has_the_stricter_quota(settings):
    settings.ATTACHMENT_DAILY_QUOTA = 10
    settings.ATTACHMENT_FIRST_DAY_QUOTA = 1
    newcomer = NewUserFactory()
    create_upload(owner=newcomer, name="a.log", content=b"x")

    with pytest.raises(UploadRefused, match="limit of 1 upload a day"):
        create_upload(owner=newcomer, name="a.log", content=b"x")


def test_yesterdays_uploads_do_not_count_against_today(customer, settings):
    settings.ATTACHMENT_DAILY_QUOTA = 1
    old = create_upload(owner=customer, name="a.log", content=b"x")
    Attachment.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=1, minutes=1)
    )

    assert create_upload(owner=customer, name="a.log", content=b"x")


# --- The HTML doorway: POST /uploads/ -------------------------------------------


def post_file(client, name: str, content: bytes):
    return client.post(
        reverse("attachments:upload"), {"file": SimpleUploadedFile(name, content)}
    )


def test_the_upload_endpoint_answers_201_with_the_markdown(client, customer):
    client.force_login(customer)

    response = post_file(client, "modem-lights.png", image_bytes())

    assert response.status_code == 201
    body = response.json()
    attachment = Attachment.objects.get()
    assert body == {
        "key": attachment.key,
        "url": default_storage.url(attachment.file.name),
        "thumbnail_url": default_storage.url(attachment.thumbnail.name),
        "markdown": f"![modem-lights.jpg](upload://{attachment.key})",
        "name": "modem-lights.jpg",
        "kind": "image",
        "size": attachment.size,
    }


@pytest.mark.parametrize(
    "name, content, status, code",
    [
        ("x.png", b"<html><script>alert(1)</script>", 400, "unsupported_type"),
        ("x.png", b"", 400, "empty"),
        ("x.png", b"\x89PNG\r\n\x1a\n\x00\x00", 400, "invalid_image"),
    ],
)
def test_the_upload_endpoint_refuses_bad_files_as_json(
    client, customer, name, content, status, code
):
    client.force_login(customer)

    response = post_file(client, name, content)

    assert response.status_code == status
    assert response.json()["code"] == code
    assert response.json()["detail"]


def test_the_upload_endpoint_answers_413_for_a_large_file(client, customer, settings):
    settings.ATTACHMENT_MAX_BYTES = 10
    client.force_login(customer)

    response = post_file(client, "a.log", b"x" * 11)

    assert (response.status_code, response.json()["code"]) == (413, "too_large")


def test_the_upload_endpoint_answers_429_over_quota(client, customer, settings):
    settings.ATTACHMENT_DAILY_QUOTA = 0
    client.force_login(customer)

    response = post_file(client, "a.log", b"x")

    assert (response.status_code, response.json()["code"]) == (429, "quota_exceeded")


def test_the_upload_endpoint_answers_429_when_flood_limited(
    client, customer, flood_limits
):
    flood_limits["upload"] = [(1, 60)]
    client.force_login(customer)
    post_file(client, "a.log", b"x")

    response = post_file(client, "a.log", b"x")

    assert (response.status_code, response.json()["code"]) == (429, "throttled")
    assert response["Retry-After"]


def test_the_upload_endpoint_needs_a_file(client, customer):
    client.force_login(customer)

    response = client.post(reverse("attachments:upload"))

    assert (response.status_code, response.json()["code"]) == (400, "no_file")


def test_the_upload_endpoint_refuses_visitors(client):
    response = post_file(client, "a.log", b"x")

    assert response.status_code == 302
    assert not Attachment.objects.exists()


def test_the_upload_endpoint_needs_the_csrf_token(customer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(customer)

    assert post_file(client, "a.log", b"x").status_code == 403


def test_a_path_in_the_uploaded_name_never_reaches_the_storage(client, customer):
    client.force_login(customer)

    response = post_file(client, "../../etc/passwd.log", b"root\n")

    assert response.status_code == 201
    assert Attachment.objects.get().file.name.endswith("/passwd.log")
    assert ".." not in Attachment.objects.get().file.name


def test_other_members_uploads_stay_theirs(customer):
    other = UserFactory()
    create_upload(owner=other, name="a.log", content=b"x")

    assert not Attachment.objects.filter(owner=customer).exists()


def test_development_media_serving_downloads_everything_but_images(rf, customer):
    from forum.attachments.views import serve_media_in_development

    log = create_upload(owner=customer, name="router.log", content=b"sync\n")
    image = create_upload(owner=customer, name="a.png", content=image_bytes())

    as_log = serve_media_in_development(rf.get("/"), log.file.name)
    as_image = serve_media_in_development(rf.get("/"), image.file.name)

    assert as_log["Content-Disposition"] == "attachment"
    assert as_log["Content-Type"] == "text/plain; charset=utf-8"
    assert as_image["Content-Type"] == "image/jpeg"
    assert not as_image.get("Content-Disposition", "").startswith("attachment")


def test_media_is_routed_only_in_development(settings):
    # The URLconf is read once per process, whenever it is first imported; what it
    # reads of the settings is asked here under both values.
    from community.urls import media_urlpatterns

    settings.DEBUG = False
    assert media_urlpatterns() == []

    settings.DEBUG = True
    (route,) = media_urlpatterns()
    match = route.resolve("media/attachments/x/a.jpg")
    assert match.kwargs == {"path": "attachments/x/a.jpg"}
