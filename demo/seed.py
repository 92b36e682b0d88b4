"""Demo content for `manage.py seed_demo`: believable, idempotent, and small."""

import random
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts.models import ExpertCertification, Role, User
from demo import care as demo_care
from demo import ideas as demo_ideas
from demo import knowledge as demo_knowledge
from demo import messages as demo_messages
from demo import moderation as demo_moderation
from demo import threads as demo_threads
from forum import permissions, reputation, services
from forum.models import Board, BoardKind, Category, Post, Thread
from forum.moderation import flood
from forum.notifications import services as notification_services
from forum.notifications.models import (
    BoardFollow,
    EmailFrequency,
    Notification,
    NotificationSettings,
    TagFollow,
)
from forum.reputation.models import Rank

DEMO_PASSWORD = "crowd-demo-2026"  # not a secret  # nosec B105

# username, display name, role, expert title, board slug of the certification
# ("*" for all boards)
DEMO_ACCOUNTS = [
    ("admin", "Alex Admin", Role.ADMINISTRATOR, "", ""),
    ("morgan", "Morgan Blake", Role.MODERATOR, "", ""),
    ("sam", "Sam Support-Lead", Role.MANAGER, "", ""),
    ("agent", "Ash Patel", Role.AGENT, "", ""),
    ("ethan", "Ethan Ng", Role.CUSTOMER, "NBN expert", "nbn-internet"),
    ("priya", "Priya Raman", Role.CUSTOMER, "Community expert", "*"),
    ("carla", "Carla Jones", Role.CUSTOMER, "", ""),
    ("dan", "Dan Okafor", Role.CUSTOMER, "", ""),
    ("lee", "Lee Wong", Role.CUSTOMER, "", ""),
    ("kim", "Kim Tran", Role.CUSTOMER, "", ""),
]
# Signed up today, so their first post waits in the approval queue; everyone else
# has been a member for a year.
NEW_DEMO_ACCOUNTS = {"kim"}

# username -> (board slugs, tag names) the demo member follows
DEMO_FOLLOWS = {
    "carla": (["nbn-internet"], ["modem"]),
    "dan": (["billing-account"], ["refund"]),
    "lee": (["mobile"], ["esim", "roaming"]),
    "ethan": (["nbn-internet"], []),
    "priya": ([], ["modem", "billing"]),
}

DEMO_CATEGORIES = [("get-help", "Get help"), ("community", "Community")]

# slug, name, category slug, kind, description
DEMO_BOARDS = [
    (
        "mobile",
        "Mobile",
        "get-help",
        BoardKind.QUESTIONS,
        "Plans, coverage, roaming, eSIM and everything on your phone service.",
    ),
    (
        "nbn-internet",
        "NBN & Internet",
        "get-help",
        BoardKind.QUESTIONS,
        "Home internet: NBN, modems, Wi-Fi, speeds and dropouts.",
    ),
    (
        "billing-account",
        "Billing & Account",
        "get-help",
        BoardKind.QUESTIONS,
        "Bills, payments, charges, account access and moving house.",
    ),
    (
        "devices",
        "Devices",
        "get-help",
        BoardKind.QUESTIONS,
        "Phones, tablets, modems and smart-home gear: set-up and troubleshooting.",
    ),
    (
        "thinking-of-joining",
        "Thinking of joining?",
        "community",
        BoardKind.QUESTIONS,
        "Ask existing customers before you sign up.",
    ),
    (
        "lounge",
        "Community lounge",
        "community",
        BoardKind.DISCUSSION,
        "Introduce yourself, share tips and talk about anything tech.",
    ),
]


