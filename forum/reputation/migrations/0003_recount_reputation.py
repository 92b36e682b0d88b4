"""Recount every member's reputation now that expert-verified solutions earn a bonus:
1 point per kudos received, 10 per accepted solution, 15 when an expert or moderator
accepted it; nothing for answering one's own question."""

from django.db import migrations
from django.db.models import F, Case, IntegerField, OuterRef, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

KUDOS_POINTS = 1
SOLUTION_POINTS = 10
VERIFIED_POINTS = 15


def recount(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Thread = apps.get_model("forum", "Thread")
    value = Case(
        When(accepted_as__in=["expert", "moderator"], then=Value(VERIFIED_POINTS)),
        default=Value(SOLUTION_POINTS),
        output_field=IntegerField(),
    )
    solutions = (
        Thread.objects.filter(solution_post__author=OuterRef("pk"))
        .exclude(author=OuterRef("pk"))
        .order_by()
        .values("solution_post__author")
        .annotate(points=Sum(value))
        .values("points")
    )
    User.objects.update(
        reputation=F("kudos_received") * KUDOS_POINTS
        + Coalesce(Subquery(solutions), 0)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reputation", "0002_seed_rank_ladder"),
        ("accounts", "0002_user_kudos_received_user_post_count_user_reputation_and_more"),
        ("forum", "0002_board_last_activity_at_board_post_count_and_more"),
    ]

    operations = [migrations.RunPython(recount, migrations.RunPython.noop)]
