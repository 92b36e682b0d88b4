"""A small community with one member in every role, for the security tests."""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Role
from forum import services
from forum.moderation.models import BoardModerator, Flag
from forum.notifications.models import Notification
from tests.factories import BoardFactory, ExpertCertificationFactory, UserFactory

ANONYMOUS = "anonymous"
CUSTOMER = "customer"
AUTHOR = "author"
EXPERT_HERE = "expert_of_this_board"
EXPERT_ELSEWHERE = "expert_of_another_board"
BOARD_MODERATOR_ELSEWHERE = "board_moderator_elsewhere"
MODERATOR = "moderator"
MANAGER = "manager"
# Works the social care desk (forum.care); a customer everywhere else.
AGENT = "support_agent"
SUSPENDED = "suspended"
# Marked by the company's single sign-on (accounts.sso); otherwise a customer.
VERIFIED_CUSTOMER = "verified_customer"

ROLES = [
    ANONYMOUS,
    CUSTOMER,
    AUTHOR,
    EXPERT_HERE,
    EXPERT_ELSEWHERE,
    BOARD_MODERATOR_ELSEWHERE,
    MODERATOR,
    MANAGER,
    AGENT,
    SUSPENDED,
    VERIFIED_CUSTOMER,
]


@dataclass
class World:
    board: object
    other_board: object
    asker: object
    replier: object
    question: object
    reply: object
    other_question: object
    users: dict = field(default_factory=dict)

    def user(self, role: str, *, author):
        """The member playing ``role``; ``author`` is who "the author" is for the
        action at hand."""
        if role == ANONYMOUS:
            return None
        if role == AUTHOR:
            return author
        return self.users[role]


def build_world() -> World:
    board = BoardFactory(name="NBN & Internet", slug="nbn-internet")
    other_board = BoardFactory(name="Billing", slug="billing")
    asker = UserFactory(username="asker")
    replier = UserFactory(username="replier")
    question = services.create_thread(
        board=board,
        author=asker,
        title="NBN drops out every evening",
        body="Every night around 8pm the connection drops.",
        tags="nbn, dropouts",
    )
    reply = services.post_reply(
        question, author=replier, body="Ask for a line test and mention the times."
    )
    other_question = services.create_thread(
        board=board,
        author=replier,
        title="Modem lights blink orange",
        body="The DSL light blinks orange after a storm.",
        tags="modem",
    )
    users = {
        CUSTOMER: UserFactory(username="customer"),
        EXPERT_HERE: UserFactory(username="expert_here"),
        EXPERT_ELSEWHERE: UserFactory(username="expert_elsewhere"),
        BOARD_MODERATOR_ELSEWHERE: UserFactory(username="board_mod"),
        MODERATOR: UserFactory(username="moderator", role=Role.MODERATOR),
        MANAGER: UserFactory(username="manager", role=Role.MANAGER),
        AGENT: UserFactory(username="support_agent", role=Role.AGENT),
        SUSPENDED: UserFactory(username="suspended"),
        VERIFIED_CUSTOMER: UserFactory(
            username="verified", verified_customer_at=timezone.now()
        ),
    }
    ExpertCertificationFactory(user=users[EXPERT_HERE], board=board, title="NBN")
    ExpertCertificationFactory(
        user=users[EXPERT_ELSEWHERE], board=other_board, title="Billing"
    )
    BoardModerator.objects.create(
        user=users[BOARD_MODERATOR_ELSEWHERE], board=other_board
    )
    return World(
        board=board,
        other_board=other_board,
        asker=asker,
        replier=replier,
        question=question,
        reply=reply,
        other_question=other_question,
        users=users,
    )


@contextmanager
def built_once(django_db_blocker, build: Callable[[], World] = build_world):
    """For a module-scoped fixture: the world, built once for the module's tests
    (building it is most of a small test's time) inside a transaction rolled back
    after them. Each test runs in a savepoint within it (pytest-django's ``db``),
    so nothing one test writes reaches the next; take ``reloaded(world)`` in each,
    so no in-memory change does either."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build()
        transaction.set_rollback(True)


def reloaded(world: World) -> World:
    """The same world with every object read afresh (four queries): a test that
    shares a world built once gets none of an earlier test's in-memory changes.
    Extra attributes a module added (a token, a notification) come along as they
    are."""
    from accounts.models import User
    from forum.models import Board, Post, Thread

    boards = Board.objects.in_bulk([world.board.pk, world.other_board.pk])
    threads = Thread.objects.in_bulk([world.question.pk, world.other_question.pk])
    people = [world.asker, world.replier, *world.users.values()]
    users = User.objects.in_bulk([person.pk for person in people])
    fresh = World(
        board=boards[world.board.pk],
        other_board=boards[world.other_board.pk],
        asker=users[world.asker.pk],
        replier=users[world.replier.pk],
        question=threads[world.question.pk],
        reply=Post.objects.get(pk=world.reply.pk),
        other_question=threads[world.other_question.pk],
        users={role: users[person.pk] for role, person in world.users.items()},
    )
    known = {f.name for f in fields(World)}
    for name, value in vars(world).items():
        if name not in known:
            setattr(fresh, name, value)
    return fresh


def suspend(user) -> None:
    """Suspend a member for a week, as the moderation service would."""
    type(user).objects.filter(pk=user.pk).update(
        suspended_until=timezone.now() + timedelta(days=7)
    )
    user.refresh_from_db()


def flag(post, by) -> Flag:
    return Flag.objects.create(post=post, user=by, reason="spam")


def notify(recipient, post) -> Notification:
    return Notification.objects.create(
        recipient=recipient, kind="reply", thread=post.thread, post=post
    )
