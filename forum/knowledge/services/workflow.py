"""The article workflow: draft → in review → published → archived, and back to
draft. Each move locks the row, checks the state and then the permission, saves,
writes an audit entry and announces the move (``article_state_changed``), in the
caller's transaction; a refused move changes nothing."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from forum import permissions
from forum.knowledge.models import (
    Article,
    ArticleState,
)
from forum.knowledge.services.articles import _audit, _clean_note, _lock
from forum.knowledge.signals import article_state_changed
from forum.moderation.models import AuditAction
from forum.services.guards import refuse_suspended

STATE_NAMES = dict(ArticleState.choices)


def _state_error(article: Article, expected: str, action: str) -> ValidationError:
    names = {
        "wanted": str(STATE_NAMES[expected]).lower(),
        "current": str(STATE_NAMES[article.state]).lower(),
    }
    return ValidationError(_state_sentence(action) % names)


def _state_sentence(action: str) -> str:
    # A whole sentence per move: the verb's form and place differ by language.
    sentences = {
        "sent for review": _(
            "Only an article that is %(wanted)s can be sent for review; "
            "this one is %(current)s."
        ),
        "published": _(
            "Only an article that is %(wanted)s can be published; "
            "this one is %(current)s."
        ),
        "returned to draft": _(
            "Only an article that is %(wanted)s can be returned to draft; "
            "this one is %(current)s."
        ),
        "archived": _(
            "Only an article that is %(wanted)s can be archived; "
            "this one is %(current)s."
        ),
        "restored": _(
            "Only an article that is %(wanted)s can be restored; "
            "this one is %(current)s."
        ),
        "marked as reviewed": _(
            "Only an article that is %(wanted)s can be marked as reviewed; "
            "this one is %(current)s."
        ),
    }
    return sentences[action]


def _move(
    article: Article,
    *,
    by: User,
    expected: str,
    to: str,
    allowed,
    action: str,
    audit_action: str,
    note: str = "",
    changes: dict | None = None,
) -> Article:
    """The shared shape of a workflow move: lock, check the state, then the
    permission, save, audit and announce. Raises ValidationError or
    PermissionDenied and changes nothing then."""
    refuse_suspended(by)
    article = _lock(article)
    if not permissions.can_view_article(by, article):
        raise PermissionDenied(_("You can't see this article."))
    if article.state != expected:
        raise _state_error(article, expected, action)
    if not allowed(by, article):
        raise PermissionDenied(_refusal(action))
    note = _clean_note(note)
    before = article.state
    article.state = to
    for field, value in (changes or {}).items():
        setattr(article, field, value)
    article.save(update_fields=["state", *(changes or {})])
    _audit(audit_action, article, by=by, note=note, before=before)
    article_state_changed.send(
        sender=Article,
        article=article,
        by=by,
        from_state=before,
        to_state=to,
        note=note,
    )
    return article


def _refusal(action: str) -> str:
    refusals = {
        "sent for review": _("You can't send this article for review."),
        "published": _("You can't publish this article."),
        "returned to draft": _("You can't return this article to draft."),
        "archived": _("You can't archive this article."),
        "restored": _("You can't restore this article."),
    }
    return refusals[action]


@transaction.atomic
@permissions.roles_from_database
def submit_article(article: Article, *, by: User, note: str = "") -> Article:
    """Send a draft for review. Raises PermissionDenied or ValidationError."""
    return _move(
        article,
        by=by,
        expected=ArticleState.DRAFT,
        to=ArticleState.IN_REVIEW,
        allowed=permissions.can_submit_article,
        action="sent for review",
        audit_action=AuditAction.SUBMIT_ARTICLE,
        note=note,
        changes={"submitted_at": timezone.now()},
    )


@transaction.atomic
@permissions.roles_from_database
def publish_article(article: Article, *, by: User, note: str = "") -> Article:
    """Publish an article in review; it counts as reviewed now. The first
    publication date is kept when an article is published again. Raises
    PermissionDenied or ValidationError."""
    now = timezone.now()
    changes = {"last_reviewed_at": now, "last_reviewed_by": by}
    published_at = Article.objects.filter(pk=article.pk).values_list(
        "published_at", flat=True
    )
    if not published_at.first():
        changes["published_at"] = now
    return _move(
        article,
        by=by,
        expected=ArticleState.IN_REVIEW,
        to=ArticleState.PUBLISHED,
        allowed=permissions.can_publish_article,
        action="published",
        audit_action=AuditAction.PUBLISH_ARTICLE,
        note=note,
        changes=changes,
    )


@transaction.atomic
@permissions.roles_from_database
def return_article(article: Article, *, by: User, note: str) -> Article:
    """Send an article in review back to draft: a reviewer says why (the note
    is required), its own author may withdraw it without one. Raises
    PermissionDenied or ValidationError."""
    own = by.pk in (article.owner_id, article.created_by_id)
    if not own and not _clean_note(note):
        raise ValidationError(
            {"note": _("Say what the author should change before it can be published.")}
        )
    return _move(
        article,
        by=by,
        expected=ArticleState.IN_REVIEW,
        to=ArticleState.DRAFT,
        allowed=permissions.can_return_article,
        action="returned to draft",
        audit_action=AuditAction.RETURN_ARTICLE,
        note=note,
    )


@transaction.atomic
@permissions.roles_from_database
def archive_article(article: Article, *, by: User, note: str = "") -> Article:
    """Take a published article out of lists and search; its address still
    answers, with a notice. Raises PermissionDenied or ValidationError."""
    return _move(
        article,
        by=by,
        expected=ArticleState.PUBLISHED,
        to=ArticleState.ARCHIVED,
        allowed=permissions.can_archive_article,
        action="archived",
        audit_action=AuditAction.ARCHIVE_ARTICLE,
        note=note,
        changes={"archived_at": timezone.now()},
    )


@transaction.atomic
@permissions.roles_from_database
def restore_article(article: Article, *, by: User, note: str = "") -> Article:
    """Bring an archived article back as a draft, to be reviewed again before
    readers see it. Raises PermissionDenied or ValidationError."""
    return _move(
        article,
        by=by,
        expected=ArticleState.ARCHIVED,
        to=ArticleState.DRAFT,
        allowed=permissions.can_restore_article,
        action="restored",
        audit_action=AuditAction.RESTORE_ARTICLE,
        note=note,
        changes={"archived_at": None},
    )


@transaction.atomic
@permissions.roles_from_database
def mark_article_reviewed(article: Article, *, by: User) -> Article:
    """Confirm a published article is still right: renews its review date.
    Raises PermissionDenied or ValidationError."""
    refuse_suspended(by)
    article = _lock(article)
    if article.state != ArticleState.PUBLISHED:
        raise _state_error(article, ArticleState.PUBLISHED, "marked as reviewed")
    if not permissions.can_mark_article_reviewed(by, article):
        raise PermissionDenied(_("You can't mark this article as reviewed."))
    article.last_reviewed_at = timezone.now()
    article.last_reviewed_by = by
    article.save(update_fields=["last_reviewed_at", "last_reviewed_by"])
    return article
