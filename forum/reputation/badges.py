"""The badge catalogue: milestones, each with the rule that awards it.

A rule reads the member's counters (kept exact by the forum services) or the facts of
the event that triggered the check (``asked``, ``replied``, ``quick_response``,
``verified_solutions`` and ``verified_span_days``); none of them queries.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

TIER_ORDER = {"gold": 0, "silver": 1, "bronze": 2}


@dataclass(frozen=True)
class Badge:
    slug: str
    name: str
    description: str
    tier: str
    earned: Callable[[object, dict], bool]


def _solutions(count: int) -> Callable[[object, dict], bool]:
    return lambda member, facts: member.solution_count >= count


def _kudos(count: int) -> Callable[[object, dict], bool]:
    return lambda member, facts: member.kudos_received >= count


def _fact(name: str) -> Callable[[object, dict], bool]:
    return lambda member, facts: bool(facts.get(name))


# "Verified helper" says that independent people (experts, moderators) keep vouching for
# this member's answers: several verified solutions, over weeks rather than in one
# afternoon. One verified answer earned it before, and every member who answered in the
# demo held it (docs/decisions.md, "Ranks and Verified helper").
VERIFIED_HELPER_SOLUTIONS = 3
VERIFIED_HELPER_SPAN_DAYS = 14


def _verified_helper(member, facts: dict) -> bool:
    return (
        facts.get("verified_solutions", 0) >= VERIFIED_HELPER_SOLUTIONS
        and facts.get("verified_span_days", 0) >= VERIFIED_HELPER_SPAN_DAYS
    )


CATALOGUE = (
    Badge(
        "first-question",
        _("First question"),
        _("Asked a first question."),
        "bronze",
        _fact("asked"),
    ),
    Badge(
        "first-reply",
        _("First reply"),
        _("Replied to another member's thread."),
        "bronze",
        _fact("replied"),
    ),
    Badge(
        "quick-responder",
        _("Quick responder"),
        _("Gave the first reply to a question within the response target."),
        "bronze",
        _fact("quick_response"),
    ),
    Badge(
        "first-solution",
        _("First solution"),
        _("Had a first answer accepted as the solution."),
        "bronze",
        _solutions(1),
    ),
    Badge(
        "expert-verified",
        _("Verified helper"),
        format_lazy(
            _(
                "Had {solutions} answers accepted by a certified expert or a "
                "moderator, over at least {days} days."
            ),
            solutions=VERIFIED_HELPER_SOLUTIONS,
            days=VERIFIED_HELPER_SPAN_DAYS,
        ),
        "silver",
        _verified_helper,
    ),
    Badge(
        "knowledge-contributor",
        _("Knowledge contributor"),
        _("Had an answer turned into a published knowledge article."),
        "silver",
        _fact("article_credited"),
    ),
    Badge(
        "appreciated",
        _("Appreciated"),
        _("Received 10 kudos."),
        "bronze",
        _kudos(10),
    ),
    Badge(
        "problem-solver",
        _("Problem solver"),
        _("Had 10 answers accepted as solutions."),
        "silver",
        _solutions(10),
    ),
    Badge(
        "community-favourite",
        _("Community favourite"),
        _("Received 100 kudos."),
        "gold",
        _kudos(100),
    ),
    Badge(
        "solution-machine",
        _("Solution machine"),
        _("Had 100 answers accepted as solutions."),
        "gold",
        _solutions(100),
    ),
)

BADGES = {badge.slug: badge for badge in CATALOGUE}
