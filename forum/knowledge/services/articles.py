"""Writing articles and moving them through the workflow:
draft -> in review -> published -> archived (-> draft again)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from forum import limits, permissions
from forum.knowledge.models import (
    Article,
    ArticleCategory,
    ArticleState,
    ArticleVersion,
)
from forum.knowledge.signals import article_edited, article_state_changed
from forum.markdown import render_markdown
from forum.models import Board, Thread
from forum.moderation import flood
from forum.moderation.models import AuditAction, AuditEntry, AuditTarget
from forum.services.guards import refuse_suspended
from forum.services.validation import clean_body, clean_tags, clean_text

SUMMARY_MAX_LENGTH = 300
NOTE_MAX_LENGTH = 200
BOARDS_MAX_COUNT = 10


# -- input -------------------------------------------------------------------


def _clean_title(title: str) -> str:
    title = " ".join(clean_text(title).split())
    if len(title) < limits.TITLE_MIN_LENGTH:
        raise ValidationError(
            {
                "title": "Give the article a title of at least "
                f"{limits.TITLE_MIN_LENGTH} characters."
            }
        )
    if len(title) > limits.TITLE_MAX_LENGTH:
        raise ValidationError(
            {"title": f"Keep the title under {limits.TITLE_MAX_LENGTH} characters."}
        )
    return title


def _clean_summary(summary: str) -> str:
    summary = " ".join(clean_text(summary).split())
    if len(summary) > SUMMARY_MAX_LENGTH:
        raise ValidationError(
            {"summary": f"Keep the summary under {SUMMARY_MAX_LENGTH} characters."}
        )
    return summary


def _clean_note(note: str) -> str:
    note = " ".join(clean_text(note).split())
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"note": f"Keep the note under {NOTE_MAX_LENGTH} characters."}
        )
    return note


def _clean_boards(boards: Iterable[Board]) -> list[Board]:
    boards = list(dict.fromkeys(boards))
    if len(boards) > BOARDS_MAX_COUNT:
        raise ValidationError(
            {"boards": f"An article applies to at most {BOARDS_MAX_COUNT} boards."}
        )
    if any(board.archived_at is not None for board in boards):
        raise ValidationError({"boards": "Archived boards take no new articles."})
    return boards


def _clean_category(category: ArticleCategory | None) -> ArticleCategory:
    if not isinstance(category, ArticleCategory) or category.pk is None:
        raise ValidationError({"category": "Choose a category."})
    return category


def _slug_for(title: str) -> str:
    return slugify(title)[: limits.SLUG_MAX_LENGTH].strip("-") or "article"


# -- shared steps --------------------------------------------------------------


def _lock(article: Article) -> Article:
    """The article's row, locked for this transaction, re-read past any copy the
    caller holds; raises Article.DoesNotExist for a deleted one."""
    return (
        Article.objects.select_for_update(of=("self",))
        .select_related("category")
        .get(pk=article.pk)
    )


def _save_version(article: Article, *, by: User, note: str) -> ArticleVersion:
    return ArticleVersion.objects.create(
        article=article,
        number=article.version,
        title=article.title,
        summary=article.summary,
        body=article.body,
        state=article.state,
        note=note,
        created_by=by,
        created_at=article.updated_at,
    )


def _audit(action: str, article: Article, *, by: User, note: str, before: str):
    """One audit entry for a workflow move, in the move's transaction."""
    return AuditEntry.objects.create(
        actor=by,
        action=action,
        target_type=AuditTarget.ARTICLE,
        target_id=article.pk,
        target_label=article.title[:200],
        reason=note,
        before={"state": before},
        after={"state": article.state},
    )


STATE_NAMES = dict(ArticleState.choices)


def _state_error(article: Article, expected: str, action: str) -> ValidationError:
    current = STATE_NAMES[article.state].lower()
    wanted = STATE_NAMES[expected].lower()
    return ValidationError(
        f"Only an article that is {wanted} can be {action}; this one is {current}."
    )


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
        raise PermissionDenied("You can't see this article.")
    if article.state != expected:
        raise _state_error(article, expected, action)
    if not allowed(by, article):
        raise PermissionDenied(f"You can't {_VERBS[action]} this article.")
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


_VERBS = {
    "sent for review": "send for review",
    "published": "publish",
    "returned to draft": "return to draft",
    "archived": "archive",
    "restored": "restore",
}


# -- writing -------------------------------------------------------------------


