"""The object-store path for real: a local S3-compatible server (moto's server
mode), the production storage class, and objects read back with boto3."""

import io
import json
import socket
import urllib.request

import boto3
import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from accounts import data_rights
from forum import services
from forum.attachments.services import create_upload
from forum.moderation import services as moderation
from tests.attachments.conftest import image_bytes, photo_with_gps

pytestmark = [pytest.mark.s3, pytest.mark.django_db]

BUCKET = "crowd-uploads"
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*",
        }
    ],
}
CREDENTIALS = {"aws_access_key_id": "local", "aws_secret_access_key": "local"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint):
    client = boto3.client(
        "s3", endpoint_url=s3_endpoint, region_name="us-east-1", **CREDENTIALS
    )
    client.create_bucket(Bucket=BUCKET)
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket_policy(Bucket=BUCKET)
    client.delete_bucket(Bucket=BUCKET)


@pytest.fixture
def bucket_storage(settings, s3, s3_endpoint):
    """The production settings, pointed at the local server (public URLs)."""
    settings.AWS_STORAGE_BUCKET_NAME = BUCKET
    settings.AWS_S3_ENDPOINT_URL = s3_endpoint
    settings.AWS_S3_REGION_NAME = "us-east-1"
    settings.AWS_ACCESS_KEY_ID = CREDENTIALS["aws_access_key_id"]
    settings.AWS_SECRET_ACCESS_KEY = CREDENTIALS["aws_secret_access_key"]
    settings.AWS_S3_ADDRESSING_STYLE = "path"
    settings.AWS_S3_SIGNATURE_VERSION = "s3v4"
    settings.AWS_QUERYSTRING_AUTH = False
    settings.ATTACHMENT_SIGNED_URLS = False
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "forum.attachments.storage.MediaS3Storage"},
    }
    return s3


def signed(settings) -> None:
    """A private bucket: signed URLs, and pages link to the redirect view."""
    settings.AWS_QUERYSTRING_AUTH = True
    settings.ATTACHMENT_SIGNED_URLS = True
    settings.STORAGES = {**settings.STORAGES}  # a fresh storage reads the change


def keys_in(s3) -> set[str]:
    return {
        item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    }


def test_a_photo_lands_in_the_bucket_without_its_exif(bucket_storage, customer):
    attachment = create_upload(
        owner=customer, name="photo.jpg", content=photo_with_gps()
    )

    stored = bucket_storage.get_object(Bucket=BUCKET, Key=attachment.file.name)
    image = Image.open(io.BytesIO(stored["Body"].read()))
    assert image.getexif() == {} and "exif" not in image.info
    assert stored["ContentType"] == "image/jpeg"
    assert keys_in(bucket_storage) == {attachment.file.name, attachment.thumbnail.name}


def test_a_log_is_stored_as_a_plain_text_download(bucket_storage, customer):
    attachment = create_upload(owner=customer, name="router.log", content=b"sync\n")

    stored = bucket_storage.head_object(Bucket=BUCKET, Key=attachment.file.name)
    assert stored["ContentType"] == "text/plain; charset=utf-8"
    assert stored["ContentDisposition"] == "attachment"


def test_public_urls_are_plain_and_serve_the_object(
    bucket_storage, s3_endpoint, customer
):
    # A public bucket is one whose policy lets anybody read (objects carry no ACL).
    bucket_storage.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
    attachment = create_upload(owner=customer, name="modem.png", content=image_bytes())

    url = default_storage.url(attachment.file.name)

    assert url == f"{s3_endpoint}/{BUCKET}/{attachment.file.name}"
    with urllib.request.urlopen(url) as response:  # noqa: S310 - our local server
        assert response.headers["Content-Type"] == "image/jpeg"


def test_signed_urls_go_through_the_redirect_view(
    bucket_storage, settings, client, customer
):
    signed(settings)
    attachment = create_upload(owner=customer, name="modem.png", content=image_bytes())
    client.force_login(customer)

    response = client.get(reverse("attachments:serve", args=[attachment.key]))

    assert response.status_code == 302
    assert "X-Amz-Signature=" in response["Location"]
    with urllib.request.urlopen(response["Location"]) as stored:  # noqa: S310
        assert Image.open(io.BytesIO(stored.read())).format == "JPEG"


def test_hiding_a_post_moves_its_objects_in_the_bucket(
    bucket_storage, board, customer, moderator, django_capture_on_commit_callbacks
):
    image = create_upload(owner=customer, name="modem.png", content=image_bytes())
    thread = services.create_thread(
        board=board, author=customer, title="Modem lights blinking", body=image.markdown
    )
    public_key = image.file.name

    with django_capture_on_commit_callbacks(execute=True):
        moderation.hide_post(thread.first_post, by=moderator, reason="Spam")

    image.refresh_from_db()
    assert public_key not in keys_in(bucket_storage)
    assert image.file.name in keys_in(bucket_storage)


def test_erasure_deletes_the_members_objects(
    bucket_storage, customer, django_capture_on_commit_callbacks
):
    create_upload(owner=customer, name="modem.png", content=image_bytes())
    create_upload(owner=customer, name="router.log", content=b"sync\n")

    with django_capture_on_commit_callbacks(execute=True):
        data_rights.delete_member_account(customer)

    assert keys_in(bucket_storage) == set()
