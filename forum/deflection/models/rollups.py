"""Per-period rollups: the report's query and thread tables, its community health
and the community report's figures for the standard periods, computed by the
aggregation job instead of on every report."""

from django.db import models
from django.db.models import Q


class PeriodRollup(models.Model):
    """The ranked tables of one standard period (``first_day`` to ``last_day``) for
    one board, or for all boards when ``board`` is empty.

    Unlike the daily aggregates, an empty board here means all boards: the report
    cannot ask for journeys without a board on their own.
    """

    first_day = models.DateField()
    last_day = models.DateField()
    board = models.ForeignKey(
        "forum.Board",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # The query threshold (DEFLECTION_MIN_JOURNEYS_PER_QUERY) the queries were
    # ranked with: under another one the "other" rows would differ.
    min_journeys = models.PositiveIntegerField()
    built_at = models.DateTimeField()
    # Community health for the period, as the report shows it, refreshed by every
    # run: live numbers, but over every thread and post of the period.
    health = models.JSONField(null=True, blank=True)
    health_built_at = models.DateTimeField(null=True, blank=True)
    # The community report's figures for the period and the one before it
    # (forum/reports/selectors/community_rollup.py), recounted by every run like
    # the health: posts, kudos and members counted live cost seconds at scale.
    community = models.JSONField(null=True, blank=True)
    community_built_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["first_day", "last_day", "board"],
                condition=Q(board__isnull=False),
                name="rollup_one_per_board_period",
            ),
            models.UniqueConstraint(
                fields=["first_day", "last_day"],
                condition=Q(board__isnull=True),
                name="rollup_one_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_day} to {self.last_day} board {self.board_id or 'all'}"


class PeriodRollupQuery(models.Model):
    """One row of the ranked query tables: a listed query with its rank in each
    table it appears in, or one table's "other" row (queries used by too few
    journeys, summed)."""

    rollup = models.ForeignKey(
        PeriodRollup, on_delete=models.CASCADE, related_name="queries"
    )
    # "listed", or the table ("top", "zero", "low", "ticket") an "other" row sums.
    part = models.CharField(max_length=8)
    query = models.CharField(max_length=200, blank=True)
    journeys = models.PositiveBigIntegerField(default=0)
    searches = models.PositiveBigIntegerField(default=0)
    zero_result_searches = models.PositiveBigIntegerField(default=0)
    journeys_with_results = models.PositiveBigIntegerField(default=0)
    clicked_journeys = models.PositiveBigIntegerField(default=0)
    tickets = models.PositiveBigIntegerField(default=0)
    deflected = models.PositiveBigIntegerField(default=0)
    top_rank = models.PositiveIntegerField(null=True, blank=True)
    zero_rank = models.PositiveIntegerField(null=True, blank=True)
    low_rank = models.PositiveIntegerField(null=True, blank=True)
    ticket_rank = models.PositiveIntegerField(null=True, blank=True)
    # 1 for a listed query; for an "other" row, how many queries it sums.
    queries = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.part} {self.query!r}"


class PeriodRollupThread(models.Model):
    """A thread ranked in at least one of the report's thread tables."""

    rollup = models.ForeignKey(
        PeriodRollup, on_delete=models.CASCADE, related_name="threads"
    )
    thread = models.ForeignKey(
        "forum.Thread", on_delete=models.CASCADE, related_name="+"
    )
    opened = models.PositiveBigIntegerField(default=0)
    deflected = models.PositiveBigIntegerField(default=0)
    confirmed = models.PositiveBigIntegerField(default=0)
    failed = models.PositiveBigIntegerField(default=0)
    question_deflected = models.PositiveBigIntegerField(default=0)
    deflected_rank = models.PositiveIntegerField(null=True, blank=True)
    failed_rank = models.PositiveIntegerField(null=True, blank=True)
    question_deflected_rank = models.PositiveIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"thread {self.thread_id} in rollup {self.rollup_id}"


class PeriodRollupArticle(models.Model):
    """An article ranked in at least one of the report's article tables."""

    rollup = models.ForeignKey(
        PeriodRollup, on_delete=models.CASCADE, related_name="articles"
    )
    article = models.ForeignKey(
        "knowledge.Article", on_delete=models.CASCADE, related_name="+"
    )
    opened = models.PositiveBigIntegerField(default=0)
    deflected = models.PositiveBigIntegerField(default=0)
    confirmed = models.PositiveBigIntegerField(default=0)
    failed = models.PositiveBigIntegerField(default=0)
    helpful_yes = models.PositiveBigIntegerField(default=0)
    helpful_no = models.PositiveBigIntegerField(default=0)
    deflected_rank = models.PositiveIntegerField(null=True, blank=True)
    failed_rank = models.PositiveIntegerField(null=True, blank=True)
    helpful_rank = models.PositiveIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"article {self.article_id} in rollup {self.rollup_id}"
