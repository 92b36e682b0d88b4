"""The board list: create, change, reorder, archive and restore; each audited.
The Django admin's board form saves through these too (forum.admin.boards)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from forum import caching, permissions
from forum.models import Board
from forum.moderation.audit import record
from forum.moderation.models import AuditAction

# What the settings area edits; the slug is set once, since it is the board's
# address and its feed's, which search engines and followers keep.
EDITABLE_FIELDS = (
    "name",
    "description",
    "kind",
    "category_id",
    "posting_requires_verified_customer",
)


def _check(by) -> None:
    if not permissions.can_manage_boards(by):
        raise PermissionDenied


def _state(board: Board) -> dict:
    return {name: getattr(board, name) for name in (*EDITABLE_FIELDS, "position")}


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "board"
    slug, n = base, 2
    while Board.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def create_board(*, by, name: str, slug: str = "", **fields) -> Board:
    """A new board at the end of the list; raises PermissionDenied or
    ValidationError (per field)."""
    _check(by)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_("A board needs a name.")]})
    with transaction.atomic():
        last = Board.objects.aggregate(last=Max("position"))["last"]
        board = Board(
            name=name,
            slug=slug or _unique_slug(name),
            position=0 if last is None else last + 1,
            **fields,
        )
        board.full_clean()
        board.save()
        record(AuditAction.CREATE_BOARD, actor=by, target=board, after=_state(board))
    return board


def update_board(board: Board, *, by, **changes) -> Board:
    """Rename, describe, or change a board's kind, category or who may post. The kind
    is fixed once the board has threads (accepted solutions would be left in a
    discussion board). Raises PermissionDenied or ValidationError."""
    _check(by)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")
    if "name" in changes and not (changes["name"] or "").strip():
        raise ValidationError({"name": [_("A board needs a name.")]})
    with transaction.atomic():
        board = Board.objects.select_for_update().get(pk=board.pk)
        before = _state(board)
        if (
            "kind" in changes
            and changes["kind"] != board.kind
            and board.threads.exists()
        ):
            raise ValidationError(
                {"kind": [_("The kind is fixed once a board has threads.")]}
            )
        for name, value in changes.items():
            setattr(board, name, value.strip() if isinstance(value, str) else value)
        board.full_clean()
        board.save()
        _record_change(AuditAction.CHANGE_BOARD, board, by=by, before=before)
    return board


def _record_change(action: str, board: Board, *, by, before: dict) -> None:
    after = _state(board)
    changed = [name for name in before if before[name] != after[name]]
    if changed:
        record(
            action,
            actor=by,
            target=board,
            before={name: before[name] for name in changed},
            after={name: after[name] for name in changed},
        )


def move_board(board: Board, *, by, direction: str) -> Board:
    """Swap a board with its neighbour ("up" or "down") in the list's order,
    numbering every board's position afresh; a board already at that end stays.
    Raises PermissionDenied, or ValueError for another direction."""
    _check(by)
    if direction not in ("up", "down"):
        raise ValueError(f"Unknown direction: {direction}")
    with transaction.atomic():
        boards = list(Board.objects.select_for_update().order_by("position", "name"))
        index = next(i for i, b in enumerate(boards) if b.pk == board.pk)
        other = index - 1 if direction == "up" else index + 1
        before = {b.pk: b.position for b in boards}
        if 0 <= other < len(boards):
            boards[index], boards[other] = boards[other], boards[index]
        for position, each in enumerate(boards):
            each.position = position
        Board.objects.bulk_update(boards, ["position"])
        moved = next(b for b in boards if b.pk == board.pk)
        if before[moved.pk] != moved.position:
            record(
                AuditAction.MOVE_BOARD,
                actor=by,
                target=moved,
                before={"position": before[moved.pk]},
                after={"position": moved.position},
            )
        # bulk_update sends no signals: the lists that show boards are renewed here.
        caching.forget_boards([b.pk for b in boards])
        caching.forget_site()
    return moved


def _set_archived(board: Board, *, by, archived: bool) -> Board:
    _check(by)
    with transaction.atomic():
        board = Board.objects.select_for_update().get(pk=board.pk)
        if board.is_archived == archived:
            return board
        before = {"archived_at": board.archived_at}
        board.archived_at = timezone.now() if archived else None
        board.save(update_fields=["archived_at"])
        record(
            AuditAction.ARCHIVE_BOARD if archived else AuditAction.RESTORE_BOARD,
            actor=by,
            target=board,
            before=before,
            after={"archived_at": board.archived_at},
        )
    return board


def archive_board(board: Board, *, by) -> Board:
    """Take a board off every list and close it to new threads; its threads stay
    readable at their addresses. Raises PermissionDenied."""
    return _set_archived(board, by=by, archived=True)


def restore_board(board: Board, *, by) -> Board:
    """List an archived board again and open it to new threads."""
    return _set_archived(board, by=by, archived=False)