@transaction.atomic
def seed_accounts() -> list[User]:
    """Create the demo accounts (verified e-mail, shared password) if missing."""
    users = []
    for username, display_name, role, _, _ in DEMO_ACCOUNTS:
        email = f"{username}@example.com"
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": email,
                "display_name": display_name,
                "role": role,
                "is_staff": role == Role.ADMINISTRATOR,
                "is_superuser": role == Role.ADMINISTRATOR,
                "date_joined": timezone.now()
                - timedelta(days=0 if username in NEW_DEMO_ACCOUNTS else 365),
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        # A daily digest, so loading the demo doesn't print a flood of e-mails.
        NotificationSettings.objects.get_or_create(
            user=user, defaults={"email_frequency": EmailFrequency.DAILY}
        )
        users.append(user)
    return users


@transaction.atomic
def seed_ranks() -> None:
    """Restore the rank ladder if the table is empty (after --reset, say)."""
    if not Rank.objects.exists():
        for min_points, name in reputation.DEFAULT_LADDER:
            Rank.objects.create(min_points=min_points, name=name)
        reputation.forget_ladder()


@transaction.atomic
def seed_follows() -> None:
    """Demo members follow a few boards and tags, so new threads notify them."""
    from taggit.models import Tag

    for username, (board_slugs, tag_names) in DEMO_FOLLOWS.items():
        user = User.objects.get(username=username)
        for board in Board.objects.filter(slug__in=board_slugs):
            BoardFollow.objects.get_or_create(user=user, board=board)
        for name in tag_names:
            tag, _ = Tag.objects.get_or_create(name=name, defaults={"slug": name})
            TagFollow.objects.get_or_create(user=user, tag=tag)


@transaction.atomic
def seed_boards() -> list[Board]:
    """Create the demo categories and boards if missing."""
    categories = {
        slug: Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )[0]
        for position, (slug, name) in enumerate(DEMO_CATEGORIES)
    }
    return [
        Board.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "category": categories[category],
                "kind": kind,
                "description": description,
                "position": position,
            },
        )[0]
        for position, (slug, name, category, kind, description) in enumerate(
            DEMO_BOARDS
        )
    ]


@transaction.atomic
def seed_certifications() -> None:
    """Certify the demo experts (by the demo moderator) if not yet certified."""
    moderator = User.objects.get(username="morgan")
    for username, _, _, title, board_slug in DEMO_ACCOUNTS:
        if not title:
            continue
        board = None if board_slug == "*" else Board.objects.get(slug=board_slug)
        ExpertCertification.objects.get_or_create(
            user=User.objects.get(username=username),
            board=board,
            defaults={"title": title, "certified_by": moderator},
        )


def _backdate(thread: Thread, start, reply_times: list) -> None:
    """Spread a demo thread over time, as if it had happened over days."""
    Post.objects.filter(pk=thread.first_post_id).update(created_at=start)
    replies = list(thread.posts.exclude(pk=thread.first_post_id).order_by("id"))
    first_response = None
    Notification.objects.filter(post_id=thread.first_post_id).update(
        created_at=start, last_event_at=start
    )
    for reply, when in zip(replies, reply_times, strict=True):
        Post.objects.filter(pk=reply.pk).update(created_at=when)
        Notification.objects.filter(post=reply).update(
            created_at=when, last_event_at=when
        )
        if first_response is None and reply.author_id != thread.author_id:
            first_response = when
    last = reply_times[-1] if reply_times else start
    Thread.objects.filter(pk=thread.pk).update(
        created_at=start, last_activity_at=last, first_response_at=first_response
    )
    if thread.solution_post_id:
        Thread.objects.filter(pk=thread.pk).update(
            accepted_at=last + timedelta(minutes=20)
        )


