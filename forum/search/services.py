"""What managers and moderators change about search: synonyms and promoted answers.

Each change is checked by the permission module, validated, written with its audit
entry in one transaction, and takes effect on the next search (no reindexing).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from forum import permissions
from forum.knowledge.models import Article
from forum.models import Thread
from forum.moderation import audit
from forum.moderation.models import AuditAction, AuditEntry, AuditTarget
from forum.search import synonyms
from forum.search.analysis import query_key
from forum.search.models import Promotion, Synonym

MAX_PROMOTIONS_PER_QUERY = 5


def _check(user: User) -> None:
    if not permissions.can_manage_search(user):
        raise PermissionDenied(_("Only moderators and managers edit search."))


def _forget_rules_now_and_at_commit() -> None:
    # Now, for the rest of this request; at commit, in case another request cached
    # the old rules in between. A rollback only costs one more read.
    synonyms.forget_rules()
    transaction.on_commit(synonyms.forget_rules)


def split_phrases(text: str) -> list[str]:
    """The comma-separated phrases of a rule, trimmed, blanks and repeats dropped."""
    phrases: list[str] = []
    for part in (text or "").split(","):
        phrase = " ".join(part.split())
        if phrase and phrase.casefold() not in {p.casefold() for p in phrases}:
            phrases.append(phrase)
    return phrases


def save_synonym(
    *, phrases: str, two_way: bool, by: User, synonym: Synonym | None = None
) -> Synonym:
    """Add a synonym rule, or change one; raises PermissionDenied, or
    ValidationError when it is empty, too long, or would loop."""
    _check(by)
    parts = split_phrases(phrases)
    errors = synonyms.problems(
        parts, two_way=two_way, exclude_id=synonym.pk if synonym else None
    )
    if len(", ".join(parts)) > Synonym._meta.get_field("phrases").max_length:
        errors.append("A rule holds at most 5,000 characters.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        before = None
        if synonym is None:
            synonym = Synonym(created_by=by)
            action = AuditAction.ADD_SYNONYM
        else:
            synonym = Synonym.objects.select_for_update().get(pk=synonym.pk)
            before = {"phrases": synonym.phrases, "two_way": synonym.two_way}
            action = AuditAction.CHANGE_SYNONYM
        synonym.phrases = ", ".join(parts)
        synonym.two_way = two_way
        synonym.save()
        audit.record(
            action,
            actor=by,
            target=synonym,
            before=before,
            after={"phrases": synonym.phrases, "two_way": synonym.two_way},
        )
        _forget_rules_now_and_at_commit()
    return synonym


def delete_synonym(synonym: Synonym, *, by: User) -> None:
    """Delete a synonym rule; raises PermissionDenied."""
    _check(by)
    with transaction.atomic():
        audit.record(
            AuditAction.DELETE_SYNONYM,
            actor=by,
            target=synonym,
            before={"phrases": synonym.phrases, "two_way": synonym.two_way},
        )
        synonym.delete()
        _forget_rules_now_and_at_commit()


def _promotion_key(query: str) -> tuple[str, str]:
    query = " ".join((query or "").split())[:200]
    key = query_key(query)
    if not key:
        raise ValidationError(
            _(
                "This query has no words search uses (only words like “the” or "
                "“how”, or none at all)."
            )
        )
    return query, key


def _lock_promotions(key: str) -> list[Promotion]:
    """The query's promotions, locked, after checking there is room for one more."""
    existing = list(
        Promotion.objects.select_for_update()
        .filter(query_key=key)
        .only("thread_id", "article_id")
    )
    if len(existing) >= MAX_PROMOTIONS_PER_QUERY:
        raise ValidationError(
            ngettext(
                "A query has at most %(count)d promoted answer.",
                "A query has at most %(count)d promoted answers.",
                MAX_PROMOTIONS_PER_QUERY,
            )
            % {"count": MAX_PROMOTIONS_PER_QUERY}
        )
    return existing


def promote_thread(*, query: str, thread: Thread, by: User) -> Promotion:
    """Pin a public thread to the top of a query's results (and its variants);
    raises PermissionDenied, or ValidationError for a query search would ignore,
    a thread readers cannot see, a repeat, or too many for one query."""
    _check(by)
    query, key = _promotion_key(query)
    if thread.is_hidden or not thread.is_approved:
        raise ValidationError(_("Only a thread every reader can see can be promoted."))
    with transaction.atomic():
        existing = _lock_promotions(key)
        if any(p.thread_id == thread.pk for p in existing):
            raise ValidationError(_("This thread is already promoted for this query."))
        promotion = Promotion.objects.create(
            query=query, query_key=key, thread=thread, created_by=by
        )
        audit.record(
            AuditAction.PROMOTE_THREAD,
            actor=by,
            target=thread,
            after={"query": query},
        )
    return promotion


def promote_article(*, query: str, article: Article, by: User) -> Promotion:
    """Pin a published knowledge article to the top of a query's results (and its
    variants); raises PermissionDenied, or ValidationError for a query search
    would ignore, an article that is not published, a repeat, or too many for
    one query."""
    _check(by)
    query, key = _promotion_key(query)
    if not article.is_published:
        raise ValidationError(_("Only a published article can be promoted."))
    with transaction.atomic():
        existing = _lock_promotions(key)
        if any(p.article_id == article.pk for p in existing):
            raise ValidationError(_("This article is already promoted for this query."))
        promotion = Promotion.objects.create(
            query=query, query_key=key, article=article, created_by=by
        )
        _audit_article(AuditAction.PROMOTE_THREAD, article, by=by, after=query)
    return promotion


def remove_promotion(promotion: Promotion, *, by: User) -> None:
    """Stop promoting a thread or an article for a query; raises
    PermissionDenied."""
    _check(by)
    with transaction.atomic():
        if promotion.article_id:
            _audit_article(
                AuditAction.UNPROMOTE_THREAD,
                promotion.article,
                by=by,
                before=promotion.query,
            )
        else:
            audit.record(
                AuditAction.UNPROMOTE_THREAD,
                actor=by,
                target=promotion.thread,
                before={"query": promotion.query},
            )
        promotion.delete()


def _audit_article(
    action: str, article: Article, *, by: User, before: str = "", after: str = ""
) -> None:
    # The audit log's promotion actions, with the article as their target.
    AuditEntry.objects.create(
        actor=by,
        action=action,
        target_type=AuditTarget.ARTICLE,
        target_id=article.pk,
        target_label=article.title[:200],
        before={"query": before} if before else None,
        after={"query": after} if after else None,
    )
