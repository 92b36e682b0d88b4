"""The demo knowledge base: a few official articles grown from the demo's
threads, in every state of the workflow (one in review, one draft, one
archived, one past its review date)."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from forum.knowledge import services
from forum.knowledge.models import Article, ArticleCategory
from forum.models import Board, Thread

# slug, name, description
CATEGORIES = [
    ("mobile", "Mobile", "Plans, roaming, eSIM and voicemail."),
    ("nbn-internet", "NBN & Internet", "Connecting, modems, Wi-Fi and dropouts."),
    ("billing-account", "Billing & Account", "Bills, charges, refunds and payments."),
]


@dataclass(frozen=True)
class DemoArticle:
    title: str
    category: str
    board: str
    source: str  # the demo thread it was made from
    owner: str
    state: str  # where the workflow leaves it
    summary: str
    body: str
    tags: str
    age_days: int = 30  # published this long ago
    reviewed_days: int | None = None  # last reviewed (default: when published)


ARTICLES = [
    DemoArticle(
        title="Fixing NBN dropouts that happen every evening",
        category="nbn-internet",
        board="nbn-internet",
        source="NBN drops out every evening around 8pm",
        owner="ethan",
        state="published",
        summary="Evening dropouts are usually line noise or Wi-Fi congestion: "
        "how to tell which, and what to do about each.",
        body=(
            "## Check whether it is the line or the Wi-Fi\n\n"
            "1. Plug a laptop into the modem with an Ethernet cable.\n"
            "2. Leave it connected through the evening.\n"
            "3. If the cable stays up while Wi-Fi drops, it is Wi-Fi congestion; "
            "if both drop, it is the line.\n\n"
            "## Wi-Fi congestion\n\n"
            "Change the 2.4 GHz channel to 1, 6 or 11 in the modem settings, or "
            "use the 5 GHz network where you can.\n\n"
            "## Line faults\n\n"
            "Note the times of the dropouts and ask support for a **line test**. "
            "With a list of times, a technician can find an intermittent fault."
        ),
        tags="nbn, dropouts, wifi",
        age_days=40,
    ),
    DemoArticle(
        title="Turning on international roaming before you travel",
        category="mobile",
        board="mobile",
        source="How do I turn on international roaming for Bali?",
        owner="priya",
        state="published",
        summary="Roaming is off by default: turn it on in the app at least a day "
        "before you fly, and pick a travel pass to cap the cost.",
        body=(
            "1. Open the app and go to **Services › Roaming**.\n"
            "2. Turn on international roaming (it can take up to 24 hours).\n"
            "3. Add a day pass or a travel pack so data is charged at a flat "
            "rate.\n"
            "4. On the phone, turn on *Data roaming* once you land.\n\n"
            "Calls to Australia while away are charged per minute unless your "
            "pack includes them."
        ),
        tags="roaming, travel",
        age_days=320,
        reviewed_days=260,  # past the 180-day review interval
    ),
    DemoArticle(
        title="Activating an eSIM on a new phone",
        category="mobile",
        board="mobile",
        source="eSIM won't activate after switching phones",
        owner="priya",
        state="in_review",
        summary="An eSIM moves to a new phone with a new QR code: the old one "
        "stops working once it has been scanned.",
        body=(
            "1. In the app, choose **Replace eSIM** and pick the new phone.\n"
            "2. Scan the QR code we e-mail you with the new phone, on Wi-Fi.\n"
            "3. Restart the phone; the service starts within 15 minutes.\n\n"
            "If the code says it was already used, ask support for a new one: "
            "each code works once."
        ),
        tags="esim, activation",
    ),
    DemoArticle(
        title="Charged twice in one month: why and how to get a refund",
        category="billing-account",
        board="billing-account",
        source="Charged twice for the same month",
        owner="priya",
        state="published",
        summary="A second charge is usually a failed payment retried, or a plan "
        "change billed part-month; either way the extra amount is refunded.",
        body=(
            "## Why it happens\n\n"
            "- A direct debit that failed once is retried; some banks show both.\n"
            "- Changing plans mid-month bills the old plan up to the change day.\n\n"
            "## Getting the money back\n\n"
            "Open **Billing › Payments** in the app. A duplicate payment shows a "
            "*Refund* button; refunds reach your account in 3 to 5 business days."
        ),
        tags="billing, refund",
        age_days=12,
    ),
    DemoArticle(
        title="Port forwarding on the smart modem",
        category="nbn-internet",
        board="nbn-internet",
        source="Port forwarding for a home security camera",
        owner="ethan",
        state="draft",
        summary="Reach a camera or game server at home from outside.",
        body=(
            "1. Give the camera a fixed address under **LAN › DHCP reservations**.\n"
            "2. Add a rule under **Advanced › Port forwarding** for its port.\n"
            "3. Test from mobile data, not from your own Wi-Fi.\n\n"
            "*To do: the CGNAT case, where a static IP is needed.*"
        ),
        tags="modem, port forwarding",
    ),
    DemoArticle(
        title="Clearing a full voicemail box with the old Visual Voicemail app",
        category="mobile",
        board="mobile",
        source="Voicemail keeps saying my mailbox is full",
        owner="priya",
        state="archived",
        summary="The Visual Voicemail app was retired; this article is kept for "
        "the links that point to it.",
        body=(
            "1. Open Visual Voicemail and tap **Edit**.\n"
            "2. Select the old messages and delete them.\n"
            "3. Sync, so the mailbox on the network is emptied too."
        ),
        tags="voicemail",
        age_days=400,
    ),
]


def _categories() -> dict[str, ArticleCategory]:
    found = {}
    for position, (slug, name, description) in enumerate(CATEGORIES):
        found[slug], _ = ArticleCategory.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "position": position},
        )
    return found


def _source(title: str) -> tuple[Thread | None, User | None]:
    """The demo thread and its answerer, when the thread is solved and has not
    become an article yet."""
    thread = (
        Thread.objects.select_related("solution_post__author")
        .filter(title=title, knowledge_article__isnull=True)
        .first()
    )
    if thread is None or thread.solution_post is None:
        return None, None
    return thread, thread.solution_post.author


def _seed_article(spec: DemoArticle, category, reviewer: User) -> None:
    owner = User.objects.get(username=spec.owner)
    thread, answerer = _source(spec.source)
    article = services.create_article(
        by=owner,
        category=category,
        title=spec.title,
        body=spec.body,
        summary=spec.summary,
        tags=spec.tags,
        boards=list(Board.objects.filter(slug=spec.board)),
        source_thread=thread,
        credited_to=answerer,
        note="First version, from the community's answer.",
    )
    if spec.state == "draft":
        return
    services.submit_article(article, by=owner)
    if spec.state == "in_review":
        return
    services.publish_article(article, by=reviewer)
    now = timezone.now()
    published = now - timedelta(days=spec.age_days)
    reviewed = now - timedelta(days=spec.reviewed_days or spec.age_days)
    Article.objects.filter(pk=article.pk).update(
        created_at=published,
        updated_at=published,
        published_at=published,
        last_reviewed_at=reviewed,
    )
    if spec.state == "archived":
        services.archive_article(article, by=reviewer, note="The app was retired.")


def seed_knowledge() -> None:
    """The demo categories and articles that don't exist yet."""
    categories = _categories()
    reviewer = User.objects.get(username="morgan")
    existing = set(Article.objects.values_list("title", flat=True))
    for spec in ARTICLES:
        if spec.title in existing:
            continue
        with transaction.atomic():
            _seed_article(spec, categories[spec.category], reviewer)
