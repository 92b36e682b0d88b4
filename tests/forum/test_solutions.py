from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from forum import permissions, services
from forum.models import AcceptedAs, BoardKind, Post, Thread
from tests.factories import ExpertCertificationFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    """Undoes a trial acceptance."""


def test_asker_can_accept_a_reply(question, answer, customer):
    thread = services.accept_solution(question, post=answer, by=customer)

    thread.refresh_from_db()
    assert thread.solution_post == answer
    assert thread.accepted_by == customer
    assert thread.accepted_as == AcceptedAs.ASKER
    assert thread.is_solved and not thread.is_expert_verified
    answer.author.refresh_from_db()
    assert answer.author.solution_count == 1
    assert answer.author.reputation == 10


def test_expert_for_the_board_accepts_and_it_is_expert_verified(
    question, answer, expert
):
    thread = services.accept_solution(question, post=answer, by=expert)

    assert thread.accepted_as == AcceptedAs.EXPERT
    assert thread.is_expert_verified


def test_moderator_accepts_on_any_thread(question, answer, moderator):
    thread = services.accept_solution(question, post=answer, by=moderator)

    assert thread.accepted_as == AcceptedAs.MODERATOR


def test_customer_cannot_accept_on_someone_elses_thread(question, answer):
    bystander = UserFactory()

    with pytest.raises(PermissionDenied):
        services.accept_solution(question, post=answer, by=bystander)

    question.refresh_from_db()
    assert not question.is_solved


def test_expert_of_another_board_cannot_accept(question, answer, other_board):
    outsider = UserFactory()
    ExpertCertificationFactory(user=outsider, board=other_board)

    assert not permissions.can_accept_solution(outsider, answer)
    with pytest.raises(PermissionDenied):
        services.accept_solution(question, post=answer, by=outsider)


def test_an_expired_expert_cannot_accept(question, answer, board):
    lapsed = UserFactory()
    ExpertCertificationFactory(
        user=lapsed, board=board, expires_at=timezone.now() - timedelta(days=1)
    )

    with pytest.raises(PermissionDenied):
        services.accept_solution(question, post=answer, by=lapsed)


def test_accepting_a_post_of_another_thread_is_refused(question, customer, board):
    elsewhere = ThreadFactory(board=board)
    stranger_post = Post.objects.create(
        thread=elsewhere, author=UserFactory(), body="x", body_html="<p>x</p>"
    )

    with pytest.raises(ValidationError, match="another thread"):
        services.accept_solution(question, post=stranger_post, by=customer)

    question.refresh_from_db()
    assert not question.is_solved


def test_the_question_cannot_be_its_own_solution(question, customer):
    with pytest.raises(ValidationError):
        services.accept_solution(question, post=question.first_post, by=customer)


def test_hidden_replies_cannot_be_accepted(question, answer, customer):
    Post.objects.filter(pk=answer.pk).update(is_hidden=True)

    with pytest.raises(ValidationError):
        services.accept_solution(question, post=answer, by=customer)


def test_locked_threads_cannot_change_solution(question, answer, customer):
    Thread.objects.filter(pk=question.pk).update(is_locked=True)

    with pytest.raises(PermissionDenied):
        services.accept_solution(question, post=answer, by=customer)


def test_discussion_threads_have_no_solutions(question, answer, customer, board):
    board.kind = BoardKind.DISCUSSION
    board.save()

    with pytest.raises(ValidationError):
        services.accept_solution(question, post=answer, by=customer)


def test_accepting_another_reply_moves_the_credit(question, answer, customer):
    second = services.post_reply(question, author=UserFactory(), body="Or this.")
    services.accept_solution(question, post=answer, by=customer)

    services.accept_solution(question, post=second, by=customer)

    question.refresh_from_db()
    answer.author.refresh_from_db()
    second.author.refresh_from_db()
    assert question.solution_post == second
    assert answer.author.solution_count == 0
    assert second.author.solution_count == 1


def test_accepting_the_same_reply_twice_changes_nothing(question, answer, customer):
    services.accept_solution(question, post=answer, by=customer)
    services.accept_solution(question, post=answer, by=customer)

    answer.author.refresh_from_db()
    assert answer.author.solution_count == 1


def test_answering_your_own_question_earns_no_points(question, customer):
    own = services.post_reply(question, author=customer, body="Fixed it myself.")

    services.accept_solution(question, post=own, by=customer)

    customer.refresh_from_db()
    assert customer.solution_count == 0 and customer.reputation == 0


