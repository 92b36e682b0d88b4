"""Blocking and unblocking members."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from forum import permissions
from forum.messages.models import Block


def block_member(member: User, *, by: User) -> Block:
    """``by`` blocks ``member`` (again is harmless). Raises ValidationError for
    oneself and for staff, who must be able to reach every member."""
    if not permissions.can_block_member(by, member):
        if member.pk == by.pk:
            raise ValidationError(_("You can't block yourself."))
        raise ValidationError(_("Moderators and staff can't be blocked."))
    try:
        with transaction.atomic():
            block, _created = Block.objects.get_or_create(blocker=by, blocked=member)
    except IntegrityError:
        # A parallel request blocked them first.
        block = Block.objects.get(blocker=by, blocked=member)
    return block


def unblock_member(member: User, *, by: User) -> bool:
    """``by`` unblocks ``member``; returns whether there was a block."""
    deleted, _created = Block.objects.filter(blocker=by, blocked=member).delete()
    return bool(deleted)
