"""Ranks and "Verified helper" given sparingly enough to mean something.

The ladder's rungs move up (20/100/300/750/2000 points instead of 10/50/150/400/1000)
where they still hold the names the first ladder gave them; a rung an administrator
renamed or added is left alone. "Verified helper" now takes three answers accepted by
an expert or a moderator over at least fourteen days: awards that do not meet that are
withdrawn, so the badge says the same thing for everyone who wears it. The reasons are
in docs/decisions.md ("Ranks and Verified helper").
"""

from django.db import migrations
from django.db.models import Count, F, Max, Min

# (old minimum, new minimum, name)
MOVES = [
    (10, 20, "Contributor"),
    (50, 100, "Helper"),
    (150, 300, "Trusted helper"),
    (400, 750, "Community champion"),
    (1000, 2000, "Community legend"),
]
VERIFIED_HELPER = "expert-verified"
SOLUTIONS_NEEDED = 3
SPAN_DAYS_NEEDED = 14


def _move(apps, moves):
    Rank = apps.get_model("reputation", "Rank")
    # Highest first going up, lowest first going down: a rung never lands on a
    # minimum another still holds.
    for old, new, name in moves:
        Rank.objects.filter(min_points=old, name=name).update(min_points=new)


def raise_ladder(apps, schema_editor):
    _move(apps, sorted(MOVES, reverse=True))


def lower_ladder(apps, schema_editor):
    _move(apps, [(new, old, name) for old, new, name in MOVES])


def withdraw_unearned_verified_helpers(apps, schema_editor):
    BadgeAward = apps.get_model("reputation", "BadgeAward")
    Thread = apps.get_model("forum", "Thread")
    holders = BadgeAward.objects.filter(badge=VERIFIED_HELPER).values_list(
        "user_id", flat=True
    )
    records = (
        Thread.objects.filter(
            solution_post__author__in=list(holders),
            solution_post__is_hidden=False,
            is_hidden=False,
            accepted_as__in=["expert", "moderator"],
        )
        .exclude(author_id=F("solution_post__author_id"))
        .exclude(accepted_by_id=F("solution_post__author_id"))
        .order_by()
        .values("solution_post__author_id")
        .annotate(n=Count("pk"), first=Min("accepted_at"), last=Max("accepted_at"))
    )
    earned = {
        row["solution_post__author_id"]
        for row in records
        if row["n"] >= SOLUTIONS_NEEDED
        and (row["last"] - row["first"]).days >= SPAN_DAYS_NEEDED
    }
    BadgeAward.objects.filter(badge=VERIFIED_HELPER).exclude(
        user_id__in=earned
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reputation", "0003_recount_reputation"),
        ("forum", "0002_board_last_activity_at_board_post_count_and_more"),
    ]

    operations = [
        migrations.RunPython(raise_ladder, lower_ladder),
        # Withdrawn awards cannot be told apart from never-given ones afterwards.
        migrations.RunPython(
            withdraw_unearned_verified_helpers, migrations.RunPython.noop
        ),
    ]
