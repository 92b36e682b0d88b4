"""Daily aggregates: what the report reads. Rebuilt per day, idempotently."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyBoardStats(models.Model):
    """One day's journeys for one board (board empty: journeys with no board)."""

    day = models.DateField()
    board = models.ForeignKey(
        "forum.Board",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    journeys = models.PositiveIntegerField(default=0)
    searched_journeys = models.PositiveIntegerField(default=0)
    searches = models.PositiveIntegerField(default=0)
    zero_result_searches = models.PositiveIntegerField(default=0)
    clicks = models.PositiveIntegerField(default=0)
    tickets = models.PositiveIntegerField(default=0)
    deflected = models.PositiveIntegerField(default=0)
    engaged = models.PositiveIntegerField(default=0)
    confirmed = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    question_deflected = models.PositiveIntegerField(default=0)
    # Distinct visitors that day, for the self-service score.
    visitors = models.PositiveIntegerField(default=0)
    ticket_visitors = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = _("daily board stats")
        indexes = [
            models.Index(fields=["day", "board"], name="dstats_board_day"),
            models.Index(fields=["board", "day"], name="dstats_board_first"),
        ]

    def __str__(self) -> str:
        return f"{self.day} board {self.board_id}"


class DailyQueryStats(models.Model):
    """One day's use of one normalised query, per board."""

    day = models.DateField()
    board = models.ForeignKey(
        "forum.Board",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    query = models.CharField(max_length=200)
    journeys = models.PositiveIntegerField(default=0)
    searches = models.PositiveIntegerField(default=0)
    zero_result_searches = models.PositiveIntegerField(default=0)
    # Journeys in which the query returned results / a result was then opened.
    journeys_with_results = models.PositiveIntegerField(default=0)
    clicked_journeys = models.PositiveIntegerField(default=0)
    tickets = models.PositiveIntegerField(default=0)
    deflected = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = _("daily query stats")
        indexes = [
            models.Index(fields=["day", "board"], name="qstats_day_board"),
            models.Index(fields=["query", "day"], name="qstats_query_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.query!r}"


class DailyThreadStats(models.Model):
    """One day's journeys that opened one thread, per journey board."""

    day = models.DateField()
    board = models.ForeignKey(
        "forum.Board",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    thread = models.ForeignKey(
        "forum.Thread", on_delete=models.CASCADE, related_name="+"
    )
    opened = models.PositiveIntegerField(default=0)
    deflected = models.PositiveIntegerField(default=0)
    confirmed = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    question_deflected = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = _("daily thread stats")
        indexes = [
            models.Index(fields=["day", "board"], name="tstats_day_board"),
            models.Index(fields=["thread", "day"], name="tstats_thread_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} thread {self.thread_id}"


class DailyArticleStats(models.Model):
    """One day's journeys that opened one knowledge article, per journey board:
    counted exactly as DailyThreadStats counts threads, plus the journeys'
    "did this help?" answers (yes and no) for the helpfulness table."""

    day = models.DateField()
    board = models.ForeignKey(
        "forum.Board",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    article = models.ForeignKey(
        "knowledge.Article", on_delete=models.CASCADE, related_name="+"
    )
    opened = models.PositiveIntegerField(default=0)
    deflected = models.PositiveIntegerField(default=0)
    confirmed = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    helpful_yes = models.PositiveIntegerField(default=0)
    helpful_no = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = _("daily article stats")
        indexes = [
            models.Index(fields=["day", "board"], name="astats_day_board"),
            models.Index(fields=["article", "day"], name="astats_article_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} article {self.article_id}"


class StatsBuildState(models.Model):
    """Where the last aggregation run got to (one row, pk 1)."""

    events_scanned_until = models.DateTimeField(null=True, blank=True)
    last_run_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Stats built at {self.last_run_at}"

    @classmethod
    def load(cls) -> "StatsBuildState":
        return cls.objects.get_or_create(pk=1)[0]
