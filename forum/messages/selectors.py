"""What the inbox, the conversation page, the header and the API read."""

from functools import reduce
from operator import or_

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.http import Http404

from accounts.models import User
from forum import caching, permissions
from forum.messages.models import (
    Block,
    Conversation,
    Message,
    MessageKind,
    MessageReport,
    Participant,
)

MESSAGES_PER_PAGE = 20
CONVERSATIONS_PER_PAGE = 20


def _unread_for(user: User) -> Count:
    """Messages after the participant's last read one, by someone else."""
    return Count(
        "conversation__messages",
        filter=Q(
            conversation__messages__id__gt=F("last_read_message_id"),
            conversation__messages__kind=MessageKind.MESSAGE,
        )
        & ~Q(conversation__messages__author_id=user.pk),
    )


def inbox(user: User) -> QuerySet[Participant]:
    """The member's conversations (one row each: their participant record), newest
    activity first, with the unread count and everyone in it (two queries)."""
    everyone = Participant.objects.select_related("user").order_by("joined_at", "id")
    return (
        Participant.objects.filter(user=user, left_at__isnull=True)
        .select_related("conversation")
        .annotate(unread=_unread_for(user))
        .prefetch_related(
            Prefetch("conversation__participants", queryset=everyone, to_attr="people")
        )
        .order_by("-conversation__last_message_at", "-conversation_id")
    )


def unread_conversation_count(user: User) -> int:
    """The header's number: conversations with a message the member hasn't read,
    cached until a message arrives or is read (``forget_inboxes``)."""
    if not user.is_authenticated:
        return 0
    return caching.remember(
        *unread_conversations_entry(user),
        lambda: _count_unread_conversations(user),
        timeout=caching.UNREAD_SECONDS,
    )


def unread_conversations_entry(user: User) -> tuple[list[str], tuple]:
    """Where the header's unread-conversation count is cached: (scope, name) for
    forum.caching; renewed with the member's inbox generation."""
    return [caching.inbox_key(user.pk)], ("unread_conversations", user.pk)


def _count_unread_conversations(user: User) -> int:
    newer = Message.objects.filter(
        conversation=OuterRef("conversation"),
        id__gt=OuterRef("last_read_message_id"),
        kind=MessageKind.MESSAGE,
    ).exclude(author_id=user.pk)
    return (
        Participant.objects.filter(user=user, left_at__isnull=True)
        .filter(Exists(newer))
        .count()
    )


def conversation_detail(user: User, conversation_id: int) -> Conversation:
    """A conversation the user may open, with ``viewer_participant``,
    ``has_open_report`` and ``people`` (participants with their members); raises
    Http404 for anyone else, staff included."""
    open_reports = MessageReport.objects.open().filter(conversation=OuterRef("pk"))
    everyone = Participant.objects.select_related("user").order_by("joined_at", "id")
    conversation = (
        permissions.conversations_visible_to(user)
        .annotate(has_open_report=Exists(open_reports))
        .prefetch_related(Prefetch("participants", queryset=everyone, to_attr="people"))
        .filter(pk=conversation_id)
        .first()
    )
    if conversation is None:
        raise Http404("No such conversation.")
    conversation.viewer_participant = next(
        (p for p in conversation.people if p.user_id == user.pk), None
    )
    if not permissions.can_view_conversation(user, conversation):
        raise Http404("No such conversation.")
    return conversation


def conversation_messages(conversation: Conversation) -> QuerySet[Message]:
    """The conversation's messages and events, oldest first, with their authors and
    (for moderators) whether each has an open report."""
    reported = MessageReport.objects.open().filter(message=OuterRef("pk"))
    return (
        Message.objects.filter(conversation=conversation)
        .select_related("author")
        .annotate(is_reported=Exists(reported))
        .order_by("id")
    )


def message_for_report(user: User, message_id: int) -> Message:
    """A message in a conversation the user is active in, its conversation carrying
    ``viewer_participant``; raises Http404 otherwise."""
    message = (
        Message.objects.select_related("conversation").filter(pk=message_id).first()
    )
    if message is None:
        raise Http404("No such message.")
    participant = Participant.objects.filter(
        conversation_id=message.conversation_id, user=user, left_at__isnull=True
    ).first()
    if participant is None:
        raise Http404("No such message.")
    message.conversation.viewer_participant = participant
    return message


def blocked_members(user: User) -> QuerySet[Block]:
    """Whom the member blocked, newest first."""
    return Block.objects.filter(blocker=user).select_related("blocked")


def has_blocked(user: User, member: User) -> bool:
    """Whether ``user`` blocked ``member`` (no query for visitors)."""
    if not user.is_authenticated:
        return False
    return Block.objects.filter(blocker=user, blocked=member).exists()


def open_reports(user: User) -> QuerySet[MessageReport]:
    """Open message reports for the moderation queue: global moderators only."""
    if not (permissions.is_moderator(user) and not permissions.is_suspended(user)):
        return MessageReport.objects.none()
    return MessageReport.objects.open().select_related(
        "conversation", "reporter", "message__author"
    )


def open_report_count(user: User) -> int:
    """How many reports wait (no query for anyone who can't act on them)."""
    if not (permissions.is_moderator(user) and not permissions.is_suspended(user)):
        return 0
    return MessageReport.objects.open().count()


def recipients_named(usernames: list[str]) -> tuple[list[User], list[str]]:
    """The members with these usernames (case-insensitive, "@" optional), and the
    names that match nobody."""
    wanted = {name.strip().lstrip("@").lower() for name in usernames if name.strip()}
    if not wanted:
        return [], []
    matches = reduce(or_, (Q(username__iexact=name) for name in sorted(wanted)))
    members = list(User.objects.filter(matches).order_by("username"))
    found = {member.username.lower() for member in members}
    return members, sorted(wanted - found)
