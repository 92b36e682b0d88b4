"""Download my data, delete my account, and the scan that proves nothing is left."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from accounts import data_rights, services
from accounts.models import User
from forum.deflection.models import JourneyEvent, Ticket
from forum.deflection.services.tickets import submit_ticket
from forum.models import Post, PostRevision
from forum.moderation.models import AuditEntry, Flag
from forum.moderation.services.posts import flag_post
from forum.moderation.services.users import lift_suspension, suspend_user
from forum.notifications.models import Notification
from forum.services import give_kudos
from forum.services.threads import edit_post, post_reply
from tests.factories import PASSWORD, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db

USERNAME = "qzmember"
EMAIL = "qz.private.mail@example.org"
DISPLAY_NAME = "Quentin Zabriskie"


@pytest.fixture
def member(db):
    return UserFactory(
        username=USERNAME, email=EMAIL, display_name=DISPLAY_NAME, bio="I love NBN."
    )


@pytest.fixture
def full_history(member, other_customer, moderator, client):
    """A member who did a bit of everything, and others who mention them."""
    question = ThreadFactory(author=member, body="My modem blinks red.")
    reply = post_reply(question, author=other_customer, body=f"@{USERNAME} try this")
    give_kudos(reply, by=member)
    give_kudos(question.first_post, by=other_customer)
    mention = post_reply(
        ThreadFactory(author=other_customer),
        author=other_customer,
        body=f"Ask @{USERNAME}, they know.",
    )
    edit_post(mention, by=other_customer, body=f"Ask @{USERNAME}, they know modems.")
    flag_post(reply, by=member, reason="spam", note="looks like spam")
    suspend_user(
        member,
        until=timezone.now() + timedelta(days=1),
        reason=f"Cooling off, {DISPLAY_NAME}",
        by=moderator,
    )
    lift_suspension(member, by=moderator)
    services.create_api_token(member, name="My script")
    social = SocialAccount.objects.create(
        user=member, provider="google", uid="123", extra_data={"email": EMAIL}
    )
    SocialToken.objects.create(account=social, token="secret-token")
    client.force_login(member)
    client.get("/search/", {"q": "modem red light"})
    submit_ticket(
        subject="Help",
        description=f"Regards, {DISPLAY_NAME}",
        category="billing",
        email=EMAIL,
        user=member,
    )
    return {"question": question, "reply": reply, "mention": mention}


def _archive(response) -> dict:
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return {name: json.loads(archive.read(name)) for name in archive.namelist()}


def test_a_member_downloads_all_their_data_as_json_in_a_zip(
    client, member, full_history
):
    response = client.post("/settings/data/download/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    files = _archive(response)
    assert files["profile.json"]["username"] == USERNAME
    assert files["profile.json"]["email"] == EMAIL
    assert files["posts.json"][0]["body"] == "My modem blinks red."
    assert len(files["kudos_given.json"]) == 1
    assert len(files["kudos_received.json"]) == 1
    assert files["flags.json"][0]["note"] == "looks like spam"
    assert files["api_tokens.json"][0]["name"] == "My script"
    assert "key_hash" not in files["api_tokens.json"][0]
    assert files["searches.json"][0]["query"] == "modem red light"
    assert files["tickets.json"][0]["subject"] == "Help"
    assert {"threads.json", "accepted_solutions.json", "notifications.json"} <= set(
        files
    )


def test_revisions_are_in_the_export(member):
    post = ThreadFactory(author=member, body="First words.").first_post
    edit_post(post, by=member, body="Second words.")

    files = json.loads(
        zipfile.ZipFile(io.BytesIO(data_rights.export_member_data(member))).read(
            "posts.json"
        )
    )

    assert files[0]["revisions"][0]["body"] == "First words."


def test_the_download_needs_a_signed_in_post(client, member):
    assert client.get("/settings/data/download/").status_code in {302, 405}
    assert client.post("/settings/data/download/").status_code == 302


def test_the_profile_links_to_the_data_page(client, member):
    client.force_login(member)

    response = client.get(f"/u/{USERNAME}/")

    assert 'href="/settings/data/"' in response.content.decode()
    assert client.get("/settings/data/").status_code == 200


def test_deleting_needs_the_password_or_username(client, member):
    client.force_login(member)

    response = client.post("/settings/data/delete/", {"confirmation": "wrong"})

    assert response.status_code == 400
    member.refresh_from_db()
    assert member.is_active and member.username == USERNAME


def test_deleting_with_the_password_anonymises_and_signs_out(
    client, member, full_history
):
    response = client.post("/settings/data/delete/", {"confirmation": PASSWORD})

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.username.startswith("former-")
    assert member.display_name == "Former member"
    assert member.bio == "" and member.email == ""
    assert not member.is_active and not member.has_usable_password()
    assert client.get("/settings/data/").status_code == 302


def test_deleting_keeps_posts_and_rewrites_mentions(member, full_history):
    data_rights.delete_member_account(member)

    question = full_history["question"]
    assert Post.objects.get(pk=question.first_post_id).author_id == member.pk
    mention = Post.objects.get(pk=full_history["mention"].pk)
    assert mention.body == "Ask @former member, they know modems."
    assert USERNAME not in mention.body_html
    revision = PostRevision.objects.get(post=mention)
    assert revision.body == "Ask @former member, they know."


def test_deleting_removes_personal_records(member, full_history):
    data_rights.delete_member_account(member)

    assert not EmailAddress.objects.filter(user=member).exists()
    assert not SocialAccount.objects.filter(user=member).exists()
    assert not member.api_tokens.exists()
    assert not Notification.objects.filter(recipient=member).exists()
    assert not member.thread_follows.exists()
    assert not JourneyEvent.objects.filter(user=member).exists()
    assert JourneyEvent.objects.filter(query="modem red light").exists()
    ticket = Ticket.objects.get()
    assert ticket.user is None and ticket.email == ""
    assert Flag.objects.filter(user=member).exists()  # moderation history stays


def test_deleting_ends_every_session_of_the_member_only(client, member, customer):
    client.force_login(member)
    other = client.__class__()
    other.force_login(customer)

    data_rights.delete_member_account(member)

    remaining = [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()]
    assert remaining == [str(customer.pk)]


def test_deletion_is_one_transaction(member, full_history, monkeypatch):
    def fail(user_id):
        raise RuntimeError("boom")

    monkeypatch.setattr(data_rights, "_delete_sessions", fail)

    with pytest.raises(RuntimeError):
        data_rights.delete_member_account(member)

    member.refresh_from_db()
    assert member.username == USERNAME
    assert Post.objects.get(pk=full_history["mention"].pk).body.startswith(
        f"Ask @{USERNAME}"
    )


def _text_columns():
    """Every text-like column of every table, from the database's own catalogue."""
    text_types = {"CharField", "TextField", "JSONField", "EmailField", "SlugField"}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                try:
                    kind = connection.introspection.get_field_type(
                        column.type_code, column
                    )
                except KeyError:
                    continue
                if kind in text_types:
                    yield table, column.name


def test_a_database_wide_scan_finds_none_of_the_identifiers(member, full_history):
    assert AuditEntry.objects.exists()
    data_rights.delete_member_account(member)

    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, column in _text_columns():
            cursor.execute(f"SELECT {quote(column)} FROM {quote(table)}")  # noqa: S608
            for (value,) in cursor.fetchall():
                text = str(value).casefold()
                for needle in (USERNAME, EMAIL, DISPLAY_NAME):
                    if needle.casefold() in text:
                        found.append((table, column, needle))
    assert found == []
    # The scan covered the tables that held the identifiers.
    scanned = {table for table, _ in _text_columns()}
    for model in (User, Post, AuditEntry, Ticket, EmailAddress):
        assert model._meta.db_table in scanned
    assert len(scanned) >= len(apps.get_models()) // 2
