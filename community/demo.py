"""Demo content for `manage.py seed_demo`: believable, idempotent, and small."""

from allauth.account.models import EmailAddress
from django.db import transaction

from accounts.models import ExpertCertification, Role, User
from forum.models import Board, BoardKind, Category

DEMO_PASSWORD = "crowd-demo-2026"

# username, display name, role, expert title, board slug of the certification
# ("*" for all boards)
DEMO_ACCOUNTS = [
    ("admin", "Alex Admin", Role.ADMINISTRATOR, "", ""),
    ("morgan", "Morgan (moderator)", Role.MODERATOR, "", ""),
    ("sam", "Sam Support-Lead", Role.MANAGER, "", ""),
    ("ethan", "Ethan Ng", Role.CUSTOMER, "NBN expert", "nbn-internet"),
    ("priya", "Priya Raman", Role.CUSTOMER, "Community expert", "*"),
    ("carla", "Carla Jones", Role.CUSTOMER, "", ""),
    ("dan", "Dan Okafor", Role.CUSTOMER, "", ""),
    ("lee", "Lee Wong", Role.CUSTOMER, "", ""),
]

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
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        users.append(user)
    return users


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


def seed_journeys() -> None:
    """Thirty days of support journeys, so the deflection report is alive; then the
    daily aggregates are built (skipped when journeys already exist)."""
    from forum.deflection.demo import seed_demo_journeys

    seed_demo_journeys()


def seed_all() -> None:
    seed_accounts()
    seed_boards()
    seed_certifications()
    # Last, so the journeys can point at whatever demo threads exist by then.
    seed_journeys()


def account_summary() -> list[tuple[str, str, str]]:
    """(username, e-mail, what the account shows off) for the printed table."""
    rows = []
    for username, _, role, title, board_slug in DEMO_ACCOUNTS:
        label = Role(role).label
        if title:
            scope = "all boards" if board_slug == "*" else board_slug
            label = f"certified expert: {title} ({scope})"
        rows.append((username, f"{username}@example.com", label))
    return rows
