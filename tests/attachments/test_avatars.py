"""Members' pictures: validated like uploads, square in three sizes, shown wherever
initials were (without extra queries), gone on erasure."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image
from rest_framework.test import APIClient

from accounts import data_rights
from forum import services
from forum.attachments import avatars
from forum.attachments.validation import UploadRefused
from tests.attachments.conftest import image_bytes, photo_with_gps
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def stored_size(name: str) -> tuple[int, int]:
    with default_storage.open(name) as stored:
        return Image.open(io.BytesIO(stored.read())).size


def test_a_picture_is_stored_square_in_every_size_without_exif(customer):
    member = avatars.set_avatar(
        customer, by=customer, name="me.jpg", content=photo_with_gps()
    )

    for size in avatars.AVATAR_SIZES:
        name = avatars.avatar_path(member.avatar_key, size)
        assert stored_size(name) == (size, size)
        with default_storage.open(name) as stored:
            assert Image.open(io.BytesIO(stored.read())).getexif() == {}


def test_a_new_picture_retires_the_old_files(
    customer, django_capture_on_commit_callbacks
):
    first = avatars.set_avatar(
        customer, by=customer, name="a.png", content=image_bytes()
    )
    old_key = first.avatar_key

    with django_capture_on_commit_callbacks(execute=True):
        avatars.set_avatar(customer, by=customer, name="b.png", content=image_bytes())

    assert not default_storage.exists(avatars.avatar_path(old_key, 48))


def test_a_file_that_is_not_an_image_is_refused(customer):
    with pytest.raises(UploadRefused, match="must be an image"):
        avatars.set_avatar(customer, by=customer, name="a.png", content=b"%PDF-1.4\n")

    customer.refresh_from_db()
    assert customer.avatar_key == ""


def test_an_svg_picture_is_refused(customer):
    with pytest.raises(UploadRefused):
        avatars.set_avatar(
            customer,
            by=customer,
            name="me.png",
            content=b'<svg xmlns="http://www.w3.org/2000/svg"/>',
        )


def test_removing_the_picture_brings_back_the_initials(client, customer):
    avatars.set_avatar(customer, by=customer, name="a.png", content=image_bytes())
    client.force_login(customer)

    client.post("/settings/avatar/remove/")

    customer.refresh_from_db()
    assert customer.avatar_key == ""
    assert (
        'class="avatar avatar-'
        in client.get(f"/u/{customer.username}/").content.decode()
    )


def test_the_settings_form_sets_the_picture(client, customer):
    client.force_login(customer)

    response = client.post(
        "/settings/avatar/", {"file": SimpleUploadedFile("me.png", image_bytes())}
    )

    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.avatar_key


def test_the_settings_form_says_why_a_file_is_refused(client, customer):
    client.force_login(customer)

    response = client.post(
        "/settings/avatar/",
        {"file": SimpleUploadedFile("me.png", b"<html></html>")},
        follow=True,
    )

    assert "can&#x27;t be uploaded" in response.content.decode()


def test_posts_show_the_picture_beside_the_author(client, question, customer):
    member = avatars.set_avatar(
        customer, by=customer, name="a.png", content=image_bytes()
    )

    page = client.get(question.get_absolute_url()).content.decode()

    assert avatars.avatar_url(member, 96) in page


def test_the_profile_and_leaderboard_show_the_picture(client, answer, question):
    member = avatars.set_avatar(
        answer.author, by=answer.author, name="a.png", content=image_bytes()
    )
    services.give_kudos(answer, by=question.author)
    url = avatars.avatar_url(member, 96)

    assert url in client.get(f"/u/{member.username}/").content.decode()
    assert url in client.get("/leaderboard/").content.decode()


def test_the_thread_page_query_count_does_not_grow_with_pictures(
    client, question, uncached_pages
):

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(question.get_absolute_url())
        return len(captured)

    repliers = [UserFactory() for _ in range(3)]
    for replier in repliers:
        services.post_reply(question, author=replier, body="Same here.")
    without_pictures = queries()
    for replier in repliers:
        avatars.set_avatar(replier, by=replier, name="a.png", content=image_bytes())

    assert queries() == without_pictures


def test_erasure_deletes_the_picture(customer, django_capture_on_commit_callbacks):
    member = avatars.set_avatar(
        customer, by=customer, name="a.png", content=image_bytes()
    )
    names = [avatars.avatar_path(member.avatar_key, s) for s in avatars.AVATAR_SIZES]

    with django_capture_on_commit_callbacks(execute=True):
        erased = data_rights.delete_member_account(customer)

    assert erased.avatar_key == ""
    assert not any(default_storage.exists(name) for name in names)


def test_the_api_sets_and_removes_the_picture(customer):
    api = APIClient()
    api.force_authenticate(customer)

    response = api.put(
        "/api/v1/me/avatar/",
        {"file": SimpleUploadedFile("me.png", image_bytes())},
        format="multipart",
    )

    customer.refresh_from_db()
    assert response.status_code == 200
    assert response.json()["avatar_urls"]["48"] == avatars.avatar_url(customer, 48)
    assert (
        api.get("/api/v1/me/").json()["avatar_urls"] == response.json()["avatar_urls"]
    )
    assert api.delete("/api/v1/me/avatar/").status_code == 204
    customer.refresh_from_db()
    assert customer.avatar_key == ""
    assert api.get("/api/v1/me/").json()["avatar_urls"] is None


def test_api_authors_carry_their_picture_or_null(question, customer):
    avatars.set_avatar(customer, by=customer, name="me.png", content=image_bytes())
    customer.refresh_from_db()

    thread = APIClient().get(f"/api/v1/threads/{question.pk}/").json()

    assert thread["author"]["avatar_urls"] == avatars.avatar_urls(customer)


def test_the_api_refuses_a_bad_picture_with_detail_and_code(customer):
    api = APIClient()
    api.force_authenticate(customer)

    response = api.put(
        "/api/v1/me/avatar/",
        {"file": SimpleUploadedFile("me.png", b"")},
        format="multipart",
    )

    assert (response.status_code, response.json()["code"]) == (400, "empty")


def test_signed_mode_redirects_a_picture_in_use(client, settings, customer):
    member = avatars.set_avatar(
        customer, by=customer, name="a.png", content=image_bytes()
    )
    settings.ATTACHMENT_SIGNED_URLS = True

    response = client.get(avatars.avatar_url(member, 48))

    assert response.status_code == 302
    assert client.get(f"/avatars/{member.avatar_key}/50/").status_code == 404
    assert client.get("/avatars/..%2F..%2Fx/48/").status_code == 404
