"""Hiding a post hides its files, erasure deletes a member's files, and uploads
no post took are purged after a day."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts import data_rights
from forum import services
from forum.attachments.models import Attachment
from forum.attachments.services import create_upload, purge_unattached_uploads
from forum.moderation import services as moderation
from tests.attachments.conftest import image_bytes
from tests.concurrency import run_twice_at_once

# File moves and deletions wait for the commit, so these tests really commit.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def posted_image(board, customer):
    image = create_upload(owner=customer, name="modem.png", content=image_bytes())
    thread = services.create_thread(
        board=board, author=customer, title="Modem lights blinking", body=image.markdown
    )
    image.refresh_from_db()
    return image, thread.first_post


def test_hiding_a_post_moves_its_files_off_their_public_address(
    posted_image, moderator
):
    image, post = posted_image
    public_names = (image.file.name, image.thumbnail.name)

    moderation.hide_post(post, by=moderator, reason="Personal details")

    image.refresh_from_db()
    assert image.is_hidden
    assert not any(default_storage.exists(name) for name in public_names)
    assert default_storage.exists(image.file.name)
    assert image.file.name.startswith("hidden/")


def test_restoring_the_post_brings_its_files_back(posted_image, moderator):
    image, post = posted_image
    public_name = image.file.name
    moderation.hide_post(post, by=moderator, reason="Checking")

    moderation.restore_post(post, by=moderator)

    image.refresh_from_db()
    assert not image.is_hidden
    assert image.file.name == public_name and default_storage.exists(public_name)
    assert default_storage.url(public_name) in post.body_html


def test_hiding_a_question_hides_the_files_of_its_replies_too(
    posted_image, moderator, other_customer
):
    _, question = posted_image
    screenshot = create_upload(
        owner=other_customer, name="speed.png", content=image_bytes()
    )
    services.post_reply(
        question.thread, author=other_customer, body=screenshot.markdown
    )

    moderation.hide_post(question, by=moderator, reason="Scam")
    screenshot.refresh_from_db()
    assert screenshot.is_hidden and screenshot.file.name.startswith("hidden/")

    moderation.restore_post(question, by=moderator)
    screenshot.refresh_from_db()
    assert not screenshot.is_hidden


def test_deleting_as_spam_hides_every_file_of_the_author(posted_image, moderator):
    image, post = posted_image

    moderation.delete_as_spam(post, by=moderator)

    image.refresh_from_db()
    assert image.is_hidden


def test_the_moderation_queue_shows_attachments_of_queued_posts(
    client, posted_image, moderator, other_customer
):
    image, post = posted_image
    moderation.flag_post(post, by=other_customer, reason="spam")
    client.force_login(moderator)

    response = client.get("/moderation/")

    assert default_storage.url(image.thumbnail.name) in response.content.decode()


def test_signed_mode_refuses_a_hidden_posts_file(
    client, settings, posted_image, moderator
):
    settings.ATTACHMENT_SIGNED_URLS = True
    image, post = posted_image
    url = reverse("attachments:serve", args=[image.key])
    assert client.get(url).status_code == 302

    moderation.hide_post(post, by=moderator, reason="Spam")

    assert client.get(url).status_code == 404
    client.force_login(moderator)
    assert client.get(url).status_code == 302


def test_signed_mode_shows_an_unattached_upload_only_to_its_owner(
    client, settings, customer, other_customer
):
    settings.ATTACHMENT_SIGNED_URLS = True
    log = create_upload(owner=customer, name="a.log", content=b"x")
    url = reverse("attachments:serve", args=[log.key])
    client.force_login(other_customer)
    assert client.get(url).status_code == 404

    client.force_login(customer)
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == default_storage.url(log.file.name)


def test_erasure_deletes_the_members_files_and_their_references(posted_image, customer):
    image, post = posted_image
    names = (image.file.name, image.thumbnail.name)

    data_rights.delete_member_account(customer)

    assert not Attachment.objects.filter(pk=image.pk).exists()
    assert not any(default_storage.exists(name) for name in names)
    post.refresh_from_db()
    assert "<img" not in post.body_html and "modem.jpg" in post.body_html


def test_the_purge_removes_only_old_unattached_uploads(posted_image, customer):
    image, _ = posted_image
    fresh = create_upload(owner=customer, name="new.log", content=b"x")
    stale = create_upload(owner=customer, name="old.log", content=b"x")
    Attachment.objects.filter(pk__in=[stale.pk, image.pk]).update(
        created_at=timezone.now() - timedelta(days=2)
    )

    assert purge_unattached_uploads() == 1

    assert set(Attachment.objects.values_list("pk", flat=True)) == {image.pk, fresh.pk}
    assert not default_storage.exists(stale.file.name)


def test_the_purge_command_reports_what_it_removed(customer, capsys):
    stale = create_upload(owner=customer, name="old.log", content=b"x")
    Attachment.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - timedelta(days=2)
    )

    call_command("purge_uploads")

    assert "Purged 1 unattached uploads." in capsys.readouterr().out


def test_two_purges_at_once_delete_each_upload_once(
    customer, monkeypatch, capsys, caplog
):
    if connection.vendor != "postgresql":
        pytest.skip("parallel runs need PostgreSQL; SQLite serialises them")
    from forum.attachments.management.commands import purge_uploads as command

    stale = create_upload(owner=customer, name="old.log", content=b"x")
    Attachment.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - timedelta(days=2)
    )

    run_twice_at_once(
        lambda: call_command("purge_uploads"),
        holding=(command, "purge_unattached_uploads"),
        monkeypatch=monkeypatch,
    )

    assert not Attachment.objects.exists()
    assert capsys.readouterr().out.count("Purged 1 unattached uploads.") == 1
    assert "purge_uploads skipped" in caplog.text


def test_the_data_export_lists_the_members_uploads(customer):
    import io
    import json
    import zipfile

    log = create_upload(owner=customer, name="router.log", content=b"x")

    archive = zipfile.ZipFile(io.BytesIO(data_rights.export_member_data(customer)))

    uploads = json.loads(archive.read("uploads.json"))
    assert [(u["key"], u["name"]) for u in uploads] == [(log.key, "router.log")]
