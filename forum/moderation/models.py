"""Moderation records: board moderators, flags, the audit log, merged-thread
redirects. Approval and hidden state live on the forum's own rows."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BoardModerator(models.Model):
    """A member who moderates one board; global moderators have the role instead."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="moderated_boards",
    )
    board = models.ForeignKey(
        "forum.Board", on_delete=models.CASCADE, related_name="moderators"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["board__position", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "board"], name="one_board_moderator_record"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} moderates {self.board}"


class FlagReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    ABUSE = "abuse", _("Abusive or harassing")
    OFF_TOPIC = "off_topic", _("Off-topic")
    PERSONAL_INFORMATION = "personal_information", _("Personal information")
    OTHER = "other", _("Something else")


class FlagResolution(models.TextChoices):
    UPHELD = "upheld", _("Upheld: the post was hidden")
    DISMISSED = "dismissed", _("Dismissed")


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)


class Report(models.Model):
    """What every report to the moderators holds, whatever it is about (a post's
    flag, a private message's report): why, a note, and how it was resolved."""

    NOTE_MAX_LENGTH = 500

    reason = models.CharField(max_length=30, choices=FlagReason.choices)
    note = models.CharField(max_length=NOTE_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolution = models.CharField(
        max_length=20, choices=FlagResolution.choices, blank=True
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]


class Flag(Report):
    """One member's report of one post; resolved when a moderator decides."""

    post = models.ForeignKey(
        "forum.Post", on_delete=models.CASCADE, related_name="flags"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags_raised"
    )

    class Meta(Report.Meta):
        constraints = [
            # Once per member and post, even after a dismissal: re-flagging is
            # how a grudge turns into harassment of the author.
            models.UniqueConstraint(fields=["post", "user"], name="one_flag_per_post")
        ]
        indexes = [
            models.Index(
                "post",
                "created_at",
                condition=Q(resolved_at__isnull=True),
                name="flag_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} flag on post {self.post_id}"


class AuditAction(models.TextChoices):
    APPROVE_POST = "approve_post", _("Approved a post")
    HIDE_POST = "hide_post", _("Hid a post")
    AUTO_HIDE_POST = "auto_hide_post", _("Hid a post after flags")
    RESTORE_POST = "restore_post", _("Restored a post")
    DISMISS_FLAGS = "dismiss_flags", _("Dismissed flags")
    DELETE_AS_SPAM = "delete_as_spam", _("Deleted as spam")
    EDIT_POST = "edit_post", _("Edited a post")
    LOCK_THREAD = "lock_thread", _("Locked a thread")
    UNLOCK_THREAD = "unlock_thread", _("Unlocked a thread")
    PIN_THREAD = "pin_thread", _("Pinned a thread")
    UNPIN_THREAD = "unpin_thread", _("Unpinned a thread")
    FEATURE_THREAD = "feature_thread", _("Featured a thread")
    UNFEATURE_THREAD = "unfeature_thread", _("Stopped featuring a thread")
    MOVE_THREAD = "move_thread", _("Moved a thread")
    MERGE_THREAD = "merge_thread", _("Merged a thread")
    SPLIT_THREAD = "split_thread", _("Split a thread")
    SUSPEND_USER = "suspend_user", _("Suspended a member")
    BAN_USER = "ban_user", _("Banned a member")
    LIFT_SUSPENSION = "lift_suspension", _("Lifted a suspension")
    GRANT_BOARD_MODERATOR = "grant_board_moderator", _("Made a board moderator")
    REVOKE_BOARD_MODERATOR = "revoke_board_moderator", _("Removed a board moderator")
    ASSIGN_ROLE = "assign_role", _("Changed a member's role")
    CERTIFY_EXPERT = "certify_expert", _("Certified an expert")
    REVOKE_CERTIFICATION = "revoke_certification", _("Revoked an expert certification")
    ADD_SYNONYM = "add_synonym", _("Added search synonyms")
    CHANGE_SYNONYM = "change_synonym", _("Changed search synonyms")
    DELETE_SYNONYM = "delete_synonym", _("Deleted search synonyms")
    PROMOTE_THREAD = "promote_thread", _("Promoted a thread in search")
    UNPROMOTE_THREAD = "unpromote_thread", _("Stopped promoting a thread in search")
    READ_CONVERSATION = "read_conversation", _("Read a reported private conversation")
    DISMISS_MESSAGE_REPORTS = "dismiss_message_reports", _("Dismissed message reports")
    CHANGE_SITE_SETTINGS = "change_site_settings", _("Changed the site settings")
    CREATE_BOARD = "create_board", _("Created a board")
    CHANGE_BOARD = "change_board", _("Changed a board")
    MOVE_BOARD = "move_board", _("Moved a board in the list")
    ARCHIVE_BOARD = "archive_board", _("Archived a board")
    RESTORE_BOARD = "restore_board", _("Restored an archived board")
    ADD_RANK = "add_rank", _("Added a rank")
    CHANGE_RANK = "change_rank", _("Changed a rank")
    REMOVE_RANK = "remove_rank", _("Removed a rank")
    SUBMIT_ARTICLE = "submit_article", _("Sent an article for review")
    PUBLISH_ARTICLE = "publish_article", _("Published an article")
    RETURN_ARTICLE = "return_article", _("Returned an article to draft")
    ARCHIVE_ARTICLE = "archive_article", _("Archived an article")
    RESTORE_ARTICLE = "restore_article", _("Restored an archived article")
    CHANGE_IDEA_STATUS = "change_idea_status", _("Changed an idea's status")
    MERGE_IDEA = "merge_idea", _("Merged an idea into another")
    HIDE_IDEA = "hide_idea", _("Hid an idea")
    RESTORE_IDEA = "restore_idea", _("Restored an idea")
    LOCK_IDEA = "lock_idea", _("Locked an idea")
    UNLOCK_IDEA = "unlock_idea", _("Unlocked an idea")
    EDIT_IDEA = "edit_idea", _("Edited an idea")
    HIDE_IDEA_COMMENT = "hide_idea_comment", _("Hid a comment on an idea")
    RESTORE_IDEA_COMMENT = "restore_idea_comment", _("Restored a comment on an idea")
    DISMISS_IDEA_FLAGS = "dismiss_idea_flags", _("Dismissed flags on an idea")


class AuditTarget(models.TextChoices):
    POST = "post", _("Post")
    THREAD = "thread", _("Thread")
    USER = "user", _("Member")
    BOARD = "board", _("Board")
    SYNONYM = "synonym", _("Search synonyms")
    CONVERSATION = "conversation", _("Private conversation")
    SITE_SETTINGS = "site_settings", _("Site settings")
    RANK = "rank", _("Rank")
    ARTICLE = "article", _("Knowledge article")
    IDEA = "idea", _("Idea")
    IDEA_COMMENT = "idea_comment", _("Comment on an idea")


class AuditEntry(models.Model):
    """One moderator action, written in the action's own transaction. Never
    changed afterwards: saving an existing entry raises."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the system acted (e.g. a post hidden by flags)."),
    )
    action = models.CharField(max_length=40, choices=AuditAction.choices)
    target_type = models.CharField(max_length=20, choices=AuditTarget.choices)
    target_id = models.PositiveBigIntegerField()
    # The target's name at the time, so the entry reads well after a merge or
    # deletion removed the row.
    target_label = models.CharField(max_length=200, blank=True)
    board = models.ForeignKey(
        "forum.Board",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(blank=True)
    before = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        indexes = [
            models.Index(F("created_at").desc(), name="audit_newest"),
            models.Index("actor", F("created_at").desc(), name="audit_actor"),
            models.Index("action", F("created_at").desc(), name="audit_action"),
            models.Index("board", F("created_at").desc(), name="audit_board"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.target_label or self.target_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Audit log entries are never changed.")
        super().save(*args, **kwargs)


class ThreadRedirect(models.Model):
    """The address of a thread merged into another keeps working."""

    old_thread_id = models.PositiveBigIntegerField(unique=True)
    thread = models.ForeignKey(
        "forum.Thread", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Thread {self.old_thread_id} → {self.thread_id}"
