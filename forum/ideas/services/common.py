"""What the idea services share: locking, the duplicate-submit window, input
checks worded for ideas, and the refusals every write gives."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
                    "title": _(
                        "Give your idea a title of at least %(minimum)s characters."
                    )
                    % {"minimum": limits.TITLE_MIN_LENGTH}
                }
            ) from error
        raise


# Why voting or commenting is closed, as whole sentences: the activity's name
# cannot be slotted into one sentence in every language.
CLOSED_BECAUSE = {
    "voting": {
        "hidden": gettext_lazy("This idea is hidden: voting is closed."),
        "merged": gettext_lazy(
            "This idea was merged into another one: voting continues there."
        ),
        "locked": gettext_lazy("A moderator locked this idea: voting is closed."),
    },
    "commenting": {
        "hidden": gettext_lazy("This idea is hidden: commenting is closed."),
        "merged": gettext_lazy(
            "This idea was merged into another one: commenting continues there."
        ),
        "locked": gettext_lazy("A moderator locked this idea: commenting is closed."),
    },
}


def refuse_closed(idea: Idea, *, doing: str) -> None:
    """Raise PermissionDenied saying why ``doing`` ("voting" or "commenting") is
    closed on this idea, if it is hidden, locked or merged away."""
    if idea.is_hidden:
        raise PermissionDenied(CLOSED_BECAUSE[doing]["hidden"])
    if idea.status == IdeaStatus.DUPLICATE:
        raise PermissionDenied(CLOSED_BECAUSE[doing]["merged"])
    if idea.is_locked:
        raise PermissionDenied(CLOSED_BECAUSE[doing]["locked"])
