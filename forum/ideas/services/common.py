"""What the idea services share: locking, the duplicate-submit window, input
checks worded for ideas, and the refusals every write gives."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from forum import limits
from forum.ideas.models import Idea, IdeaStatus
from forum.services.validation import clean_title


def lock_idea(idea: Idea) -> Idea:
    """The idea's row, locked for the rest of the transaction and read afresh
    (counters and state as they are now, not as the caller loaded them)."""
    return (
        Idea.objects.select_for_update(of=("self",))
        .select_related("board")
        .get(pk=idea.pk)
    )


def lock_author(author: User) -> None:
    """Serialise one member's writes, so a double-submitted form sees its twin."""
    User.objects.select_for_update().filter(pk=author.pk).first()


def duplicate_window_start():
    return timezone.now() - timedelta(seconds=limits.DUPLICATE_SUBMIT_SECONDS)


def create_once(model, **fields) -> bool:
    """Insert a unique row; False when it already existed (even under a race)."""
    try:
        with transaction.atomic():
            model.objects.create(**fields)
    except IntegrityError:
        return False
    return True


def slug_for(title: str) -> str:
    return slugify(title)[: limits.SLUG_MAX_LENGTH].strip("-") or "idea"


def clean_idea_title(title: str) -> str:
    """A title within the thread limits, worded for an idea; raises ValidationError."""
    try:
        return clean_title(title)
    except ValidationError as error:
        if len(" ".join((title or "").split())) < limits.TITLE_MIN_LENGTH:
            raise ValidationError(
                {
                    "title": f"Give your idea a title of at least "
                    f"{limits.TITLE_MIN_LENGTH} characters."
                }
            ) from error
        raise


def refuse_closed(idea: Idea, *, doing: str) -> None:
    """Raise PermissionDenied saying why ``doing`` is closed on this idea, if it is
    hidden, locked or merged away."""
    if idea.is_hidden:
        raise PermissionDenied(f"This idea is hidden: {doing} is closed.")
    if idea.status == IdeaStatus.DUPLICATE:
        raise PermissionDenied(
            f"This idea was merged into another one: {doing} continues there."
        )
    if idea.is_locked:
        raise PermissionDenied(f"A moderator locked this idea: {doing} is closed.")
