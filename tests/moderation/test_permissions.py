import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import Role, User
from forum import permissions
from forum.models import Post, Thread
from forum.moderation.models import BoardModerator
from tests.factories import BoardFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_global_moderators_and_administrators_moderate_every_board(
    moderator, administrator, board, other_board
):
    for user in (moderator, administrator):
        assert permissions.can_moderate_board(user, board)
        assert permissions.can_moderate_board(user, other_board)


def test_board_moderators_moderate_only_their_boards(
    board_moderator, board, other_board
):
    assert permissions.can_moderate_board(board_moderator, board)
    assert not permissions.can_moderate_board(board_moderator, other_board)
    assert list(permissions.boards_moderated_by(board_moderator)) == [board]


def test_customers_managers_and_experts_moderate_nothing(
    customer, manager, expert, board
):
    for user in (customer, manager, expert):
        assert not permissions.can_moderate_board(user, board)
        assert not permissions.boards_moderated_by(user).exists()
        assert not permissions.can_view_moderation_queue(user)


def test_the_queue_twin_matches_the_predicate(board_moderator, board, other_board):
    mine = ThreadFactory(board=board)
    theirs = ThreadFactory(board=other_board)
    posts = permissions.posts_moderated_by(
        board_moderator, mine.posts.all() | theirs.posts.all()
    )

    assert list(posts) == [mine.first_post]
    assert permissions.can_moderate_post(board_moderator, mine.first_post)
    assert not permissions.can_moderate_post(board_moderator, theirs.first_post)


def test_a_move_needs_rights_on_both_boards(board_moderator, board, other_board):
    thread = ThreadFactory(board=board)

    assert permissions.can_move_thread(board_moderator, thread)
    assert not permissions.can_move_thread(board_moderator, thread, other_board)
    BoardModerator.objects.create(user=board_moderator, board=other_board)
    board_moderator.__dict__.pop("_moderated_board_ids")
    assert permissions.can_move_thread(board_moderator, thread, other_board)


def test_a_merge_needs_rights_on_both_boards(board_moderator, board, other_board):
    source, target = ThreadFactory(board=board), ThreadFactory(board=other_board)

    assert not permissions.can_merge_threads(board_moderator, source, target)
    assert permissions.can_merge_threads(
        board_moderator, source, ThreadFactory(board=board)
    )


@pytest.mark.parametrize(
    ("actor_role", "target_role", "allowed"),
    [
        (Role.MODERATOR, Role.CUSTOMER, True),
        (Role.MODERATOR, Role.MODERATOR, False),
        (Role.MODERATOR, Role.MANAGER, False),
        (Role.MODERATOR, Role.ADMINISTRATOR, False),
        (Role.ADMINISTRATOR, Role.MODERATOR, True),
        (Role.ADMINISTRATOR, Role.MANAGER, True),
        (Role.ADMINISTRATOR, Role.ADMINISTRATOR, False),
        (Role.MANAGER, Role.CUSTOMER, False),
        (Role.CUSTOMER, Role.CUSTOMER, False),
    ],
)
def test_nobody_suspends_someone_of_an_equal_or_higher_role(
    actor_role, target_role, allowed
):
    actor, target = UserFactory(role=actor_role), UserFactory(role=target_role)

    assert permissions.can_suspend_user(actor, target) is allowed


def test_superusers_rank_as_administrators_whatever_their_role(moderator):
    superuser = UserFactory(role=Role.CUSTOMER, is_superuser=True)

    assert permissions.can_suspend_user(moderator, superuser) is False
    assert permissions.role_rank(superuser) == permissions.ROLE_RANK[Role.ADMINISTRATOR]


def test_nobody_suspends_themselves(administrator):
    assert not permissions.can_suspend_user(administrator, administrator)


def test_board_moderators_do_not_suspend_because_suspensions_are_site_wide(
    board_moderator, customer
):
    assert not permissions.can_suspend_user(board_moderator, customer)


def test_only_global_moderators_feature_threads(board_moderator, moderator, board):
    thread = ThreadFactory(board=board)

    assert permissions.can_feature_thread(moderator, thread)
    assert not permissions.can_feature_thread(board_moderator, thread)


