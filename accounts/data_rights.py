"""A member's data rights: a copy of what we hold about them, and erasure.

Erasure keeps the community's content (a reply that solved someone's problem stays
useful) but removes the person: every identifier is replaced or deleted, in one
transaction, so a failure half-way leaves the account exactly as it was.
"""

from __future__ import annotations

import io
import json
import logging
import re
import secrets
import zipfile
from collections.abc import Iterable

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.module_loading import import_string

from accounts.models import User
from forum.attachments.avatars import delete_avatar_files
from forum.attachments.models import Attachment
from forum.attachments.services import delete_member_files
from forum.care.services.privacy import erase_member_contacts, member_care_export
from forum.deflection.models import Delivery, JourneyEvent, Ticket
from forum.deflection.services import identities
from forum.deflection.services.event_writer import flush_pending_events
from forum.markdown import render_post
from forum.messages.data_rights import erase_member_messages, member_messages_export
from forum.models import Kudos, MeToo, Post, PostRevision, Thread, ThreadFollow
from forum.moderation.models import AuditEntry, Flag
from forum.notifications.models import (
    AcceptReminder,
    BoardFollow,
    Notification,
    NotificationPreference,
    NotificationSettings,
    TagFollow,
)
from forum.reports.services import end_subscriptions_of
from forum.search.indexing import index_threads

logger = logging.getLogger(__name__)

FORMER_MEMBER_NAME = "Former member"
FORMER_MEMBER_MENTION = "@former member"
REDACTED = "[removed]"
SESSION_BATCH_SIZE = 2000


# --- Download my data ---------------------------------------------------------


