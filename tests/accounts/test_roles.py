from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from accounts import services
from accounts.models import ExpertCertification, Role, User
from forum import permissions
from forum.moderation.models import AuditEntry
from tests.factories import BoardFactory, ExpertCertificationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_createsuperuser_makes_an_administrator():
    user = User.objects.create_superuser("root", "root@example.com", "pw-12345678")

    assert user.role == Role.ADMINISTRATOR
    assert permissions.is_administrator(user)
    assert permissions.can_use_admin(user)


@pytest.mark.parametrize(
    ("role", "moderator", "manager", "reports", "certify", "assign"),
    [
        (Role.CUSTOMER, False, False, False, False, False),
        (Role.MODERATOR, True, False, False, True, False),
        (Role.MANAGER, False, True, True, True, False),
        (Role.ADMINISTRATOR, True, True, True, True, True),
    ],
)
def test_each_role_gets_exactly_its_powers(
    role, moderator, manager, reports, certify, assign
):
    user = UserFactory(role=role)

    assert permissions.is_moderator(user) is moderator
    assert permissions.is_manager(user) is manager
    assert permissions.can_view_reports(user) is reports
    assert permissions.can_certify_experts(user) is certify
    assert permissions.can_assign_roles(user) is assign


def test_an_inactive_moderator_has_no_powers():
    user = UserFactory(role=Role.MODERATOR, is_active=False)

    assert not permissions.is_moderator(user)


def test_anonymous_visitors_have_no_powers():
    from django.contrib.auth.models import AnonymousUser

    visitor = AnonymousUser()

    assert not permissions.is_moderator(visitor)
    assert not permissions.can_view_reports(visitor)
    assert not permissions.is_expert_for(visitor, BoardFactory())


def test_administrator_can_make_someone_a_moderator(administrator, customer):
    services.assign_role(customer, role=Role.MODERATOR, by=administrator)

    customer.refresh_from_db()
    assert customer.role == Role.MODERATOR
    assert not customer.is_staff


def test_making_someone_administrator_opens_the_admin_to_them(administrator, customer):
    services.assign_role(customer, role=Role.ADMINISTRATOR, by=administrator)

    customer.refresh_from_db()
    assert customer.is_staff and customer.is_superuser


def test_a_moderator_cannot_grant_roles(moderator, customer):
    with pytest.raises(PermissionDenied):
        services.assign_role(customer, role=Role.MANAGER, by=moderator)

    customer.refresh_from_db()
    assert customer.role == Role.CUSTOMER


def test_an_unknown_role_is_refused(administrator, customer):
    with pytest.raises(ValidationError):
        services.assign_role(customer, role="overlord", by=administrator)

    customer.refresh_from_db()
    assert customer.role == Role.CUSTOMER


def test_a_role_change_is_audited(administrator, customer):
    services.assign_role(customer, role=Role.MANAGER, by=administrator)

    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.target_id) == (
        "assign_role",
        administrator,
        customer.pk,
    )
    assert (entry.before, entry.after) == ({"role": "customer"}, {"role": "manager"})


def test_giving_someone_the_role_they_have_writes_nothing(administrator, moderator):
    services.assign_role(moderator, role=Role.MODERATOR, by=administrator)

    assert not AuditEntry.objects.exists()


def test_nobody_changes_their_own_role(administrator):
    with pytest.raises(PermissionDenied):
        services.assign_role(administrator, role=Role.CUSTOMER, by=administrator)

    administrator.refresh_from_db()
    assert administrator.role == Role.ADMINISTRATOR and administrator.is_staff


def test_a_role_out_of_step_with_the_staff_flags_is_put_back_in_step(administrator):
    drifted = UserFactory(role=Role.MODERATOR, is_staff=True)

    services.assign_role(drifted, role=Role.MODERATOR, by=administrator)

    drifted.refresh_from_db()
    assert not drifted.is_staff


def test_certifying_and_revoking_an_expert_are_audited(moderator, customer, board):
    certification = services.certify_expert(
        customer, board=board, title="NBN expert", by=moderator
    )
    services.revoke_certification(certification, by=moderator)

    entries = list(AuditEntry.objects.order_by("id").values_list("action", "after"))
    assert entries == [
        (
            "certify_expert",
            {"board": board.slug, "title": "NBN expert", "expires_at": None},
        ),
        ("revoke_certification", None),
    ]