def test_board_moderators_see_hidden_threads_in_their_boards_only(
    board_moderator, board, other_board
):
    mine = ThreadFactory(board=board, is_hidden=True)
    theirs = ThreadFactory(board=other_board, is_hidden=True)

    assert permissions.can_view_thread(board_moderator, mine)
    assert not permissions.can_view_thread(board_moderator, theirs)
    assert list(permissions.threads_visible_to(board_moderator)) == [mine]


def test_the_visibility_twins_agree_for_every_kind_of_viewer(
    board, other_board, customer, moderator, board_moderator
):
    author = UserFactory()
    threads = [
        ThreadFactory(board=board_, author=author, **state)
        for board_ in (board, other_board)
        for state in ({}, {"is_hidden": True}, {"is_approved": False})
    ]
    for thread in threads:
        Post.objects.filter(pk=thread.first_post_id).update(
            is_approved=thread.is_approved, is_hidden=thread.is_hidden
        )

    for viewer in (AnonymousUser(), customer, author, moderator, board_moderator):
        visible = set(permissions.threads_visible_to(viewer))
        assert visible == {t for t in threads if permissions.can_view_thread(viewer, t)}
        # posts_visible_to answers for posts of threads the viewer can open.
        posts = Post.objects.filter(thread__in=visible).select_related("thread")
        shown = set(permissions.posts_visible_to(viewer, posts))
        assert shown == {p for p in posts if permissions.can_view_post(viewer, p)}


def test_moderation_scope_is_read_once_per_user_object(
    board_moderator, board, other_board, django_assert_num_queries
):
    # Board-moderator records and certifications, read together.
    with django_assert_num_queries(2):
        permissions.can_moderate_board(board_moderator, board)
        permissions.can_moderate_board(board_moderator, other_board)
        permissions.can_view_moderation_queue(board_moderator)
        permissions.is_expert_for(board_moderator, board)


def test_the_next_request_reads_a_members_roles_from_the_cache(
    board_moderator, board, django_assert_num_queries
):
    permissions.can_moderate_board(board_moderator, board)
    next_request_user = User.objects.get(pk=board_moderator.pk)

    with django_assert_num_queries(0):
        assert permissions.can_moderate_board(next_request_user, board)
        assert not permissions.is_expert_for(next_request_user, board)


def test_revoked_board_moderation_and_new_certifications_apply_at_once(
    board_moderator, board, other_board, administrator
):
    from accounts.services import certify_expert
    from forum.moderation.services.users import revoke_board_moderator

    assert permissions.can_moderate_board(board_moderator, board)
    record = BoardModerator.objects.get(user=board_moderator)
    revoke_board_moderator(record, by=administrator)
    certify_expert(
        board_moderator, board=other_board, title="Billing expert", by=administrator
    )

    next_request_user = User.objects.get(pk=board_moderator.pk)
    assert not permissions.can_moderate_board(next_request_user, board)
    assert permissions.is_expert_for(next_request_user, other_board)


def test_suspended_moderators_moderate_nothing(moderator, board):
    from datetime import timedelta

    from django.utils import timezone

    moderator.suspended_until = timezone.now() + timedelta(days=1)

    assert not permissions.can_moderate_board(moderator, board)
    assert not permissions.can_view_moderation_queue(moderator)


def test_experts_see_the_unanswered_queue_for_their_boards(expert, board, other_board):
    mine, theirs = ThreadFactory(board=board), ThreadFactory(board=other_board)

    queue = permissions.threads_in_response_queue_of(expert, Thread.objects.all())

    assert permissions.can_view_response_queue(expert)
    assert list(queue) == [mine]
    assert theirs not in queue


def test_all_boards_experts_and_moderators_see_every_board_in_the_unanswered_queue(
    moderator, board, other_board
):
    from tests.factories import ExpertCertificationFactory

    generalist = UserFactory()
    ExpertCertificationFactory(user=generalist, board=None)
    ThreadFactory(board=board), ThreadFactory(board=BoardFactory())

    for user in (generalist, moderator):
        assert (
            permissions.threads_in_response_queue_of(user, Thread.objects.all()).count()
            == 2
        )
