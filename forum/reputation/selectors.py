"""What the reputation pages read: leaderboards and badges."""

from datetime import datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from forum import reputation
from forum.models import AcceptedAs, Board, Kudos, Post
from forum.permissions import posts_visible_to, staff_members_q, threads_visible_to
from forum.reputation.badges import TIER_ORDER
from forum.reputation.models import BadgeAward

LEADERBOARD_PERIODS = {"30d": 30, "all": None}
LEADERBOARD_SIZE = 20
# Staff answer as part of their job: they get a short table of their own, so that the
# members' table shows customers helping customers.
STAFF_LEADERBOARD_SIZE = 10


def badge_prefetch(path: str) -> Prefetch:
    """Prefetch the badges of the users at ``path``, or of the users themselves (for
    the author partial)."""
    lookup = f"{path}__badge_awards" if path else "badge_awards"
    return Prefetch(lookup, queryset=BadgeAward.objects.all())


def top_badges(user: User, *, limit: int = 3) -> list[BadgeAward]:
    """A member's best badges, gold first, from what was prefetched (no query then)."""
    awards = list(user.badge_awards.all())
    awards.sort(key=lambda award: (TIER_ORDER.get(award.tier, 9), award.awarded_at))
    return awards[:limit]


def _public_posts() -> QuerySet[Post]:
    visitor = AnonymousUser()
    return posts_visible_to(
        visitor, Post.objects.filter(thread__in=threads_visible_to(visitor))
    )


def leaderboard(
    *,
    board: Board | None = None,
    since: datetime | None = None,
    limit: int = 20,
    staff: bool | None = None,
) -> list[User]:
    """Members by points earned (kudos received and accepted solutions, on public
    content, in one board or all, since a time or ever), computed in SQL; each row has
    ``points``, ``kudos`` and ``solutions``. ``staff`` True keeps staff only, False
    customers only (certified experts are customers), None everyone."""
    posts = _public_posts()
    threads = threads_visible_to(AnonymousUser())
    if board is not None:
        posts, threads = posts.filter(thread__board=board), threads.filter(board=board)
    kudos = Kudos.objects.filter(post__in=posts, post__author=OuterRef("pk"))
    solved = threads.filter(
        solution_post__in=posts, solution_post__author=OuterRef("pk")
    ).exclude(author=OuterRef("pk"))
    if since is not None:
        kudos = kudos.filter(created_at__gte=since)
        solved = solved.filter(accepted_at__gte=since)
    verified = [AcceptedAs.EXPERT, AcceptedAs.MODERATOR]
    solution_value = Case(
        When(
            accepted_as__in=verified, then=Value(reputation.solution_points("expert"))
        ),
        default=Value(reputation.SOLUTION_POINTS),
        output_field=IntegerField(),
    )
    kudos_count = kudos.order_by().values("post__author").annotate(n=Count("pk"))
    solution_sum = (
        solved.order_by()
        .values("solution_post__author")
        .annotate(n=Count("pk"), points=Sum(solution_value))
    )
    people = User.objects.filter(is_active=True)
    if staff is not None:
        people = (
            people.filter(staff_members_q())
            if staff
            else people.exclude(staff_members_q())
        )
    members = (
        people.filter(Exists(posts.filter(author=OuterRef("pk"))))
        .annotate(
            kudos=Coalesce(Subquery(kudos_count.values("n")), 0),
            solutions=Coalesce(Subquery(solution_sum.values("n")), 0),
            solution_points=Coalesce(Subquery(solution_sum.values("points")), 0),
        )
        .annotate(points=F("kudos") * reputation.KUDOS_POINTS + F("solution_points"))
        .filter(points__gt=0)
        .order_by("-points", "-solutions", "username")
    )
    return list(members[:limit])


def period_start(period: str, *, now: datetime | None = None) -> datetime | None:
    """Where a leaderboard period starts (None for all time)."""
    days = LEADERBOARD_PERIODS.get(period)
    if days is None:
        return None
    return (now or timezone.now()) - timedelta(days=days)


def member_badges(user: User) -> list[BadgeAward]:
    """All of a member's badges for the profile, gold first."""
    awards = list(BadgeAward.objects.filter(user=user))
    awards.sort(key=lambda award: (TIER_ORDER.get(award.tier, 9), award.awarded_at))
    return awards


def badge_counts() -> dict[str, int]:
    """How many members hold each badge."""
    return dict(
        BadgeAward.objects.values_list("badge").annotate(n=Count("id")).order_by()
    )


def verified_solution_record(user: User) -> tuple[int, int]:
    """How many of the member's public answers an expert or a moderator accepted
    (on others' questions, never self-accepted), and the days between the first and
    the latest of those acceptances; one query."""
    record = (
        threads_visible_to(AnonymousUser())
        .filter(
            solution_post__in=_public_posts(),
            solution_post__author=user,
            accepted_as__in=[AcceptedAs.EXPERT, AcceptedAs.MODERATOR],
        )
        .exclude(author=user)
        .exclude(accepted_by=user)
        .aggregate(n=Count("pk"), first=Min("accepted_at"), last=Max("accepted_at"))
    )
    if not record["n"]:
        return 0, 0
    return record["n"], (record["last"] - record["first"]).days
