"""Demo idea boards and ideas, posted, voted and commented on by the demo members
through the services, so counters, follows and notifications are real. Statuses
are staff's answers and come from their own demo step."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from demo.idea_statuses import answer_demo_ideas
from forum.ideas import services
from forum.ideas.models import Idea, IdeaBoard, IdeaComment, IdeaVote

# slug, name, description
IDEA_BOARDS = [
    (
        "app-and-account",
        "App and My Account",
        "Ideas for the app and the online account: usage, bills, settings.",
    ),
    (
        "plans-and-billing",
        "Plans and Billing",
        "Ideas for plans, add-ons, payments and the way bills work.",
    ),
    (
        "network-and-coverage",
        "Network and Coverage",
        "Ideas for mobile coverage, NBN, outages and how we tell you about them.",
    ),
]

# board slug, author, title, description, tags, days ago, voters, comments
# (author, text)
IDEAS = [
    (
        "app-and-account",
        "carla",
        "Show data usage per day in the app",
        "The app shows what I've used this month, but not **when**. A daily chart "
        "would show which day a video call ate 3 GB, before the bill does.",
        ["app", "data"],
        40,
        ["dan", "lee", "kim", "ethan", "priya", "morgan"],
        [("dan", "Yes! Hourly would be even better for the kids' tablets.")],
    ),
    (
        "app-and-account",
        "lee",
        "Dark mode for the app",
        "Checking usage at night is blinding. Please follow the phone's theme.",
        ["app"],
        25,
        ["carla", "kim", "priya"],
        [],
    ),
    (
        "app-and-account",
        "dan",
        "Let me add a second person to manage the account",
        "My partner pays half the bills but can't see them without my password. "
        "An *authorised person* login would fix that.",
        ["account", "security"],
        60,
        ["carla", "ethan", "lee", "sam"],
        [("carla", "Same here with my elderly mum's account.")],
    ),
    (
        "app-and-account",
        "kim",
        "Push notification when a payment fails",
        "I only found out my card had expired when the late fee arrived.",
        ["app", "payments"],
        3,
        ["dan", "carla"],
        [],
    ),
    (
        "plans-and-billing",
        "dan",
        "Let me choose my bill date",
        "Payday is the 15th but bills arrive on the 1st. Letting customers pick the "
        "date would stop a lot of late payments.",
        ["billing"],
        90,
        ["carla", "lee", "kim", "ethan", "priya", "morgan", "sam"],
        [
            ("priya", "Other providers already do this; it's a small change."),
            ("lee", "+1, I'd move mine to the 20th."),
        ],
    ),
    (
        "plans-and-billing",
        "priya",
        "Pause a mobile plan while travelling",
        "When I'm overseas for two months I pay for a plan I can't use. A pause "
        "(keeping the number) for a small fee would keep me as a customer.",
        ["plans", "roaming"],
        12,
        ["lee", "carla", "dan"],
        [("lee", "Would use this every European summer.")],
    ),
    (
        "plans-and-billing",
        "lee",
        "Roll over unused data to next month",
        "I rarely use my full allowance. Letting unused data roll over once would "
        "feel fairer.",
        ["plans", "data"],
        30,
        ["kim", "dan", "ethan", "priya"],
        [],
    ),
    (
        "plans-and-billing",
        "carla",
        "Itemised PDF bill with each call and text",
        "For work claims I need every call itemised, not just totals.",
        ["billing"],
        8,
        ["sam"],
        [],
    ),
    (
        "network-and-coverage",
        "ethan",
        "Outage map with estimated fix times",
        "When the NBN drops, the first thing everyone does is call. A live outage "
        "map with an estimated fix time would answer most of those calls.",
        ["nbn", "outages"],
        20,
        ["carla", "dan", "lee", "kim", "priya", "morgan", "sam"],
        [
            ("carla", "And let us subscribe to an outage by SMS, please."),
            ("morgan", "Great idea; we'll pass it on to the network team."),
        ],
    ),
    (
        "network-and-coverage",
        "ethan",
        "Live map of network outages in my suburb",
        "Before I restart the modem for the fifth time I'd like to see whether "
        "the whole street is down. A map of current outages would do it.",
        ["nbn", "outages"],
        6,
        ["dan", "lee"],
        [],
    ),
    (
        "network-and-coverage",
        "kim",
        "Wi-Fi calling on more phone models",
        "My house is a coverage black spot and my phone isn't on the Wi-Fi calling "
        "list.",
        ["mobile", "coverage"],
        5,
        ["lee", "ethan"],
        [],
    ),
    (
        "network-and-coverage",
        "priya",
        "Tell me before planned maintenance on my line",
        "Planned NBN work at 2am is fine, but an email the day before would stop me "
        "rebooting the modem for an hour.",
        ["nbn", "outages"],
        15,
        ["dan", "carla", "ethan"],
        [],
    ),
    (
        "network-and-coverage",
        "dan",
        "Coverage checker by street address for 5G",
        "The coverage map is by suburb; I'd like to check my street before buying a "
        "5G phone.",
        ["coverage", "5g"],
        50,
        ["kim", "lee"],
        [],
    ),
]


# The ideas staff answer (demo.idea_statuses.ANSWERS, in order), the last one
# merged into the first as a duplicate.
ANSWERED_IN_ORDER = [
    "Outage map with estimated fix times",
    "Let me choose my bill date",
    "Dark mode for the app",
    "Push notification when a payment fails",
    "Wi-Fi calling on more phone models",
    "Itemised PDF bill with each call and text",
    "Roll over unused data to next month",
    "Live map of network outages in my suburb",
]


def seed_ideas() -> None:
    """Three idea boards and a dozen ideas with votes, comments and staff answers
    (idempotent)."""
    if IdeaBoard.objects.filter(slug=IDEA_BOARDS[0][0]).exists():
        return
    boards = {
        slug: IdeaBoard.objects.create(
            slug=slug, name=name, description=description, position=position
        )
        for position, (slug, name, description) in enumerate(IDEA_BOARDS)
    }
    members = {user.username: user for user in User.objects.all()}
    ideas = {row[2]: _seed_idea(boards, members, *row) for row in IDEAS}
    # Staff answers: every status with its public response, and the suburb
    # outage map merged into the outage map idea it repeats.
    answer_demo_ideas(
        [ideas[title] for title in ANSWERED_IN_ORDER], staff=members["sam"]
    )


def _seed_idea(
    boards, members, slug, author, title, body, tags, days, voters, comments
) -> Idea:
    idea = services.post_idea(
        board=boards[slug], by=members[author], title=title, body=body, tags=tags
    )
    for voter in voters:
        services.vote_for_idea(idea, by=members[voter])
    for commenter, text in comments:
        services.post_idea_comment(idea, by=members[commenter], body=text)
    # Spread over the past weeks, so "newest" and "trending" differ: votes came
    # in over the days after the idea was posted.
    posted = timezone.now() - timedelta(days=days)
    Idea.objects.filter(pk=idea.pk).update(created_at=posted, last_activity_at=posted)
    for n, vote in enumerate(IdeaVote.objects.filter(idea=idea).order_by("pk")):
        when = min(posted + timedelta(days=n * 2 + 1), timezone.now())
        IdeaVote.objects.filter(pk=vote.pk).update(created_at=when)
    IdeaComment.objects.filter(idea=idea).update(
        created_at=min(posted + timedelta(days=1), timezone.now())
    )
    return idea
