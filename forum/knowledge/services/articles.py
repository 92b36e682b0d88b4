"""Writing articles: creating, editing (each change a version, stale edits
refused) and counting views. The moves between states are in ``workflow``."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from community.replicas import state as replicas
from forum import limits, permissions
from forum.knowledge.models import (
    Article,
    ArticleCategory,
    ArticleVersion,
)
from forum.knowledge.signals import article_edited
from forum.markdown import render_markdown
from forum.models import Board, Thread
from forum.moderation import flood
from forum.moderation.models import AuditEntry, AuditTarget
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
                "title": _("Give the article a title of at least %(count)s characters.")
                % {"count": limits.TITLE_MIN_LENGTH}
            }
        )
    if len(title) > limits.TITLE_MAX_LENGTH:
        raise ValidationError(
            {
                "title": _("Keep the title under %(count)s characters.")
                % {"count": limits.TITLE_MAX_LENGTH}
            }
        )
    return title


def _clean_summary(summary: str) -> str:
    summary = " ".join(clean_text(summary).split())
    if len(summary) > SUMMARY_MAX_LENGTH:
        raise ValidationError(
            {
                "summary": _("Keep the summary under %(count)s characters.")
                % {"count": SUMMARY_MAX_LENGTH}
            }
        )
    return summary


def _clean_note(note: str) -> str:
    note = " ".join(clean_text(note).split())
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {
                "note": _("Keep the note under %(count)s characters.")
                % {"count": NOTE_MAX_LENGTH}
            }
        )
    return note


def _clean_boards(boards: Iterable[Board]) -> list[Board]:
    boards = list(dict.fromkeys(boards))
    if len(boards) > BOARDS_MAX_COUNT:
        raise ValidationError(
            {
                "boards": _("An article applies to at most %(count)s boards.")
                % {"count": BOARDS_MAX_COUNT}
            }
        )
    if any(board.archived_at is not None for board in boards):
        raise ValidationError({"boards": _("Archived boards take no new articles.")})
    return boards


def _clean_category(category: ArticleCategory | None) -> ArticleCategory:
    if not isinstance(category, ArticleCategory) or category.pk is None:
        raise ValidationError({"category": _("Choose a category.")})
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
        raise PermissionDenied(_("Only knowledge authors can write articles."))
    title, body = _clean_title(title), clean_body(body)
    summary, tags, note = _clean_summary(summary), clean_tags(tags), _clean_note(note)
    category, boards = _clean_category(category), _clean_boards(boards)
    owner = owner or by
    if owner.pk != by.pk and not permissions.can_author_articles(owner):
        raise ValidationError({"owner": _("The owner must be a knowledge author.")})
    if source_thread is not None and (
        Article.objects.filter(source_thread=source_thread).exists()
    ):
        raise ValidationError(_("That thread has already become an article."))
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
            raise PermissionDenied(_("Archived articles can't be edited; restore it."))
        raise PermissionDenied(_("You can't edit this article."))
    if expected_version is not None and expected_version != article.version:
        raise ValidationError(
            _(
                "Someone saved version %(saved)s of this article while you were "
                "editing version %(editing)s. Open the article again, compare the "
                "versions and redo your change."
            )
            % {"saved": article.version, "editing": expected_version}
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


def record_article_view(article: Article) -> None:
    """Count one view of the article, exactly under parallel readers."""
    with replicas.bookkeeping():
        Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 1)
