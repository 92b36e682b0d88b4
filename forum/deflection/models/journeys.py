"""Support journeys and the raw events recorded on them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# secrets.token_urlsafe(16) gives 22 characters: 128 random bits.
JOURNEY_ID_LENGTH = 22
# What a journey id looks like when someone outside sends one back.
JOURNEY_ID_PATTERN = r"^[A-Za-z0-9_-]{22}$"
QUERY_MAX_LENGTH = 200
TOP_RESULTS_KEPT = 10


class EventKind(models.TextChoices):
    SEARCH = "search", _("search")
    RESULT_CLICK = "result_click", _("result click")
    THREAD_VIEW = "thread_view", _("thread view")
    # A knowledge article's page: counts wherever a thread view counts as "opened".
    ARTICLE_VIEW = "article_view", _("article view")
    HELPFUL_YES = "helpful_yes", _("said it helped")
    HELPFUL_NO = "helpful_no", _("said it did not help")
    TICKET_STARTED = "ticket_started", _("opened the contact form")
    TICKET_SUBMITTED = "ticket_submitted", _("submitted a ticket")
    # Needed for question deflection: a visitor who opened an ask-page suggestion
    # and then posted anyway was not deflected.
    QUESTION_POSTED = "question_posted", _("posted a question")


class EventSource(models.TextChoices):
    SEARCH_PAGE = "search_page", _("search page")
    ASK_SUGGESTIONS = "ask_suggestions", _("ask-a-question suggestions")
    CONTACT_SUGGESTIONS = "contact_suggestions", _("contact-support suggestions")
    API = "api", _("API or widget")


class Journey(models.Model):
    """One visitor's attempt to get help, from the first search until they go quiet.

    Rows are materialised from events by the aggregation job, so that recording an
    event on the request path is a single INSERT; ``public_id`` is the opaque id kept
    in the visitor's session and sent to the helpdesk.
    """

    public_id = models.CharField(max_length=JOURNEY_ID_LENGTH, unique=True)
    # HMAC of the session key (keyed with SECRET_KEY): counts visitors, reveals none.
    session_hash = models.CharField(max_length=64, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Who counts as one visitor for the self-service score: the member when
    # signed in, else the hashed session.
    visitor = models.CharField(max_length=80, blank=True)
    board = models.ForeignKey(
        "forum.Board",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The board of the first search (its filter, else its top result)."),
    )
    started_at = models.DateTimeField()
    # The local date of started_at: the day the journey's numbers are counted on.
    day = models.DateField()
    last_event_at = models.DateTimeField()
    last_search_at = models.DateTimeField(null=True, blank=True)
    is_ended = models.BooleanField(default=False)
    ended_at = models.DateTimeField(null=True, blank=True)
    # Final once the ticket window after the last search has passed too; a late
    # helpdesk report clears it so the next build recomputes the journey.
    is_final = models.BooleanField(default=False)
    needs_rebuild = models.BooleanField(default=False)

    # Outcomes, computed when the journey ends (see services.outcomes).
    search_count = models.PositiveIntegerField(default=0)
    zero_result_searches = models.PositiveIntegerField(default=0)
    click_count = models.PositiveIntegerField(default=0)
    searched = models.BooleanField(default=False)
    clicked = models.BooleanField(default=False)
    engaged = models.BooleanField(default=False)
    confirmed_helpful = models.BooleanField(default=False)
    ticket = models.BooleanField(default=False)
    deflected = models.BooleanField(default=False)
    failed = models.BooleanField(default=False)
    question_deflected = models.BooleanField(default=False)
    # Per-query and per-thread facts the daily rebuild needs (see outcomes.py).
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["day", "board"], name="journey_day_board"),
            models.Index(
                fields=["last_event_at"],
                condition=models.Q(is_final=False),
                name="journey_open",
            ),
            models.Index(fields=["last_event_at"], name="journey_last_event"),
        ]

    def __str__(self) -> str:
        return f"Journey {self.public_id}"


class JourneyEvent(models.Model):
    """Something a visitor did on a journey; one INSERT each, never updated except
    to merge a keystroke burst into one search."""

    journey = models.ForeignKey(
        Journey,
        to_field="public_id",
        db_column="journey_key",
        # The journey row is created later, by the aggregation job.
        db_constraint=False,
        # event_journey_time (journey, created_at) serves lookups by journey; two
        # more indexes on the key would only slow the INSERT on every search.
        db_index=False,
        on_delete=models.DO_NOTHING,
        related_name="events",
    )
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    source = models.CharField(max_length=20, choices=EventSource.choices, blank=True)
    session_hash = models.CharField(max_length=64, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    board = models.ForeignKey(
        "forum.Board",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Masked: e-mail addresses and long digit runs never reach the database.
    query = models.CharField(max_length=QUERY_MAX_LENGTH, blank=True)
    normalised_query = models.CharField(max_length=QUERY_MAX_LENGTH, blank=True)
    result_count = models.PositiveIntegerField(null=True, blank=True)
    top_thread_ids = models.JSONField(default=list, blank=True)
    # Search hits are threads or knowledge articles; each keeps its own id list.
    top_article_ids = models.JSONField(default=list, blank=True)
    thread = models.ForeignKey(
        "forum.Thread",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Set instead of ``thread`` when the click, view or answer was on an article.
    article = models.ForeignKey(
        "knowledge.Article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["journey", "created_at"], name="event_journey_time"),
            models.Index(fields=["created_at"], name="event_created"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.journey_id}"
