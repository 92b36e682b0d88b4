"""From a case into the community: answers the search suggests for a case, and
a case turned into a community thread, so the public answer deflects the next
customer who asks the same.

A thread is public and permanent, so what the customer wrote is published
anonymised unless they agreed to be named (``Case.publish_consent``): their
handles, name, e-mail addresses and phone or account numbers are masked. Consent
covers who they are, never how to reach them: e-mail addresses and numbers are
masked either way.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from forum import limits, permissions
from forum.care.models import Case, CaseEventKind, Direction
from forum.care.services.cases import _event, _lock
from forum.deflection.services.privacy import mask_contact_details
from forum.models import Board, Thread
from forum.permissions.roles import roles_from_database

HANDLE_MASK = "[handle]"
NAME_MASK = "[name]"
# A network handle: "@" and a word, not the middle of an e-mail address (those
# are masked first anyway).
_HANDLE = re.compile(r"(?<![\w.@])@\w[\w.]*\w|(?<![\w.@])@\w")
# Words of a name shorter than this ("Jo", "Li") are left alone: masking them
# everywhere would garble the text more than it protects anyone.
NAME_PART_MIN_LENGTH = 3
DRAFT_INBOUND_MAX = 10


# --- masking --------------------------------------------------------------------


def _inbound(case: Case) -> list:
    return [m for m in case.messages.all() if m.direction == Direction.INBOUND]


def _names_of(case: Case, inbound: list) -> list[str]:
    """The customer's display names as the case knows them, whole and in parts,
    longest first (so the whole name is masked before its parts)."""
    names = {case.contact.display_name, *(m.author_name for m in inbound)}
    parts = set()
    for name in filter(None, names):
        parts.add(name.strip())
        parts.update(w for w in name.split() if len(w) >= NAME_PART_MIN_LENGTH)
    return sorted(filter(None, parts), key=len, reverse=True)


def mask_for_publishing(
    text: str, case: Case, *, anonymise: bool, inbound: list | None = None
) -> str:
    """The text as it may be published: contact details always masked; handles
    and the customer's names masked when ``anonymise``, otherwise handles kept as
    code so they never mention a community member of the same name. ``inbound``:
    the case's inbound messages, if the caller has them."""
    text = mask_contact_details(text)
    if not anonymise:
        return _HANDLE.sub(lambda match: f"`{match.group(0)}`", text)
    text = _HANDLE.sub(HANDLE_MASK, text)
    inbound = _inbound(case) if inbound is None else inbound
    for name in _names_of(case, inbound):
        text = re.sub(
            rf"(?<!\w){re.escape(name)}(?!\w)", NAME_MASK, text, flags=re.IGNORECASE
        )
    return text


# --- the draft and the thread -------------------------------------------------------


def thread_draft(case: Case) -> tuple[str, str]:
    """A title and body for the thread form, from the case's inbound messages,
    masked as publishing them would mask them."""
    anonymise = not case.publish_consent
    inbound = _inbound(case)
    texts = [m.text.strip() for m in inbound[:DRAFT_INBOUND_MAX] if m.text.strip()]
    body = "\n\n".join(texts)
    title = case.subject or (texts[0] if texts else "")
    body, title = (
        mask_for_publishing(text, case, anonymise=anonymise, inbound=inbound)
        for text in (body, title)
    )
    title = " ".join(title.split())[: limits.TITLE_MAX_LENGTH]
    return title, body[: limits.BODY_MAX_LENGTH]


@roles_from_database
def turn_case_into_thread(
    case: Case, *, by: User, board: Board, title: str, body: str, anonymise: bool
) -> Thread:
    """Post the case as a community thread by the agent (through
    ``forum.services.create_thread``: moderation, flood rules and search apply),
    masked unless the customer agreed to be named, and record it on the case.
    Raises PermissionDenied, ValidationError or RateLimited, changing nothing."""
    from forum import services as forum_services

    with transaction.atomic():
        case = _lock(case)
        _check_may_turn(by, case)
        if not anonymise and not case.publish_consent:
            raise ValidationError(
                {
                    "anonymise": _(
                        "The customer has not agreed to be named: anonymise it."
                    )
                }
            )
        inbound = _inbound(case)
        title, body = (
            mask_for_publishing(text, case, anonymise=anonymise, inbound=inbound)
            for text in (title, body)
        )
        thread = forum_services.create_thread(
            board=board, author=by, title=title, body=body
        )
        case.community_thread = thread
        case.save(update_fields=["community_thread"])
        _event(case, CaseEventKind.THREAD, actor=by, after=thread.get_absolute_url())
    return thread


def _check_may_turn(by: User, case: Case) -> None:
    if permissions.can_turn_case_into_thread(by, case):
        return
    if case.community_thread_id is not None:
        raise ValidationError(_("This case is already a community thread."))
    raise PermissionDenied(_("Another agent holds this case."))


@roles_from_database
def set_publish_consent(case: Case, *, by: User, consent: bool) -> Case:
    """Record whether the customer agreed to be named when the case is
    published; the timeline says who recorded it."""
    with transaction.atomic():
        case = _lock(case)
        if not permissions.can_set_publish_consent(by, case):
            raise PermissionDenied(_("Another agent holds this case."))
        if case.publish_consent == consent:
            return case
        case.publish_consent = consent
        case.save(update_fields=["publish_consent"])
        _event(
            case,
            CaseEventKind.CONSENT,
            actor=by,
            before="consent" if not consent else "",
            after="consent" if consent else "",
            text=(
                "The customer agreed to be named in the community."
                if consent
                else "The customer withdrew their consent to be named."
            ),
        )
    return case
