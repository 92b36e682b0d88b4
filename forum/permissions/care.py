"""The social care desk (forum.care): who works cases and who reads its report.

Support agents, moderators and managers (and administrators) work the desk: they
see every case, claim them, reply, add notes and change status. A case claimed by
one agent is theirs to answer and change; team leads (moderators, managers) may act
on any case and assign cases to others. Managers read the care report and set up
connectors, teams and targets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from accounts.models import Role
from forum.permissions.roles import _may_write, is_manager, is_moderator

if TYPE_CHECKING:
    from accounts.models import User
    from forum.care.models import Case


def is_care_agent(user: User) -> bool:
    """Support agents, moderators, managers and administrators, while they may
    write (a suspended agent works no cases)."""
    return _may_write(user) and (
        user.role == Role.AGENT or is_moderator(user) or is_manager(user)
    )


def can_open_care_desk(user: User) -> bool:
    """The desk's queue and the header link to it (``{% can "open_care_desk" %}``)."""
    return is_care_agent(user)


def is_care_lead(user: User) -> bool:
    """Moderators and managers lead the desk: they act on anyone's case."""
    return _may_write(user) and (is_moderator(user) or is_manager(user))


_CASE_WORKER_ROLES = (Role.AGENT, Role.MODERATOR, Role.MANAGER, Role.ADMINISTRATOR)


def may_work_cases(user: User) -> bool:
    """Whether ``user`` is someone a case can be assigned to."""
    return bool(user and user.is_active) and (
        user.role in _CASE_WORKER_ROLES or user.is_superuser
    )


def case_workers() -> QuerySet[User]:
    """The queryset twin of ``may_work_cases``: everyone a case can go to."""
    from accounts.models import User

    return User.objects.filter(
        Q(role__in=_CASE_WORKER_ROLES) | Q(is_superuser=True), is_active=True
    )


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Every case for those who work the desk; none for anyone else."""
    from forum.care.models import Case

    return Case.objects.all() if is_care_agent(user) else Case.objects.none()


def can_view_case(user: User, case: Case) -> bool:
    return is_care_agent(user)


def can_claim_case(user: User, case: Case) -> bool:
    """Claim an open case nobody holds (leads take any case over)."""
    if not is_care_agent(user) or case.is_resolved or case.assignee_id == user.pk:
        return False
    return case.assignee_id is None or is_care_lead(user)


def can_assign_case(user: User, case: Case) -> bool:
    """Give a case to someone else, or release it: leads, and the holder."""
    return is_care_agent(user) and (is_care_lead(user) or case.assignee_id == user.pk)


def can_work_case(user: User, case: Case) -> bool:
    """Reply, change status, priority or tags, turn into a thread: the agent who
    holds the case, any agent while nobody does (replying claims it), leads always."""
    return is_care_agent(user) and (
        case.assignee_id in (None, user.pk) or is_care_lead(user)
    )


def can_add_case_note(user: User, case: Case) -> bool:
    """Internal notes: every agent, so a colleague can leave word on a held case."""
    return is_care_agent(user)


def can_view_care_report(user: User) -> bool:
    """Response times and workload: managers (and administrators), as for the
    other reports."""
    return is_manager(user)


def can_configure_care(user: User) -> bool:
    """Connectors, teams and response targets: managers and administrators."""
    return _may_write(user) and is_manager(user)


def can_turn_case_into_thread(user: User, case: Case) -> bool:
    """Post the case as a community thread: whoever may work it, once (the
    board's own posting rules are the thread service's to check)."""
    return can_work_case(user, case) and case.community_thread_id is None


def can_set_publish_consent(user: User, case: Case) -> bool:
    """Record whether the customer agreed to be named: whoever may work it."""
    return can_work_case(user, case)