@transaction.atomic
@permissions.roles_from_database
def create_article(
    *,
    by: User,
    category: ArticleCategory,
    title: str,
    body: str,
    summary: str = "",
    tags=(),
    boards: Iterable[Board] = (),
    owner: User | None = None,
    source_thread: Thread | None = None,
    credited_to: User | None = None,
    note: str = "",
) -> Article:
    """Start a draft (version 1), owned by ``owner`` or the writer. Raises
    PermissionDenied, ValidationError or RateLimited."""
    refuse_suspended(by)
    if not permissions.can_author_articles(by):
        raise PermissionDenied("Only knowledge authors can write articles.")
    title, body = _clean_title(title), clean_body(body)
    summary, tags, note = _clean_summary(summary), clean_tags(tags), _clean_note(note)
    category, boards = _clean_category(category), _clean_boards(boards)
    owner = owner or by
    if owner.pk != by.pk and not permissions.can_author_articles(owner):
        raise ValidationError({"owner": "The owner must be a knowledge author."})
    if source_thread is not None and (
        Article.objects.filter(source_thread=source_thread).exists()
    ):
        raise ValidationError("That thread has already become an article.")
    flood.check("post", by)

    now = timezone.now()
    article = Article.objects.create(
        category=category,
        title=title,
        slug=_slug_for(title),
        summary=summary,
        body=body,
        body_html=render_markdown(body),
        owner=owner,
        created_by=by,
        source_thread=source_thread,
        credited_to=credited_to,
        created_at=now,
        updated_at=now,
    )
    if tags:
        article.tags.set(tags)
    if boards:
        article.boards.set(boards)
    _save_version(article, by=by, note=note)
    return article


def _snapshot(article: Article) -> dict:
    """What an edit may change, to tell a real edit from a resent form."""
    return {
        "title": article.title,
        "summary": article.summary,
        "body": article.body,
        "category": article.category_id,
        "tags": sorted(article.tags.names()),
        "boards": sorted(article.boards.values_list("pk", flat=True)),
    }


@transaction.atomic
@permissions.roles_from_database
def edit_article(
    article: Article,
    *,
    by: User,
    title: str,
    body: str,
    summary: str,
    tags,
    boards: Iterable[Board],
    category: ArticleCategory,
    note: str = "",
    expected_version: int | None = None,
) -> Article:
    """Save a new version of the article. ``expected_version``: the version the
    writer started from; if someone saved since, the edit is refused rather than
    overwrite theirs. An edit that changes nothing stores nothing. Raises
    PermissionDenied or ValidationError."""
    refuse_suspended(by)
    article = _lock(article)
    if not permissions.can_edit_article(by, article):
        if article.is_archived:
            raise PermissionDenied("Archived articles can't be edited; restore it.")
        raise PermissionDenied("You can't edit this article.")
    if expected_version is not None and expected_version != article.version:
        raise ValidationError(
            f"Someone saved version {article.version} of this article while you "
            f"were editing version {expected_version}. Open the article again, "
            "compare the versions and redo your change."
        )
    title, body = _clean_title(title), clean_body(body)
    summary, tags, note = _clean_summary(summary), clean_tags(tags), _clean_note(note)
    category, boards = _clean_category(category), _clean_boards(boards)
    wanted = {
        "title": title,
        "summary": summary,
        "body": body,
        "category": category.pk,
        "tags": sorted(tags),
        "boards": sorted(board.pk for board in boards),
    }
    if wanted == _snapshot(article):
        return article

    if body != article.body:
        article.body_html = render_markdown(body)
    if title != article.title:
        article.slug = _slug_for(title)
    article.title, article.body, article.summary = title, body, summary
    article.category = category
    article.version += 1
    article.updated_at = timezone.now()
    article.save(
        update_fields=[
            "title",
            "slug",
            "summary",
            "body",
            "body_html",
            "category",
            "version",
            "updated_at",
        ]
    )
    article.tags.set(tags)
    article.boards.set(boards)
    version = _save_version(article, by=by, note=note)
    article_edited.send(sender=Article, article=article, by=by, version=version)
    return article


# -- the workflow --------------------------------------------------------------


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
            {"note": "Say what the author should change before it can be published."}
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
        raise PermissionDenied("You can't mark this article as reviewed.")
    article.last_reviewed_at = timezone.now()
    article.last_reviewed_by = by
    article.save(update_fields=["last_reviewed_at", "last_reviewed_by"])
    return article


def record_article_view(article: Article) -> None:
    """Count one view of the article, exactly under parallel readers."""
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 1)
