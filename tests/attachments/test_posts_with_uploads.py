"""Posts reference uploads as ``upload://<key>``: rendered in one query, attached
on save, limited per post; anyone else's key stays text."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from forum import services
from forum.attachments.services import create_upload
from forum.markdown import render_post, sanitise
from tests.attachments.conftest import image_bytes
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def upload_image(owner, name="modem.png", size=(128, 64)):
    return create_upload(owner=owner, name=name, content=image_bytes(size))


def ask(board, author, body):
    return services.create_thread(
        board=board, author=author, title="Modem lights keep blinking", body=body
    )


def test_an_image_renders_as_a_thumbnail_linking_to_the_full_size(customer, settings):
    settings.ATTACHMENT_THUMBNAIL_EDGE = 64
    image = upload_image(customer)

    html = render_post(f"See {image.markdown}", author=customer).html

    full = default_storage.url(image.file.name)
    thumbnail = default_storage.url(image.thumbnail.name)
    assert (
        f'<a href="{full}" rel="nofollow ugc noopener"><img src="{thumbnail}" '
        f'alt="modem.jpg" width="64" height="32" loading="lazy"></a>'
    ) in html


def test_a_file_renders_as_a_download_link(customer):
    log = create_upload(owner=customer, name="router.log", content=b"sync\n")

    html = render_post(log.markdown, author=customer).html

    assert f'<a href="{default_storage.url(log.file.name)}"' in html
    assert ">router.log</a>" in html


def test_someone_elses_upload_renders_as_plain_text(customer):
    theirs = upload_image(UserFactory())
    log = create_upload(owner=UserFactory(), name="router.log", content=b"x")

    html = render_post(f"{theirs.markdown} {log.markdown}", author=customer).html

    assert "<img" not in html and "<a" not in html
    assert "modem.jpg" in html and "router.log" in html


def test_an_unknown_key_renders_as_plain_text(customer):
    html = render_post("![x](upload://doesnotexist123)", author=customer).html

    assert html.strip() == "<p>x</p>"


def test_every_upload_of_a_post_resolves_in_one_query(
    customer, django_assert_num_queries
):
    uploads = [upload_image(customer, name=f"{n}.png") for n in range(4)]
    body = " ".join(upload.markdown for upload in uploads)

    with django_assert_num_queries(1):
        html = render_post(body, author=customer).html
    assert html.count("<img") == 4


def test_a_foreign_markdown_image_is_still_a_link():
    html = render_post("![x](https://tracker.example.com/pixel.png)").html

    assert "<img" not in html
    assert 'href="https://tracker.example.com/pixel.png"' in html


def test_the_sanitiser_keeps_only_the_image_attributes_we_emit():
    html = sanitise('<img src="/a.png" width="1" loading="lazy" onerror="x" style="y">')

    assert html == '<img src="/a.png" width="1" loading="lazy">'


def test_asking_attaches_the_referenced_uploads(board, customer):
    image = upload_image(customer)

    thread = ask(board, customer, f"My modem: {image.markdown}")

    image.refresh_from_db()
    assert image.post == thread.first_post
    assert "<img" in thread.first_post.body_html


def test_a_reply_attaches_its_uploads(question, other_customer):
    log = create_upload(owner=other_customer, name="router.log", content=b"x")

    reply = services.post_reply(
        question, author=other_customer, body=f"Mine too: {log.markdown}"
    )

    log.refresh_from_db()
    assert log.post == reply


def test_an_upload_already_in_another_post_is_not_taken_again(board, customer):
    image = upload_image(customer)
    first = ask(board, customer, image.markdown)

    second = services.post_reply(first, author=customer, body=f"Again {image.markdown}")

    image.refresh_from_db()
    assert image.post == first.first_post
    assert "<img" not in second.body_html


def test_editing_keeps_the_posts_uploads_and_frees_removed_ones(board, customer):
    kept, removed = upload_image(customer, "a.png"), upload_image(customer, "b.png")
    thread = ask(board, customer, f"{kept.markdown} {removed.markdown}")

    post = services.edit_post(thread.first_post, by=customer, body=kept.markdown)

    kept.refresh_from_db()
    removed.refresh_from_db()
    assert (kept.post, removed.post) == (post, None)
    assert post.body_html.count("<img") == 1


def test_a_moderators_edit_keeps_the_authors_uploads(board, customer, moderator):
    image = upload_image(customer)
    thread = ask(board, customer, image.markdown)

    post = services.edit_post(
        thread.first_post, by=moderator, body=f"{image.markdown} (edited)"
    )

    assert "<img" in post.body_html


def test_too_many_files_in_one_post_is_a_clear_validation_error(
    board, customer, settings
):
    settings.ATTACHMENTS_PER_POST = 2
    body = " ".join(upload_image(customer, f"{n}.png").markdown for n in range(3))

    with pytest.raises(ValidationError, match="at most 2 attachments"):
        ask(board, customer, body)


def test_the_thread_page_query_count_does_not_grow_with_images(
    client, question, customer, uncached_pages
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(question.get_absolute_url())
        return len(captured)

    services.post_reply(question, author=customer, body="No picture yet.")
    without_images = queries()
    for n in range(3):
        image = upload_image(customer, f"{n}.png")
        services.post_reply(question, author=customer, body=f"{n}: {image.markdown}")

    assert queries() == without_images


def test_the_reply_form_says_when_a_post_has_too_many_files(
    client, question, customer, settings
):
    settings.ATTACHMENTS_PER_POST = 1
    body = " ".join(upload_image(customer, f"{n}.png").markdown for n in range(2))
    client.force_login(customer)

    response = client.post(f"/t/{question.pk}/reply/", {"body": body})

    assert response.status_code == 200
    assert "at most 1 attachment; this one has 2." in response.content.decode()
