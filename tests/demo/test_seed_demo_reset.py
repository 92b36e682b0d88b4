"""Starting the demo over (a transactional test, apart from the module whose tests
share one seeded demo inside a transaction)."""

import pytest
from django.core.management import CommandError

from accounts.models import User
from tests.demo.test_seed_demo import seed
from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_reset_starts_over():
    UserFactory(username="not-in-the-demo")

    seed("--reset")

    assert not User.objects.filter(username="not-in-the-demo").exists()
    assert User.objects.filter(username="admin").exists()


def test_reset_is_refused_in_production(settings):
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="production"):
        seed("--reset")