def _seed_thread(rng, board, title, tags, members, experts) -> None:
    asker = rng.choice(members)
    template = rng.choice(demo_threads.QUESTION_BODIES)
    body = template.format(title=title, title_lower=title[0].lower() + title[1:])
    thread = services.create_thread(
        board=board, author=asker, title=title, body=body, tags=tags
    )
    start = timezone.now() - timedelta(days=rng.uniform(0.3, 45))
    answers = demo_threads.ANSWERS[board.slug]
    reply_count = min(rng.choice([0, 1, 1, 2, 2, 3, 4]), len(answers))
    helpers = [m for m in members + experts if m != asker]
    when = start + timedelta(minutes=rng.randint(4, 240))
    reply_times, replies = [], []
    for answer in rng.sample(answers, k=reply_count):
        author = rng.choice(helpers)
        replies.append(services.post_reply(thread, author=author, body=answer))
        reply_times.append(when)
        when += timedelta(minutes=rng.randint(10, 600))
    for reply in replies:
        for fan in rng.sample(helpers + [asker], k=rng.randint(0, 4)):
            if fan != reply.author:
                services.give_kudos(reply, by=fan)
    if replies and board.is_questions and rng.random() < 0.6:
        # Nobody verifies their own answer: the verifier is another expert.
        expert = next(
            (
                e
                for e in experts
                if permissions.is_expert_for(e, board) and e != replies[0].author
            ),
            None,
        )
        accepter = expert if expert and rng.random() < 0.4 else asker
        services.accept_solution(thread, post=replies[0], by=accepter)
        thread.refresh_from_db()
    _backdate(thread, start, reply_times)


def seed_threads() -> None:
    """Create the demo conversations that don't exist yet (deterministic)."""
    rng = random.Random(2026)  # seeded demo data, not security  # nosec B311
    members = list(User.objects.filter(username__in=["carla", "dan", "lee", "sam"]))
    experts = list(User.objects.filter(username__in=["ethan", "priya", "morgan"]))
    existing = set(Thread.objects.values_list("title", flat=True))
    for slug, threads in demo_threads.THREADS.items():
        board = Board.objects.get(slug=slug)
        for title, tags in threads:
            if title in existing:
                continue
            with transaction.atomic():
                _seed_thread(rng, board, title, tags, members, experts)
    for board in Board.objects.all():
        latest = board.threads.order_by("-last_activity_at").first()
        board.last_activity_at = latest.last_activity_at if latest else None
        board.save(update_fields=["last_activity_at"])


def seed_journeys() -> None:
    """Thirty days of support journeys, so the deflection report is alive; then the
    daily aggregates are built (skipped when journeys already exist)."""
    from demo.journeys import seed_demo_journeys

    seed_demo_journeys()


def seed_all() -> None:
    # The demo writes a community's worth of posts in seconds.
    with flood.exempt():
        seed_ranks()
        seed_accounts()
        seed_boards()
        seed_certifications()
        seed_follows()
        seed_threads()
        # Before the knowledge base and ideas: an empty audit log is its marker.
        demo_moderation.seed_moderation()
        demo_knowledge.seed_knowledge()
        demo_messages.seed_messages()
        demo_ideas.seed_ideas()
        # After the threads and the knowledge base: replies link to them.
        demo_care.seed_care()
        # Askers of unsolved questions whose first reply is old enough get a
        # reminder.
        notification_services.send_accept_reminders()
        seed_read_notifications()

    # Last, so the journeys can point at whatever demo threads exist by then.
    seed_journeys()


def seed_read_notifications() -> None:
    """Members have read what is more than a week old, as real members would."""
    week_ago = timezone.now() - timedelta(days=7)
    Notification.objects.filter(
        read_at__isnull=True, last_event_at__lt=week_ago
    ).update(read_at=timezone.now())


def account_summary() -> list[tuple[str, str, str]]:
    """(username, e-mail, what the account shows off) for the printed table."""
    rows = []
    for username, _, role, title, board_slug in DEMO_ACCOUNTS:
        label = Role(role).label
        if title:
            scope = "all boards" if board_slug == "*" else board_slug
            label = f"certified expert: {title} ({scope})"
        label = demo_moderation.ACCOUNT_NOTES.get(username, label)
        rows.append((username, f"{username}@example.com", label))
    return rows