def test_unaccepting_clears_the_solution_and_the_credit(question, answer, expert):
    services.accept_solution(question, post=answer, by=expert)

    services.unaccept_solution(question, by=expert)

    question.refresh_from_db()
    answer.author.refresh_from_db()
    assert not question.is_solved
    assert question.accepted_by is None and question.accepted_as == ""
    assert answer.author.solution_count == 0


def test_bystanders_cannot_unaccept(question, answer, customer):
    services.accept_solution(question, post=answer, by=customer)

    with pytest.raises(PermissionDenied):
        services.unaccept_solution(question, by=UserFactory())

    question.refresh_from_db()
    assert question.is_solved


def test_on_their_own_question_experts_accept_as_the_asker(board):
    asking_expert = UserFactory()
    ExpertCertificationFactory(user=asking_expert, board=board)
    thread = services.create_thread(
        board=board, author=asking_expert, title="My own question here", body="Why?"
    )
    reply = services.post_reply(thread, author=UserFactory(), body="Answer.")

    thread = services.accept_solution(thread, post=reply, by=asking_expert)

    assert thread.accepted_as == AcceptedAs.ASKER


# --- Nobody verifies their own answer -------------------------------------------


@pytest.mark.parametrize("verifier", ["expert", "moderator"])
def test_an_expert_or_moderator_cannot_accept_their_own_reply(
    request, question, verifier
):
    user = request.getfixturevalue(verifier)
    own_reply = services.post_reply(question, author=user, body="Try a line test.")

    with pytest.raises(PermissionDenied, match="Nobody verifies their own answer"):
        services.accept_solution(question, post=own_reply, by=user)

    question.refresh_from_db()
    user.refresh_from_db()
    assert not question.is_solved
    assert user.solution_count == 0
    assert not permissions.can_accept_solution(user, own_reply)


def test_another_expert_verifies_an_experts_reply(question, expert, board):
    colleague = UserFactory()
    ExpertCertificationFactory(user=colleague, board=board)
    reply = services.post_reply(question, author=expert, body="Try a line test.")

    thread = services.accept_solution(question, post=reply, by=colleague)

    assert thread.accepted_as == AcceptedAs.EXPERT
    assert thread.is_expert_verified


def test_the_asker_accepts_an_experts_reply_as_the_asker(question, customer, expert):
    reply = services.post_reply(question, author=expert, body="Try a line test.")

    thread = services.accept_solution(question, post=reply, by=customer)

    thread.refresh_from_db()
    expert.refresh_from_db()
    assert thread.accepted_as == AcceptedAs.ASKER
    assert not thread.is_expert_verified
    assert expert.solution_count == 1


def test_the_asker_may_accept_their_own_reply_without_credit(question, customer):
    own_reply = services.post_reply(question, author=customer, body="Fixed: new modem.")

    thread = services.accept_solution(question, post=own_reply, by=customer)

    customer.refresh_from_db()
    assert thread.solution_post == own_reply
    assert thread.accepted_as == AcceptedAs.ASKER
    assert customer.solution_count == 0


def test_an_expert_may_still_accept_others_replies_beside_their_own(
    question, answer, expert
):
    services.post_reply(question, author=expert, body="Try a line test.")

    assert permissions.can_accept_solution(expert, answer)
    assert services.accept_solution(question, post=answer, by=expert).is_solved


def test_the_check_names_the_capacity_or_says_why_not(question, answer, expert):
    own_reply = services.post_reply(question, author=expert, body="Try a line test.")

    assert permissions.check_accept_solution(expert, answer) == AcceptedAs.EXPERT
    with pytest.raises(PermissionDenied, match="Only the asker"):
        permissions.check_accept_solution(UserFactory(), answer)
    with pytest.raises(PermissionDenied, match="their own answer"):
        permissions.check_accept_solution(expert, own_reply)
    with pytest.raises(ValidationError, match="its own solution"):
        permissions.check_accept_solution(expert, question.first_post)


def test_the_predicate_and_the_service_agree_on_every_reply(
    question, answer, customer, expert, moderator
):
    replies = [
        answer,
        services.post_reply(question, author=expert, body="Expert reply."),
        services.post_reply(question, author=moderator, body="Moderator reply."),
        services.post_reply(question, author=customer, body="Asker reply."),
    ]
    for user in (customer, expert, moderator, UserFactory()):
        for reply in replies:
            allowed = permissions.can_accept_solution(user, reply)
            try:
                with transaction.atomic():
                    services.accept_solution(question, post=reply, by=user)
                    raise Rollback
            except Rollback:
                accepted = True
            except (PermissionDenied, ValidationError):
                accepted = False
            assert allowed == accepted, (user, reply.author)
