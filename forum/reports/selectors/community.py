"""The community health and engagement report: members, contributions, answers and
solutions for a period and board, against the period before.

For a standard period (the last 7, 30 or 90 days) the report reads the figures the
aggregation run stored in the period's rollup (``community_rollup.py``): counting
posts, kudos and members live costs about a second at half a million posts. Custom
dates, a period not built yet, or one built under another query threshold are
counted live here, by ``community_figures``, the function whose result the run
stores, so the two cannot disagree. Contributions, members and answers are counted
in SQL (posts by ``created_at``, solutions by ``accepted_at``, members by
``date_joined``): distinct counts such as active members cannot be summed from daily
rows. The period and the one before are read together, one pass over their posts for
the day counts and one for the distinct members. Views and visitors come from the
deflection module's daily aggregates, which outlive the raw events. The whole report
is cached for a few minutes per period and board (docs/reports.md has the measured
cost).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta

from django.db import connection
from django.db.models import (
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from forum import caching
from forum.deflection.models import DailyBoardStats, DailyThreadStats
from forum.deflection.selectors.health import community_health
from forum.deflection.selectors.report import ReportFilter, period_rollup
from forum.models import Kudos, Post, Thread
from forum.reports.charts import Series, trend_chart
from forum.reports.figures import compare_headlines, previous_period
from forum.reports.selectors.community_rollup import stored_figures_and_time

CACHE_SECONDS = 300
TOP_CONTRIBUTORS = 10
STAFF_ROLES = (Role.MODERATOR, Role.MANAGER, Role.ADMINISTRATOR)
COMMUNITY_SERIES = [
    Series("threads", _("New threads"), "series-brand"),
    Series("replies", _("Replies"), "series-muted"),
]
# The headline figures, how to compare each, and whether more is better.
HEADLINES = {
    "new_members": ("count", True),
    "active_members": ("count", True),
    "posting_members": ("count", True),
    "page_views": ("count", True),
    "visitors": ("count", True),
    "threads": ("count", True),
    "replies": ("count", True),
    "solutions": ("count", True),
    "answer_rate": ("rate", True),
    "solution_rate": ("rate", True),
    "within_target_share": ("rate", True),
    "median_first_response": ("duration", False),
    "median_time_to_solution": ("duration", False),
    "staff_replies": ("count", True),
    "expert_replies": ("count", True),
}


def bounds(report: ReportFilter) -> tuple[datetime, datetime]:
    """The period's first and last local days as [start, end) instants."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(report.start, time.min, tzinfo=zone)
    end = datetime.combine(report.end + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def community_report(report: ReportFilter) -> dict:
    """Everything the community page shows (a fixed number of queries): from the
    period's rollup when the last aggregation run stored its figures, else live."""
    board = report.board.pk if report.board is not None else "all"
    counted = caching.remember(
        [],
        ("community-report", report.start, report.end, board),
        lambda: _counted(report),
        timeout=CACHE_SECONDS,
    )
    # Derived after the cache: the changes are sentences in the reader's language.
    return _present(counted)


def _counted(report: ReportFilter) -> dict:
    """The page's numbers and when they were counted: by the last aggregation run
    when it stored them, else now."""
    stored = stored_figures_and_time(report)
    if stored is None:
        figures, counted_at = community_figures(report), timezone.now()
    else:
        figures, counted_at = stored
    return {**figures, "counted_at": counted_at}


def community_figures(report: ReportFilter) -> dict:
    """The report's numbers counted now: both periods' summaries, the daily trend
    and the top contributors (what the aggregation run stores for a rollup)."""
    before = previous_period(report)
    # Both periods are read together: one pass over their posts, not one per period.
    both = replace(report, start=before.start)
    days = daily_counts(both)
    members = distinct_members(both, split=bounds(report)[0])
    return {
        "summary": _period_summary(report, days, members["current"]),
        "previous": _period_summary(before, days, members["previous"]),
        "trend": [days[day] for day in report.days],
        "top_contributors": top_contributors(report),
    }


def _present(figures: dict) -> dict:
    """The numbers with what the page derives from them: changes and the chart."""
    summary, previous = figures["summary"], figures["previous"]
    return {
        **figures,
        "changes": compare_headlines(summary, previous, HEADLINES),
        "chart": trend_chart(
            figures["trend"],
            series=COMMUNITY_SERIES,
            title=_("Posts per day: new threads and replies"),
        ),
    }


def engagement_summary(report: ReportFilter) -> dict:
    """The headline figures for one period and board."""
    members = distinct_members(report, split=bounds(report)[0])
    return _period_summary(report, daily_counts(report), members["current"])


def _posts(report: ReportFilter, start: datetime, end: datetime):
    posts = Post.objects.public().filter(
        created_at__gte=start, created_at__lt=end, thread__is_hidden=False
    )
    if report.board is not None:
        posts = posts.filter(thread__board=report.board)
    return posts


def _solutions(report: ReportFilter, start: datetime, end: datetime):
    solved = Thread.objects.public().filter(accepted_at__gte=start, accepted_at__lt=end)
    if report.board is not None:
        solved = solved.filter(board=report.board)
    return solved


def _period_summary(report: ReportFilter, days: dict, members: dict) -> dict:
    """One period's figures: the day counts summed, its distinct members, and what
    is read per period (waits, views, community health)."""
    start, end = bounds(report)
    totals = {
        name: sum(days[day][name] for day in report.days)
        for name in ("threads", "replies", "staff_replies", "solutions", "new_members")
    }
    health = community_health(report, rollup=period_rollup(report))
    return {
        **totals,
        **members,
        "median_time_to_solution": median_time_to_solution(report, start, end),
        **_views(report),
        "questions": health["new"],
        "answer_rate": health["answered_share"],
        "solution_rate": health["solved_share"],
        "within_target_share": health["within_target_share"],
        "target_minutes": health["target_minutes"],
        "median_first_response": health["median_first_response"],
        "expert_replies": health["expert_replies"],
        "active_experts": health["active_experts"],
        "expert_solutions": health["expert_solutions"],
        "busiest_experts": [
            {
                "username": row.user.username,
                "name": row.user.display_name or row.user.username,
                "replies": row.replies,
                "solutions": row.solutions,
            }
            for row in health["busiest_experts"]
        ],
    }


def distinct_members(report: ReportFilter, *, split: datetime) -> dict:
    """Active members (who posted or gave kudos), posting members and staff who
    posted, before ``split`` ("previous") and from it ("current"): distinct counts
    cannot be summed from days, so this is one pass over the period's posts and
    kudos, counting each member once per period."""
    start, end = bounds(report)
    is_staff = Q(author__role__in=STAFF_ROLES) | Q(author__is_superuser=True)
    posts = (
        _posts(report, start, end)
        .order_by()
        .values(
            member=F("author_id"),
            at=F("created_at"),
            posted=Value(1),
            staff=Case(When(is_staff, then=Value(1)), default=Value(0)),
        )
    )
    kudos = Kudos.objects.filter(created_at__gte=start, created_at__lt=end)
    if report.board is not None:
        kudos = kudos.filter(post__thread__board=report.board)
    kudos = kudos.order_by().values(
        member=F("user_id"), at=F("created_at"), posted=Value(0), staff=Value(0)
    )
    activity, params = posts.union(kudos, all=True).query.sql_with_params()
    split_value = connection.ops.adapt_datetimefield_value(split)
    counts = []
    for side in (">=", "<"):
        for condition in ("1 = 1", "posted = 1", "staff = 1"):
            counts.append(
                f"COUNT(DISTINCT CASE WHEN at {side} %s AND {condition} "
                "THEN member END)"
            )
    # The SQL around the union is fixed text; every value travels as a parameter.
    statement = f"SELECT {', '.join(counts)} FROM ({activity}) activity"  # noqa: S608  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(statement, [split_value] * len(counts) + list(params))
        row = cursor.fetchone()
    names = ("active_members", "posting_members", "active_staff")
    return {
        "current": dict(zip(names, row[:3], strict=True)),
        "previous": dict(zip(names, row[3:], strict=True)),
    }


def median_time_to_solution(
    report: ReportFilter, start: datetime, end: datetime
) -> timedelta | None:
    """The median wait from question to accepted solution, over solutions accepted
    in the period (two queries: a count, then the middle one or two)."""
    waits = _solutions(report, start, end).annotate(
        wait=_duration(F("accepted_at") - F("created_at"))
    )
    count = waits.count()
    if not count:
        return None
    ordered = waits.order_by("wait").values_list("wait", flat=True)
    middle = list(ordered[(count - 1) // 2 : count // 2 + 1])
    return sum(middle, timedelta()) / len(middle)


def _duration(expression) -> ExpressionWrapper:
    return ExpressionWrapper(expression, output_field=DurationField())


def _views(report: ReportFilter) -> dict:
    """Threads opened on support journeys, and visitors with a journey (distinct per
    day, summed over the period's days), from the daily aggregates."""
    in_period = {"day__gte": report.start, "day__lte": report.end}
    if report.board is not None:
        in_period["board"] = report.board
    opened = DailyThreadStats.objects.filter(**in_period).aggregate(n=Sum("opened"))
    visitors = DailyBoardStats.objects.filter(**in_period).aggregate(n=Sum("visitors"))
    return {"page_views": opened["n"] or 0, "visitors": visitors["n"] or 0}


def daily_counts(report: ReportFilter) -> dict:
    """Per local day of the period: new threads, replies, staff replies, solutions
    accepted and members who joined (three grouped queries)."""
    start, end = bounds(report)
    is_first = Q(thread__first_post=F("pk"))
    is_staff = Q(author__role__in=STAFF_ROLES) | Q(author__is_superuser=True)
    zone = timezone.get_current_timezone()
    posts = (
        _posts(report, start, end)
        .annotate(day=TruncDate("created_at", tzinfo=zone))
        .values("day")
        .annotate(
            threads=Count("pk", filter=is_first),
            replies=Count("pk", filter=~is_first),
            staff_replies=Count("pk", filter=~is_first & is_staff),
        )
        .order_by()
    )
    solutions = (
        _solutions(report, start, end)
        .annotate(day=TruncDate("accepted_at", tzinfo=zone))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    # Members belong to no board: the board filter does not narrow them.
    members = (
        User.objects.filter(date_joined__gte=start, date_joined__lt=end, is_active=True)
        .annotate(day=TruncDate("date_joined", tzinfo=zone))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_day = {row["day"]: row for row in posts}
    solved = {row["day"]: row["n"] for row in solutions}
    joined = {row["day"]: row["n"] for row in members}
    return {
        day: {
            "day": day,
            "threads": by_day.get(day, {}).get("threads", 0),
            "replies": by_day.get(day, {}).get("replies", 0),
            "staff_replies": by_day.get(day, {}).get("staff_replies", 0),
            "solutions": solved.get(day, 0),
            "new_members": joined.get(day, 0),
        }
        for day in report.days
    }


def top_contributors(report: ReportFilter) -> list[dict]:
    """The members with the most public posts in the period, their solutions
    accepted in it, and whether they are staff (listed as such). Two queries."""
    start, end = bounds(report)
    rows = list(
        _posts(report, start, end)
        .values(
            "author",
            "author__username",
            "author__display_name",
            "author__role",
            "author__is_superuser",
        )
        .annotate(posts=Count("pk"))
        .order_by("-posts", "author__username")[:TOP_CONTRIBUTORS]
    )
    solutions = dict(
        _solutions(report, start, end)
        .filter(solution_post__author__in=[row["author"] for row in rows])
        .values("solution_post__author")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("solution_post__author", "n")
    )
    return [
        {
            "username": row["author__username"],
            "name": row["author__display_name"] or row["author__username"],
            "posts": row["posts"],
            "solutions": solutions.get(row["author"], 0),
            "is_staff": row["author__role"] in STAFF_ROLES
            or row["author__is_superuser"],
        }
        for row in rows
    ]
