"""Who may use each part of the settings area (forum.permissions.console)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from forum import permissions

pytestmark = pytest.mark.django_db

PREDICATES = [
    "can_edit_site_settings",
    "can_manage_boards",
    "can_edit_rank_ladder",
    "can_edit_moderation_thresholds",
    "can_open_settings_area",
]
# Rows: role; columns in PREDICATES' order.
EXPECTED = {
    "customer": (False, False, False, False, False),
    "moderator": (False, False, False, False, False),
    "manager": (True, True, True, False, True),
    "administrator": (True, True, True, True, True),
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_gets_the_sections_it_runs(request, role):
    user = request.getfixturevalue(role)
    answers = tuple(getattr(permissions, name)(user) for name in PREDICATES)
    assert answers == EXPECTED[role]


def test_visitors_get_none_of_it():
    assert not any(getattr(permissions, name)(AnonymousUser()) for name in PREDICATES)


def test_a_suspended_manager_changes_nothing(manager):
    manager.suspended_until = timezone.now() + timedelta(days=1)
    assert not any(getattr(permissions, name)(manager) for name in PREDICATES)