def export_member_data(user: User) -> bytes:
    """A ZIP of JSON files holding everything stored about ``user`` (secrets such as
    password and token hashes excepted)."""
    flush_pending_events()  # their latest searches, if this process holds them
    files = {
        "profile.json": _profile(user),
        "posts.json": _posts(user),
        "threads.json": list(
            Thread.objects.filter(author=user)
            .order_by("created_at")
            .values("id", "title", "board__name", "created_at", "is_hidden")
        ),
        "uploads.json": list(
            Attachment.objects.filter(owner=user)
            .order_by("created_at")
            .values("key", "name", "kind", "size", "post_id", "created_at")
        ),
        "kudos_given.json": list(
            Kudos.objects.filter(user=user)
            .order_by("created_at")
            .values("post_id", "post__thread__title", "created_at")
        ),
        "kudos_received.json": list(
            Kudos.objects.filter(post__author=user)
            .order_by("created_at")
            .values("post_id", "post__thread__title", "created_at")
        ),
        "flags.json": list(
            Flag.objects.filter(user=user)
            .order_by("created_at")
            .values("post_id", "reason", "note", "created_at", "resolution")
        ),
        "accepted_solutions.json": list(
            Thread.objects.filter(solution_post__author=user)
            .order_by("accepted_at")
            .values("id", "title", "solution_post_id", "accepted_at", "accepted_as")
        ),
        "notifications.json": list(
            Notification.objects.filter(recipient=user)
            .order_by("created_at")
            .values("kind", "thread_id", "post_id", "detail", "created_at", "read_at")
        ),
        "api_tokens.json": list(
            user.api_tokens.order_by("created_at").values(
                "name", "prefix", "created_at", "last_used_at", "revoked_at"
            )
        ),
        "searches.json": list(
            JourneyEvent.objects.filter(user=user, kind="search")
            .order_by("created_at")
            .values("query", "created_at")
        ),
        "private_messages.json": member_messages_export(user),
        "social_care.json": member_care_export(user),
        "tickets.json": list(
            Ticket.objects.filter(user=user)
            .order_by("created_at")
            .values("reference", "subject", "description", "category", "created_at")
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(
                name, json.dumps(data, cls=DjangoJSONEncoder, indent=2, default=str)
            )
    return buffer.getvalue()


def _profile(user: User) -> dict:
    return {
        "username": user.username,
        "display_name": user.display_name,
        "bio": user.bio,
        "email": user.email,
        "email_addresses": list(
            EmailAddress.objects.filter(user=user).values("email", "verified")
        ),
        "social_accounts": list(
            SocialAccount.objects.filter(user=user).values("provider", "date_joined")
        ),
        "role": user.role,
        "verified_customer_at": user.verified_customer_at,
        "verified_customer_provider": user.verified_customer_provider,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "reputation": user.reputation,
        "post_count": user.post_count,
    }


def _posts(user: User) -> list[dict]:
    posts = (
        Post.objects.filter(author=user)
        .select_related("thread")
        .prefetch_related("revisions")
        .order_by("created_at")
    )
    return [
        {
            "id": post.pk,
            "thread": post.thread.title,
            "body": post.body,
            "created_at": post.created_at,
            "edited_at": post.edited_at,
            "revisions": [
                {"title": r.title, "body": r.body, "created_at": r.created_at}
                for r in post.revisions.all()
            ],
        }
        for post in posts
    ]


# --- Delete my account --------------------------------------------------------


@transaction.atomic
def delete_member_account(user: User) -> User:
    """Anonymise ``user`` everywhere and remove their personal data, keeping their
    posts under "Former member"; returns the anonymised (inactive) user."""
    user = User.objects.select_for_update().get(pk=user.pk)
    identifiers = _identifiers(user)
    old_username = user.username

    _rewrite_mentions(old_username)
    erase_member_messages(
        user, old_username=old_username, mention=FORMER_MEMBER_MENTION
    )
    _delete_uploads(user)
    _scrub_labels(identifiers, user)
    _delete_sessions(user.pk)

    _forget_identities(user)
    EmailAddress.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    user.api_tokens.all().delete()
    Notification.objects.filter(recipient=user).delete()
    for model in (ThreadFollow, BoardFollow, TagFollow, MeToo, NotificationPreference):
        model.objects.filter(user=user).delete()
    NotificationSettings.objects.filter(user=user).delete()
    AcceptReminder.objects.filter(recipient=user).delete()
    end_subscriptions_of(user)  # report summaries: nobody to send them to
    flush_pending_events()  # this process's unwritten searches by them, too
    JourneyEvent.objects.filter(user=user).update(user=None)
    _unlink_tickets(user, identifiers)
    # Their social care cases: the words and handles they wrote go, the figures stay.
    erase_member_contacts(user)

    user.username = _former_username()
    user.display_name = FORMER_MEMBER_NAME
    user.first_name = user.last_name = user.bio = user.email = ""
    user.suspension_reason = ""
    user.verified_customer_at, user.verified_customer_provider = None, ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    logger.info("Account %s deleted at the member's request.", user.pk)
    return user


def _identifiers(user: User) -> list[str]:
    emails = set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    values = {user.username, user.email, user.display_name, *emails}
    # Longest first, so "alice@example.com" goes before "alice" is replaced inside it.
    return sorted((v for v in values if v and len(v) >= 3), key=len, reverse=True)


def _former_username() -> str:
    while True:
        candidate = f"former-{secrets.token_hex(4)}"
        if not User.objects.filter(username=candidate).exists():
            return candidate


def _mention_pattern(username: str) -> re.Pattern:
    return re.compile(rf"(?<![\w@/.])@{re.escape(username)}(?![\w+-])")


def _rewrite_mentions(username: str) -> None:
    """Replace @username in every post and revision, re-rendering (and so
    re-sanitising) the HTML, and refresh the threads' search documents."""
    pattern = _mention_pattern(username)
    needle = f"@{username}"
    thread_ids = set()
    posts = Post.objects.filter(
        Q(body__contains=needle) | Q(body_html__contains=f"/u/{username}/")
    ).select_related("author")
    for post in posts.iterator():
        post.body = pattern.sub(FORMER_MEMBER_MENTION, post.body)
        post.body_html = render_post(
            post.body, author=post.author, post_id=post.pk
        ).html
        post.save(update_fields=["body", "body_html"])
        thread_ids.add(post.thread_id)
    for revision in PostRevision.objects.filter(body__contains=needle).iterator():
        revision.body = pattern.sub(FORMER_MEMBER_MENTION, revision.body)
        revision.save(update_fields=["body"])
    if thread_ids:
        index_threads(thread_ids)


def _delete_uploads(user: User) -> None:
    """Their files and picture leave the storage; their posts that showed files
    say only the file names now."""
    delete_avatar_files(user)  # the caller saves the cleared key
    if not delete_member_files(user):
        return
    for post in Post.objects.filter(author=user, body__contains="upload://"):
        post.body_html = render_post(post.body).html
        post.save(update_fields=["body_html"])


def _replace_all(text: str, identifiers: Iterable[str]) -> str:
    for value in identifiers:
        text = re.sub(re.escape(value), FORMER_MEMBER_NAME, text, flags=re.IGNORECASE)
    return text


def _scrub_labels(identifiers: list[str], user: User) -> None:
    """Rewrite the names stored as text beside a link to the user: audit labels and
    snapshots, admin history, notification details. Audit entries are append-only
    for moderators; erasure is the one sanctioned rewrite, done with update()."""
    matches = Q()
    for value in identifiers:
        matches |= (
            Q(target_label__icontains=value)
            | Q(reason__icontains=value)
            | Q(before_text__icontains=value)
            | Q(after_text__icontains=value)
        )
    entries = AuditEntry.objects.annotate(
        before_text=Cast("before", TextField()), after_text=Cast("after", TextField())
    ).filter(matches)
    for entry in entries.iterator():
        AuditEntry.objects.filter(pk=entry.pk).update(
            target_label=_replace_all(entry.target_label, identifiers),
            reason=_replace_all(entry.reason, identifiers),
            before=_scrub_json(entry.before, identifiers),
            after=_scrub_json(entry.after, identifiers),
        )
    for notification in Notification.objects.filter(_any("detail", identifiers)):
        notification.detail = _replace_all(notification.detail, identifiers)
        notification.save(update_fields=["detail"])
    user_type = ContentType.objects.get_for_model(User)
    LogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).update(
        object_repr=FORMER_MEMBER_NAME, change_message=""
    )


def _any(field: str, identifiers: Iterable[str]) -> Q:
    query = Q(pk__in=[])
    for value in identifiers:
        query |= Q(**{f"{field}__icontains": value})
    return query


def _scrub_json(value, identifiers: list[str]):
    if value is None:
        return None
    text = json.dumps(value, cls=DjangoJSONEncoder)
    return json.loads(_replace_all(text, identifiers))


def _forget_identities(user: User) -> None:
    """The keyed hashes the helpdesk could name them by go, and tickets reported
    under them keep only how they matched."""
    digests = identities.forget_member(user)
    Ticket.objects.filter(identity_digest__in=digests).update(identity_digest="")


def _unlink_tickets(user: User, identifiers: list[str]) -> None:
    """Tickets stay counted for deflection but no longer point at the person."""
    tickets = Ticket.objects.filter(Q(user=user) | _any("email", identifiers))
    ticket_ids = list(tickets.values_list("pk", flat=True))
    for ticket in Ticket.objects.filter(pk__in=ticket_ids):
        ticket.user = None
        ticket.email = ""
        ticket.subject = _replace_all(ticket.subject, identifiers)
        ticket.description = _replace_all(ticket.description, identifiers)
        ticket.save(update_fields=["user", "email", "subject", "description"])
    # Outbox payloads repeat the ticket's e-mail; pending ones are still delivered,
    # with the address removed.
    for delivery in Delivery.objects.filter(ticket_id__in=ticket_ids):
        delivery.payload = _scrub_json(delivery.payload, identifiers)
        delivery.save(update_fields=["payload"])


def _delete_sessions(user_id: int) -> int:
    """Delete every live session signed in as ``user_id``.

    Sessions store the user id only inside their encoded data, so this decodes the
    unexpired rows in batches (one pass over live sessions; deletion is rare enough
    that a separate session index is not worth its writes on every sign-in). Each
    match goes through the session engine, so the cached copy goes too.
    """
    store_class = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    wanted = str(user_id)
    deleted = 0
    live = Session.objects.filter(expire_date__gt=timezone.now()).order_by("pk")
    last_key = ""
    while True:
        batch = list(
            live.filter(pk__gt=last_key).values_list("session_key", "session_data")[
                :SESSION_BATCH_SIZE
            ]
        )
        if not batch:
            return deleted
        last_key = batch[-1][0]
        for key, data in batch:
            store = store_class(session_key=key)
            if str(store.decode(data).get("_auth_user_id")) == wanted:
                store.delete(key)
                deleted += 1
