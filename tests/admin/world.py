"""A community with a row of every model the admin shows, made through the services
where one exists, for walking every ModelAdmin."""

from types import SimpleNamespace

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from accounts import services as accounts
from accounts.models import Role
from forum import services
from forum.deflection.models import (
    DailyBoardStats,
    DeflectionSettings,
    Delivery,
    DeliveryStatus,
    Journey,
    Ticket,
    TicketSource,
)
from forum.integrations.models import WebhookEndpoint
from forum.knowledge import services as knowledge
from forum.moderation import services as moderation
from forum.notifications.models import (
    AcceptReminder,
    NotificationPreference,
    NotificationSettings,
)
from forum.notifications.services import follow_board, follow_tag
from forum.reputation.models import BadgeAward
from tests.factories import (
    ArticleCategoryFactory,
    ArticleFactory,
    BoardFactory,
    CategoryFactory,
    IdeaBoardFactory,
    IdeaFactory,
    NewUserFactory,
    UserFactory,
)


def build_world() -> SimpleNamespace:
    w = SimpleNamespace()
    w.admin = UserFactory(
        username="root", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True
    )
    w.category = CategoryFactory(name="Connectivity", slug="connectivity")
    w.board = BoardFactory(
        name="NBN & Internet", slug="nbn-internet", category=w.category
    )
    w.other_board = BoardFactory(name="Billing", slug="billing")
    w.asker = UserFactory(username="asker")
    w.replier = UserFactory(username="replier")
    w.question = services.create_thread(
        board=w.board,
        author=w.asker,
        title="NBN drops out every evening",
        body="Every night around 8pm the connection drops for a minute.",
        tags="nbn, dropouts",
    )
    w.reply = services.post_reply(
        w.question, author=w.replier, body="Ask @asker's provider for a line test."
    )
    services.give_kudos(w.reply, by=w.asker)
    w.other_question = services.create_thread(
        board=w.board,
        author=w.replier,
        title="Modem lights blink orange",
        body="The DSL light blinks orange after a storm.",
        tags="modem",
    )
    services.add_me_too(w.other_question, by=w.asker)
    merged = services.create_thread(
        board=w.board,
        author=w.replier,
        title="Orange light on the modem",
        body="Same orange light here since the storm.",
    )
    moderation.merge_threads(merged, into=w.other_question, by=w.admin)
    # A newcomer's question waits for approval.
    w.newcomer = NewUserFactory(username="newcomer")
    w.waiting = services.create_thread(
        board=w.board,
        author=w.newcomer,
        title="Is the new plan worth it?",
        body="Thinking of switching to the faster plan next month.",
    )
    w.expert = UserFactory(username="expert")
    w.certification = accounts.certify_expert(
        w.expert, board=w.board, title="NBN expert", by=w.admin
    )
    w.lee = UserFactory(username="lee")
    w.appointment = moderation.grant_board_moderator(
        w.lee, board=w.other_board, by=w.admin
    )
    moderation.flag_post(w.reply, by=UserFactory(username="flagger"), reason="spam")
    follow_board(w.board, by=w.asker)
    follow_tag(w.question.tags.get(name="nbn"), by=w.asker)
    NotificationSettings.objects.get_or_create(user=w.asker)
    NotificationPreference.objects.create(user=w.asker, kind="kudos", channel="off")
    AcceptReminder.objects.create(thread=w.question, recipient=w.asker)
    BadgeAward.objects.create(user=w.replier, badge="first_answer")
    w.endpoint = WebhookEndpoint.objects.create(
        name="CRM",
        url="https://crm.example.com/hook",
        secret="a-shared-secret",
        events=["thread.created"],
    )
    _deflection_rows(w)
    w.unverified = EmailAddress.objects.create(
        user=w.asker, email="asker@work.example.com", verified=False, primary=False
    )
    SocialAccount.objects.create(user=w.replier, provider="google", uid="1234")
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="forum.notifications.tasks.send_digests",
        backend_name="default",
        run_after=get_date_max(),
        exception_class_path="",
        traceback="",
    )
    # The idea exchange: a board with an idea (read-only in the admin).
    w.idea_board = IdeaBoardFactory(name="App and My Account", slug="app")
    w.idea = IdeaFactory(board=w.idea_board)
    # The knowledge base: a category and an article in each state the admin's
    # actions move from.
    w.kb_category = ArticleCategoryFactory(name="NBN & Internet", slug="nbn")
    w.article_in_review = knowledge.create_article(
        by=w.admin, category=w.kb_category, title="Fixing evening dropouts",
        body="Ask for a line test.", boards=[w.board],
    )  # fmt: skip
    knowledge.submit_article(w.article_in_review, by=w.admin)
    w.article_published = ArticleFactory(category=w.kb_category, owner=w.admin)
    w.article_archived = ArticleFactory(
        category=w.kb_category, owner=w.admin, state="archived"
    )
    _care_rows(w)
    return w


def _care_rows(w) -> None:
    """The care desk's configuration, and a message intake could not file."""
    from forum.care.models import InboundMessage, InboundStatus, ResponseTarget
    from tests.factories import CareTeamFactory, ConnectorFactory

    w.care_team = CareTeamFactory(name="Care Sydney")
    w.connector = ConnectorFactory(name="X care", slug="x-care", team=w.care_team)
    w.response_target = ResponseTarget.objects.create(
        network="twitter", priority="urgent", first_response_minutes=15
    )
    w.inbound_failed = InboundMessage.objects.create(
        connector=w.connector,
        external_id="1790",
        payload={},
        status=InboundStatus.FAILED,
        attempts=5,
        error="KeyError: 'sent_at'",
    )


def _deflection_rows(w) -> None:
    now = timezone.now()
    w.ticket = Ticket.objects.create(
        reference="T-0001",
        source=TicketSource.FORM,
        subject="My NBN drops out",
        email="asker@example.com",
    )
    w.delivery = Delivery.objects.create(
        ticket=w.ticket,
        event="ticket.submitted",
        payload={"reference": "T-0001"},
        status=DeliveryStatus.FAILED,
        attempts=10,
    )
    Journey.objects.create(
        public_id="journey-1", started_at=now, day=now.date(), last_event_at=now
    )
    DailyBoardStats.objects.create(day=now.date(), board=w.board)
    DeflectionSettings.load()