def test_certifying_again_unchanged_writes_no_second_entry(moderator, customer, board):
    services.certify_expert(customer, board=board, title="NBN expert", by=moderator)
    services.certify_expert(customer, board=board, title="NBN expert", by=moderator)

    assert AuditEntry.objects.count() == 1


def test_administrators_erase_only_accounts_of_a_lower_role(
    administrator, moderator, customer
):
    other_administrator = UserFactory(
        role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True
    )

    assert permissions.can_erase_account(administrator, customer)
    assert permissions.can_erase_account(administrator, moderator)
    assert not permissions.can_erase_account(administrator, other_administrator)
    assert not permissions.can_erase_account(administrator, administrator)
    assert not permissions.can_erase_account(moderator, customer)


def test_moderator_certifies_an_expert_for_one_board(moderator, customer, board):
    other = BoardFactory()

    certification = services.certify_expert(
        customer, board=board, title="NBN expert", by=moderator
    )

    assert certification.certified_by == moderator
    assert permissions.is_expert_for(customer, board)
    assert not permissions.is_expert_for(customer, other)


def test_an_all_boards_certification_covers_every_board(manager, customer):
    services.certify_expert(customer, board=None, title="Community expert", by=manager)

    assert permissions.is_expert_for(customer, BoardFactory())
    assert permissions.is_expert_for(customer, BoardFactory())


def test_an_expired_certification_no_longer_counts(customer, board):
    ExpertCertificationFactory(
        user=customer, board=board, expires_at=timezone.now() - timedelta(minutes=1)
    )

    assert not permissions.is_expert_for(customer, board)


def test_a_certification_counts_until_it_expires(customer, board):
    ExpertCertificationFactory(
        user=customer, board=board, expires_at=timezone.now() + timedelta(days=1)
    )

    assert permissions.is_expert_for(customer, board)
    assert ExpertCertification.objects.active().count() == 1
    later = timezone.now() + timedelta(days=2)
    assert ExpertCertification.objects.active(now=later).count() == 0


def test_certifying_with_a_past_expiry_is_refused(moderator, customer, board):
    past = timezone.now() - timedelta(days=1)

    with pytest.raises(ValidationError):
        services.certify_expert(
            customer, board=board, title="NBN expert", by=moderator, expires_at=past
        )

    assert not ExpertCertification.objects.exists()


def test_a_blank_title_is_refused(moderator, customer, board):
    with pytest.raises(ValidationError):
        services.certify_expert(customer, board=board, title="  ", by=moderator)

    assert not ExpertCertification.objects.exists()


def test_recertifying_replaces_the_earlier_record(moderator, customer, board):
    services.certify_expert(customer, board=board, title="NBN helper", by=moderator)
    services.certify_expert(customer, board=board, title="NBN expert", by=moderator)

    assert list(ExpertCertification.objects.values_list("title", flat=True)) == [
        "NBN expert"
    ]


def test_a_customer_cannot_certify_anyone(customer, other_customer, board):
    with pytest.raises(PermissionDenied):
        services.certify_expert(other_customer, board=board, title="x", by=customer)

    assert not ExpertCertification.objects.exists()


def test_revoking_removes_expert_rights(moderator, expert, board):
    services.revoke_certification(expert.certifications.get(), by=moderator)

    assert not permissions.is_expert_for(User.objects.get(pk=expert.pk), board)


def test_templates_ask_the_permission_module(manager, customer):
    template = Template(
        '{% load permissions %}{% can "view_reports" as allowed %}'
        "{% if allowed %}reports{% else %}none{% endif %}"
    )

    def render(user):
        request = RequestFactory().get("/")
        request.user = user
        return template.render(Context({"request": request}))

    assert render(manager) == "reports"
    assert render(customer) == "none"


def test_expert_title_tag_shows_the_title_for_the_board(expert, board, other_board):
    template = Template("{% load permissions %}[{% expert_title author board %}]")
    request = RequestFactory().get("/")

    def render(for_board):
        return template.render(
            Context({"request": request, "author": expert, "board": for_board})
        )

    assert render(board) == "[NBN expert]"
    assert render(other_board) == "[]"


def test_certifications_are_read_once_per_user_object(
    expert, board, other_board, django_assert_num_queries
):
    user = User.objects.get(pk=expert.pk)

    with django_assert_num_queries(1):
        permissions.is_expert_for(user, board)
        permissions.is_expert_for(user, other_board)
        permissions.expert_certification_for(user, board)
