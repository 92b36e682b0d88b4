"""Staff answers to ideas: a status with a public response, and merging a
duplicate into the idea it repeats (its votes and followers move along)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts.models import User
from forum import permissions
from forum.ideas.models import Idea, IdeaFollow, IdeaStatus, IdeaStatusChange, IdeaVote
from forum.markdown import render_markdown
from forum.moderation import audit
from forum.moderation.models import AuditAction
from forum.notifications.models import NotificationKind
from forum.notifications.services.notify import notify
from forum.services.validation import clean_text

RESPONSE_MIN_LENGTH = 2
RESPONSE_MAX_LENGTH = 5_000
# Statuses staff choose directly; DUPLICATE is set only by a merge.
CHOOSABLE_STATUSES = [value for value in IdeaStatus.values if value != "duplicate"]


def clean_response(response: str) -> str:
    """A public response within the limits; raises ValidationError."""
    response = clean_text(response)
    if len(response) < RESPONSE_MIN_LENGTH:
        raise ValidationError(
            {"response": _("Write a public response: it tells voters why.")}
        )
    if len(response) > RESPONSE_MAX_LENGTH:
        raise ValidationError(
            {
                "response": _(
                    "Keep the response under %(limit)s characters; this one has "
                    "%(length)s."
                )
                % {
                    "limit": number_format(RESPONSE_MAX_LENGTH, force_grouping=True),
                    "length": number_format(len(response), force_grouping=True),
                }
            }
        )
    return response


def _lock(*ideas: Idea) -> list[Idea]:
    """Lock the rows in primary-key order, whatever order the caller names them
    in, so two merges crossing each other cannot deadlock."""
    rows = Idea.objects.select_for_update(of=("self",)).filter(
        pk__in={idea.pk for idea in ideas}
    )
    locked = {row.pk: row for row in rows.order_by("pk")}
    return [locked[idea.pk] for idea in ideas]


def _check_staff(user: User, idea: Idea, *, merging: bool) -> None:
    """PermissionDenied for members who aren't idea staff; a clear ValidationError
    for staff acting on an idea already merged away."""
    if permissions.can_change_idea_status(user, idea):
        return
    if permissions.is_idea_staff(user) and not permissions.is_suspended(user):
        if merging:
            raise ValidationError(
                _("This idea was merged into another as a duplicate; merge that one.")
            )
        raise ValidationError(
            _("This idea was merged into another as a duplicate; answer that one.")
        )
    raise PermissionDenied(_("Only staff answer ideas."))


def _audience(idea: Idea):
    """Voters and followers of the idea, and its author: one row per member."""
    return User.objects.filter(
        Q(pk__in=IdeaVote.objects.filter(idea=idea).values("user_id"))
        | Q(pk__in=IdeaFollow.objects.filter(idea=idea).values("user_id"))
        | Q(pk=idea.author_id)
    )


def _record_change(
    idea: Idea, *, to: str, response: str, by: User, now
) -> IdeaStatusChange:
    """Store the public response and move the idea to ``to`` (its row is locked)."""
    change = IdeaStatusChange.objects.create(
        idea=idea,
        from_status=idea.status,
        to_status=to,
        response=response,
        response_html=render_markdown(response),
        by=by,
        created_at=now,
    )
    idea.status = to
    idea.status_changed_at = now
    idea.first_response_at = idea.first_response_at or now
    return change


@transaction.atomic
@permissions.roles_from_database
def change_idea_status(
    idea: Idea, *, to: str, response: str, by: User
) -> IdeaStatusChange:
    """Move an idea to a status with a public response, telling its voters and
    followers. Raises PermissionDenied or ValidationError."""
    (idea,) = _lock(idea)
    _check_staff(by, idea, merging=False)
    if to == IdeaStatus.DUPLICATE:
        raise ValidationError(
            {"status": _("To mark a duplicate, merge it into the idea it repeats.")}
        )
    if to not in CHOOSABLE_STATUSES:
        raise ValidationError({"status": _("Choose one of the statuses.")})
    if to == idea.status:
        raise ValidationError(
            {
                "status": _("The idea is already “%(status)s”.")
                % {"status": IdeaStatus(to).label}
            }
        )
    response = clean_response(response)
    before = {"status": idea.status}
    change = _record_change(idea, to=to, response=response, by=by, now=timezone.now())
    idea.save(update_fields=["status", "status_changed_at", "first_response_at"])
    audit.record(
        AuditAction.CHANGE_IDEA_STATUS,
        actor=by,
        target=idea,
        reason=response[:500],
        before=before,
        after={"status": to},
    )
    notify(
        _audience(idea),
        kind=NotificationKind.IDEA_STATUS,
        actor=by,
        idea=idea,
        # The status's value: each reader sees its name in their own language.
        detail=to,
    )
    return change


def _check_merge(idea: Idea, into: Idea) -> None:
    """Refuse merges into the idea itself, into a hidden or merged-away idea, or
    round a cycle; raises ValidationError."""
    if into.pk == idea.pk:
        raise ValidationError({"into": _("An idea can't be merged into itself.")})
    seen = {into.pk}
    ahead = into
    while ahead.merged_into_id is not None:
        if ahead.merged_into_id == idea.pk:
            raise ValidationError(
                {
                    "into": _(
                        "That idea was merged into this one: "
                        "merging back would make a loop."
                    )
                }
            )
        if ahead.merged_into_id in seen:
            break
        seen.add(ahead.merged_into_id)
        ahead = Idea.objects.only("pk", "merged_into").get(pk=ahead.merged_into_id)
    if into.status == IdeaStatus.DUPLICATE:
        raise ValidationError(
            {
                "into": _(
                    "That idea is itself a duplicate: merge into the one it points to."
                )
            }
        )
    if into.is_hidden:
        raise ValidationError({"into": _("That idea is hidden: choose a visible one.")})


def _move_votes(idea: Idea, into: Idea) -> int:
    """Move the duplicate's votes to ``into``: a voter who already voted there, or
    who wrote it, keeps one vote. Returns how many votes moved."""
    already = IdeaVote.objects.filter(idea=into).values("user_id")
    movable = IdeaVote.objects.filter(idea=idea).exclude(user_id__in=already)
    if into.author_id is not None:
        movable = movable.exclude(user_id=into.author_id)
    # Moving the rows keeps each vote's time, so "trending" stays truthful.
    moved = movable.update(idea=into)
    IdeaVote.objects.filter(idea=idea).delete()
    return moved


def _move_followers(idea: Idea, into: Idea, *, voters: list[int]) -> None:
    """Everyone who followed or voted for the duplicate follows ``into``."""
    followers = set(
        IdeaFollow.objects.filter(idea=idea).values_list("user_id", flat=True)
    )
    IdeaFollow.objects.bulk_create(
        [IdeaFollow(idea=into, user_id=user_id) for user_id in followers | set(voters)],
        ignore_conflicts=True,
    )


@transaction.atomic
@permissions.roles_from_database
def merge_idea(idea: Idea, *, into: Idea, response: str, by: User) -> IdeaStatusChange:
    """Close ``idea`` as a duplicate of ``into``, moving its votes (never counted
    twice) and followers there, with a public response. Raises PermissionDenied
    or ValidationError."""
    idea, into = _lock(idea, into)
    _check_staff(by, idea, merging=True)
    _check_merge(idea, into)
    response = clean_response(response)
    audience = list(_audience(idea).values_list("pk", flat=True))
    voters = list(IdeaVote.objects.filter(idea=idea).values_list("user_id", flat=True))
    moved = _move_votes(idea, into)
    _move_followers(idea, into, voters=voters)
    now = timezone.now()
    before = {"status": idea.status, "vote_count": idea.vote_count}
    change = _record_change(
        idea, to=IdeaStatus.DUPLICATE, response=response, by=by, now=now
    )
    idea.merged_into = into
    idea.is_locked = True
    idea.vote_count = IdeaVote.objects.filter(idea=idea).count()
    idea.save(
        update_fields=[
            "status",
            "status_changed_at",
            "first_response_at",
            "merged_into",
            "is_locked",
            "vote_count",
        ]
    )
    into.vote_count = IdeaVote.objects.filter(idea=into).count()
    into.last_activity_at = now
    into.save(update_fields=["vote_count", "last_activity_at"])
    audit.record(
        AuditAction.MERGE_IDEA,
        actor=by,
        target=idea,
        reason=response[:500],
        before=before,
        after={"merged_into": into.pk, "into": into.title, "votes_moved": moved},
    )
    notify(
        User.objects.filter(pk__in=audience),
        kind=NotificationKind.IDEA_STATUS,
        actor=by,
        idea=idea,
        detail=IdeaStatus.DUPLICATE.value,
        action="merged",
    )
    return change
