"""Who may answer a thread by e-mail: the reply form's rule, with hidden and locked
threads closed to e-mail for everyone (``permissions.can_reply_by_email``)."""

import pytest
from django.utils import timezone

from accounts.models import Role
from forum import permissions
from tests.factories import BoardFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = [Role.CUSTOMER, Role.MODERATOR, Role.MANAGER, Role.AGENT, Role.ADMINISTRATOR]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("state", "open_to_email"),
    [({}, True), ({"is_locked": True}, False), ({"is_hidden": True}, False)],
)
def test_email_answers_follow_the_reply_form_but_never_into_locked_or_hidden(
    role, state, open_to_email
):
    member = UserFactory(role=role)
    thread = ThreadFactory(board=BoardFactory(), **state)

    assert permissions.can_reply_by_email(member, thread) is (
        open_to_email and permissions.can_reply(member, thread)
    )
    if not state:
        assert permissions.can_reply_by_email(member, thread)


def test_a_suspended_member_may_not_answer_by_email():
    member = UserFactory(suspended_until=timezone.now() + timezone.timedelta(days=1))
    thread = ThreadFactory(board=BoardFactory())

    assert not permissions.can_reply_by_email(member, thread)
