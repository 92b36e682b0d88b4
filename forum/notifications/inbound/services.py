"""Taking in an e-mail sent to a reply address, and posting it.

Intake (the Mailgun webhook, the ``receive_reply_mail`` command) only stores the
mail, once per Message-ID, and queues a job; the job posts it through the same
services the pages use (``post_reply``, ``send_message``), so approval, flood and
permission rules apply unchanged. Whatever is refused is recorded with its reason
and, when the mail can be tied to a member, they get a short e-mail saying why.
"""

from __future__ import annotations

import hashlib
import logging
from contextlib import contextmanager

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.languages import in_language_of
from accounts.models import User
from forum import permissions
from forum.integrations.inbound_mail import InboundEmail, strip_quoted
from forum.messages.models import Conversation
from forum.messages.services.conversations import send_message
from forum.models import Thread
from forum.moderation.flood import RateLimited
from forum.moderation.models import ThreadRedirect
from forum.notifications.inbound import tokens
from forum.notifications.inbound.models import (
    MESSAGE_ID_MAX_LENGTH,
    SUBJECT_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    InboundReply,
    InboundState,
    RefusalReason,
)
from forum.notifications.models import Notification
from forum.services.threads import post_reply

logger = logging.getLogger(__name__)

# Refusals told to nobody: a robot's mail (answering it could loop) and a member
# who no longer exists (no verified address to write to).
SILENT_REFUSALS = {RefusalReason.AUTOMATIC, RefusalReason.UNKNOWN_MEMBER}


