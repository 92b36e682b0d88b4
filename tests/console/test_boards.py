"""The board list services, and what archiving a board does across the site."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from forum import selectors
from forum import services as forum_services
from forum.console import services
from forum.forms import AskForm
from forum.models import Board, BoardKind
from forum.moderation.models import AuditAction, AuditEntry
from forum.search.forms import SearchForm
from tests.factories import BoardFactory

pytestmark = pytest.mark.django_db


def test_a_manager_creates_a_board_at_the_end_of_the_list(manager, board):
    created = services.create_board(
        by=manager, name="Devices & Modems", kind=BoardKind.DISCUSSION
    )

    assert created.slug == "devices-modems"
    assert created.position > board.position
    entry = AuditEntry.objects.get(action=AuditAction.CREATE_BOARD)
    assert entry.after["name"] == "Devices & Modems"


def test_a_board_with_a_taken_name_gets_its_own_address(manager, board):
    created = services.create_board(by=manager, name=board.name)
    assert created.slug != board.slug


def test_a_board_needs_a_name(manager):
    with pytest.raises(ValidationError) as refused:
        services.create_board(by=manager, name="  ")
    assert refused.value.message_dict == {"name": ["A board needs a name."]}
    assert not Board.objects.exists()


def test_renaming_a_board_keeps_its_address_and_is_audited(manager, board):
    board_before = board.description
    services.update_board(board, by=manager, name="Internet", description="NBN")

    board.refresh_from_db()
    assert (board.name, board.slug) == ("Internet", "nbn-internet")
    entry = AuditEntry.objects.get(action=AuditAction.CHANGE_BOARD)
    assert entry.before == {"name": "NBN & Internet", "description": board_before}
    assert entry.after == {"name": "Internet", "description": "NBN"}


def test_a_boards_kind_is_fixed_once_it_has_threads(manager, question):
    with pytest.raises(ValidationError) as refused:
        services.update_board(question.board, by=manager, kind=BoardKind.DISCUSSION)
    assert "kind" in refused.value.message_dict
    question.board.refresh_from_db()
    assert question.board.kind == BoardKind.QUESTIONS


def test_moving_a_board_up_swaps_it_with_its_neighbour(manager):
    first, second, third = (BoardFactory(position=n) for n in (5, 10, 15))

    services.move_board(third, by=manager, direction="up")

    order = list(Board.objects.order_by("position").values_list("pk", flat=True))
    assert order == [first.pk, third.pk, second.pk]
    entry = AuditEntry.objects.get(action=AuditAction.MOVE_BOARD)
    assert (entry.before, entry.after) == ({"position": 15}, {"position": 1})


def test_moving_the_first_board_up_changes_nothing_worth_recording(manager):
    first, second = BoardFactory(position=0), BoardFactory(position=1)
    services.move_board(first, by=manager, direction="up")
    assert list(Board.objects.order_by("position")) == [first, second]
    assert not AuditEntry.objects.exists()


def test_an_archived_board_leaves_the_lists_and_the_choices(
    manager, board, other_board
):
    services.archive_board(board, by=manager)

    assert list(selectors.board_list()) == [other_board]
    assert [slug for slug, _ in selectors.board_choices()] == ["billing"]
    assert list(AskForm().fields["board"].queryset) == [other_board]
    assert list(SearchForm().fields["board"].queryset) == [other_board]
    assert AuditEntry.objects.get().action == AuditAction.ARCHIVE_BOARD


def test_an_archived_board_takes_no_new_threads(manager, board, customer):
    board = services.archive_board(board, by=manager)
    with pytest.raises(PermissionDenied):
        forum_services.create_thread(
            board=board, author=customer, title="A new question here", body="Body"
        )


def test_an_archived_boards_threads_stay_readable(client, manager, question):
    services.archive_board(question.board, by=manager)
    assert client.get(question.get_absolute_url()).status_code == 200
    assert client.get(question.board.get_absolute_url()).status_code == 200


def test_a_restored_board_is_listed_again(manager, board):
    services.archive_board(board, by=manager)
    services.restore_board(board, by=manager)
    assert list(selectors.board_list()) == [board]
    assert [e.action for e in AuditEntry.objects.order_by("pk")] == [
        AuditAction.ARCHIVE_BOARD,
        AuditAction.RESTORE_BOARD,
    ]


@pytest.mark.parametrize("role", ["customer", "moderator"])
def test_only_managers_and_administrators_manage_boards(request, role, board):
    user = request.getfixturevalue(role)
    for call in (
        lambda: services.create_board(by=user, name="Mine"),
        lambda: services.update_board(board, by=user, name="Mine"),
        lambda: services.move_board(board, by=user, direction="down"),
        lambda: services.archive_board(board, by=user),
    ):
        with pytest.raises(PermissionDenied):
            call()
    board.refresh_from_db()
    assert (board.name, board.archived_at) == ("NBN & Internet", None)


def test_an_archived_boards_page_says_so_and_offers_no_ask_button(
    client, manager, board
):
    ask = f"/ask/?board={board.slug}"
    assert ask in client.get(board.get_absolute_url()).content.decode()
    services.archive_board(board, by=manager)
    page = client.get(board.get_absolute_url()).content.decode()
    assert "This board is archived" in page
    assert ask not in page
