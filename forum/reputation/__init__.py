"""Reputation points, the rank ladder and badges.

Points are defined here once; the ladder lives in the ``Rank`` table (editable in the
admin) and ``rank_for`` is the one lookup, cached so that list pages never spend a
query per row on it. This module must not import models at import time: it is also
the app's package.
"""

import time

from django.core.cache import cache
from django.utils.translation import gettext_noop

KUDOS_POINTS = 1
SOLUTION_POINTS = 10
# Added to SOLUTION_POINTS when an expert or a moderator accepted (or verified) the
# answer: someone independent vouched for it.
EXPERT_VERIFIED_BONUS = 5
# An accepted answer that reviewers turned into a published knowledge article: worth
# more than the solution itself (it now answers everyone who searches), once per
# article.
KNOWLEDGE_ARTICLE_POINTS = 20

# (minimum points, rank name), lowest first: the ladder the data migrations leave, and
# the one used while the Rank table is empty. Names are stored in English and shown
# translated (forum_tags.rank_name); a rank a manager adds shows as typed. One
# accepted solution is worth 10-15 points, so a Contributor has two solutions (or
# twenty kudos), a Helper about eight, a Trusted helper about twenty-five, and the
# top rungs take a year of steady help.
# The first ladder (10/50/150/...) made six of the demo's nine members "Helper" after
# four solutions: a name everyone carries says nothing (docs/decisions.md, "Ranks
# and Verified helper").
DEFAULT_LADDER = (
    (0, gettext_noop("New member")),
    (20, gettext_noop("Contributor")),
    (100, gettext_noop("Helper")),
    (300, gettext_noop("Trusted helper")),
    (750, gettext_noop("Community champion")),
    (2000, gettext_noop("Community legend")),
)
# Kept for callers of the forum core's name.
RANK_LADDER = list(DEFAULT_LADDER)

LADDER_CACHE_KEY = "reputation:ladder:v1"
# Each process keeps the ladder this long before asking the shared cache again, so a
# page with fifty authors makes no cache round trip per author either. The memo also
# carries the site-wide page generation it was read under: an edit renews that
# generation, so every app server drops its memo on its next request instead of
# rendering (and caching) pages with the old names for up to this long.
LOCAL_LADDER_SECONDS = 30

_local_ladder: tuple[float, str | None, tuple[tuple[int, str], ...]] | None = None


def solution_points(accepted_as: str) -> int:
    """Points one accepted solution is worth, given who accepted it."""
    from forum.models import AcceptedAs

    verified = accepted_as in (AcceptedAs.EXPERT, AcceptedAs.MODERATOR)
    return SOLUTION_POINTS + (EXPERT_VERIFIED_BONUS if verified else 0)


def ladder() -> tuple[tuple[int, str], ...]:
    """The rank ladder, lowest first: process memo, then the shared cache, then one
    query."""
    global _local_ladder
    now = time.monotonic()
    site = _site_generation()
    if _local_ladder is not None:
        expires, generation, rungs = _local_ladder
        if expires > now and generation == site:
            return rungs
    rungs = _cache_call(cache.get, LADDER_CACHE_KEY)
    if rungs is None:
        from forum.reputation.models import Rank

        rungs = tuple(
            Rank.objects.order_by("min_points").values_list("min_points", "name")
        )
        rungs = rungs or DEFAULT_LADDER
        _cache_call(cache.set, LADDER_CACHE_KEY, rungs, timeout=None)
    _local_ladder = (now + LOCAL_LADDER_SECONDS, site, tuple(rungs))
    return _local_ladder[2]


def _site_generation() -> str | None:
    """The site-wide page generation (read once per request by forum.caching), or
    None while the cache is down."""
    from forum import caching

    tokens = caching.generations([caching.SITE])
    return tokens[0] if tokens else None


def _cache_call(method, *args, **kwargs):
    """A cache read or write that degrades to "not cached" while the cache is down:
    the ladder is one small query, so pages keep rendering."""
    from community.faults import CACHE_ERRORS

    try:
        return method(*args, **kwargs)
    except CACHE_ERRORS:
        return None


def forget_ladder() -> None:
    """Drop the cached ladder after an edit: this process at once, the others at
    their next request, since the edit also renews the site generation."""
    global _local_ladder
    _local_ladder = None
    cache.delete(LADDER_CACHE_KEY)


def rank_for(points: int) -> str:
    """The name of the highest rank these points reach."""
    rungs = ladder()
    name = rungs[0][1]
    for minimum, rank_name in rungs:
        if points >= minimum:
            name = rank_name
    return name