class Refused(Exception):  # noqa: N818 - reads as "the reply was refused"
    def __init__(self, reason: str, *, detail: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


def _stored_message_id(message_id: str) -> str:
    # Longer ids are rare but legal; a digest keeps them unique and comparable.
    if len(message_id) <= MESSAGE_ID_MAX_LENGTH:
        return message_id
    return "sha256:" + hashlib.sha256(message_id.encode()).hexdigest()


def _received_before(message_id: str) -> InboundReply | None:
    return InboundReply.objects.filter(message_id=message_id).first()


def receive_reply_mail(
    email: InboundEmail, *, recipient: str, source: str
) -> tuple[InboundReply, bool]:
    """Store an e-mail sent to the reply address ``recipient`` and queue the job
    that posts it; returns (row, created). A Message-ID seen before returns the
    first row and queues nothing: a repeated delivery posts once."""
    message_id = _stored_message_id(email.message_id)
    existing = _received_before(message_id)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            inbound = InboundReply.objects.create(
                message_id=message_id,
                source=source,
                sender=email.sender[:320],
                recipient=recipient[:320],
                subject=email.subject[:SUBJECT_MAX_LENGTH],
                text=email.text[:TEXT_MAX_LENGTH],
                is_automatic=email.is_automatic,
            )
    except IntegrityError:  # the same mail delivered twice at once
        return InboundReply.objects.get(message_id=message_id), False
    transaction.on_commit(lambda: _enqueue(inbound.pk))
    return inbound, True


def _enqueue(inbound_id: int) -> None:
    from forum.notifications.inbound.tasks import post_reply_mail

    try:
        post_reply_mail.enqueue(inbound_id)
    except Exception:
        # The row stays "received"; `receive_reply_mail --pending` posts it.
        logger.exception("Could not queue e-mail reply %s", inbound_id)


def process_reply_mail(inbound_id: int) -> str:
    """Post one stored e-mail as its member's reply or message, or refuse it;
    returns the new state. A row already handled is left alone (a job run twice),
    and the refusal e-mail goes out only once the outcome is committed."""
    with transaction.atomic():
        inbound = (
            InboundReply.objects.select_for_update()
            .filter(pk=inbound_id, state=InboundState.RECEIVED)
            .first()
        )
        if inbound is None:
            return "done"
        try:
            _post(inbound)
            inbound.state = InboundState.POSTED
        except Refused as refusal:
            inbound.state = InboundState.REFUSED
            inbound.refusal = refusal.reason
            inbound.refusal_detail = refusal.detail[:500]
        inbound.processed_at = timezone.now()
        inbound.save()
        if inbound.state == InboundState.REFUSED:
            logger.info("E-mail reply %s refused: %s", inbound.pk, inbound.refusal)
            transaction.on_commit(lambda: _tell_refusal(inbound.pk))
    return inbound.state


def _tell_refusal(inbound_id: int) -> None:
    from forum.notifications.inbound.emails import send_refusal

    try:
        send_refusal(inbound_id)
    except Exception:
        # The refusal is recorded; failing to say so must not fail the job.
        logger.exception("Could not e-mail the refusal of e-mail reply %s", inbound_id)


def _post(inbound: InboundReply) -> None:
    """Post the mail, recording on ``inbound`` who it was from and where it went;
    raises Refused with the reason otherwise."""
    if inbound.is_automatic:
        raise Refused(RefusalReason.AUTOMATIC)
    token = _read_token(inbound)
    member = User.objects.filter(pk=token.user_id, is_active=True).first()
    if member is None:
        raise Refused(RefusalReason.UNKNOWN_MEMBER)
    inbound.member = member
    inbound.notification = Notification.objects.filter(
        pk=token.notification_id, recipient=member
    ).first()
    if not _is_verified_address_of(member, inbound.sender):
        # A forwarded notification answered by someone else must not post as them.
        raise Refused(RefusalReason.WRONG_SENDER)
    if permissions.is_suspended(member):
        raise Refused(RefusalReason.SUSPENDED)
    if token.thread_id is not None:
        _post_reply(inbound, member=member, thread_id=token.thread_id)
    else:
        _send_message(inbound, member=member, conversation_id=token.conversation_id)


def _read_token(inbound: InboundReply) -> tokens.ReplyToken:
    try:
        return tokens.read_reply_token(tokens.token_of(inbound.recipient))
    except tokens.ExpiredReplyToken as expired:
        # Whose it was is genuine: tell them, with a link to answer on the site.
        named = expired.token
        inbound.member = User.objects.filter(pk=named.user_id, is_active=True).first()
        inbound.thread = _thread_for(named.thread_id) if named.thread_id else None
        inbound.conversation = Conversation.objects.filter(
            pk=named.conversation_id
        ).first()
        raise Refused(RefusalReason.EXPIRED) from None
    except tokens.InvalidReplyToken:
        # Nobody is named; the sender is told only if the address is a member's.
        inbound.member = _member_verified_at(inbound.sender)
        raise Refused(RefusalReason.FORGED) from None


def _is_verified_address_of(member: User, address: str) -> bool:
    return EmailAddress.objects.filter(
        user=member, email__iexact=address, verified=True
    ).exists()


def _member_verified_at(address: str) -> User | None:
    if not address:
        return None
    verified = EmailAddress.objects.filter(
        email__iexact=address, verified=True, user__is_active=True
    ).select_related("user")
    found = verified.first()
    return found.user if found else None


def _own_words(inbound: InboundReply) -> str:
    text = strip_quoted(inbound.text)
    if not text:
        raise Refused(RefusalReason.EMPTY)
    return text


def _thread_for(thread_id: int) -> Thread | None:
    """The thread, or the one it was merged into."""
    thread = Thread.objects.select_related("board").filter(pk=thread_id).first()
    if thread is None:
        redirect = ThreadRedirect.objects.filter(old_thread_id=thread_id).first()
        if redirect is not None:
            thread = Thread.objects.select_related("board").get(pk=redirect.thread_id)
    return thread


def _post_reply(inbound: InboundReply, *, member: User, thread_id: int) -> None:
    thread = _thread_for(thread_id)
    if thread is None or not permissions.can_view_thread(member, thread):
        raise Refused(RefusalReason.HIDDEN)
    inbound.thread = thread
    if not permissions.can_reply_by_email(member, thread):
        # The rule is the permission module's; the reason only picks the words of
        # the e-mail that tells the member.
        if thread.is_hidden:
            raise Refused(RefusalReason.HIDDEN)
        if thread.is_locked:
            raise Refused(RefusalReason.LOCKED)
        raise Refused(RefusalReason.NOT_ALLOWED)
    body = _own_words(inbound)
    with _refusals_from_services(member):
        inbound.post = post_reply(thread, author=member, body=body)


def _send_message(
    inbound: InboundReply, *, member: User, conversation_id: int | None
) -> None:
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is None:
        raise Refused(RefusalReason.NOT_ALLOWED)
    inbound.conversation = conversation
    body = _own_words(inbound)
    with _refusals_from_services(member):
        inbound.private_message = send_message(conversation, by=member, body=body)


@contextmanager
def _refusals_from_services(member: User):
    """Turn the services' refusals into Refused: they raise before writing, and
    run in a savepoint, so a refusal leaves nothing behind. What the posting rules
    said is kept in the member's language, for the refusal e-mail."""
    try:
        yield
    except RateLimited as error:
        raise Refused(RefusalReason.FLOOD, detail=error.message) from None
    except PermissionDenied as error:
        raise Refused(RefusalReason.NOT_ALLOWED, detail=str(error)) from None
    except ValidationError as error:
        with in_language_of(member):
            problem = " ".join(error.messages)
        raise Refused(RefusalReason.INVALID, detail=problem) from None
