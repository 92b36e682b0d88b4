"""Demo moderation: a board moderator, flagged posts, a post waiting for approval,
a hidden post, locked, pinned and featured threads, and the audit trail they leave.
Everything goes through the moderation services, so the audit log is real."""

from django.db import transaction
from django.db.models import F

from accounts.models import Role, User
from forum import services
from forum.models import Board, Post, Thread
from forum.moderation import services as moderation
from forum.moderation.models import AuditEntry, FlagReason

BOARD_MODERATOR = ("lee", "devices")
ACCOUNT_NOTES = {
    "lee": "customer, board moderator of Devices",
    "kim": "customer who joined today: the first post waits for approval",
}


def _thread(
    board_slug: str, *, solved: bool | None = None, replied_by_other_than=None
) -> Thread | None:
    threads = Thread.objects.public().filter(board__slug=board_slug)
    if replied_by_other_than is not None:
        others = _customer_replies().exclude(author=replied_by_other_than)
        threads = threads.filter(posts__in=others).distinct()
    if solved is not None:
        threads = threads.filter(solution_post__isnull=not solved)
    return threads.order_by("created_at", "id").first()


def _customer_replies():
    """Flags land on customers' replies: staff posts make a confusing demo."""
    return (
        Post.objects.public()
        .filter(author__role=Role.CUSTOMER)
        .exclude(thread__first_post=F("pk"))
    )


def _reply(thread: Thread, *, exclude: list[User]) -> Post | None:
    replies = _customer_replies().filter(thread=thread).exclude(author__in=exclude)
    return replies.order_by("id").first()


def _curate(admin: User, morgan: User) -> None:
    username, board_slug = BOARD_MODERATOR
    moderation.grant_board_moderator(
        User.objects.get(username=username),
        board=Board.objects.get(slug=board_slug),
        by=admin,
    )
    if thread := _thread("billing-account", solved=True):
        moderation.lock_thread(
            thread, by=morgan, reason="Solved; new billing problems get new threads."
        )
    if thread := _thread("nbn-internet"):
        moderation.pin_thread(thread, by=morgan, reason="Most asked NBN question.")
    if thread := _thread("mobile", solved=True):
        moderation.feature_thread(thread, by=morgan, reason="A model answer.")


def _flag_and_hide(morgan: User, people: dict[str, User]) -> None:
    carla, dan, lee = people["carla"], people["dan"], people["lee"]
    thread = _thread("devices", replied_by_other_than=carla)
    if thread and (post := _reply(thread, exclude=[carla])):
        moderation.flag_post(post, by=carla, reason=FlagReason.OFF_TOPIC)
        if post.author != dan:
            moderation.flag_post(
                post, by=dan, reason=FlagReason.OTHER, note="Reads like an ad."
            )
    thread = _thread("mobile", replied_by_other_than=lee)
    if thread and (post := _reply(thread, exclude=[lee])):
        moderation.flag_post(
            post,
            by=lee,
            reason=FlagReason.PERSONAL_INFORMATION,
            note="Is that a real account number?",
        )
    if thread := _thread("lounge"):
        leak = services.post_reply(
            thread,
            author=dan,
            body="Call me on 0400 000 000 and I'll walk you through it.",
        )
        moderation.hide_post(
            leak, by=morgan, reason="Personal information: a phone number."
        )


@transaction.atomic
def seed_moderation() -> None:
    """Once per database (the audit log is the marker)."""
    if AuditEntry.objects.exists():
        return
    people = {user.username: user for user in User.objects.all()}
    admin, morgan = people["admin"], people["morgan"]
    _curate(admin, morgan)
    _flag_and_hide(morgan, people)
    if thread := _thread("nbn-internet", solved=False):
        services.post_reply(
            thread,
            author=people["kim"],
            body="Same here since Tuesday! Try the fix at www.fast-nbn-boost.example "
            "and http://nbn-speed.example, and http://cheap-modems.example.",
        )
