import pytest

from forum.notifications.models import Notification, NotificationKind


class FlakyBackend:
    """A mail backend that fails the first ``failures`` sends, then delivers."""

    failures = 0
    attempts = 0

    def __init__(self, *args, **kwargs):
        from django.core.mail.backends.locmem import EmailBackend

        self._delivered = EmailBackend(*args, **kwargs)

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        type(self).attempts += 1
        if type(self).attempts <= type(self).failures:
            raise ConnectionRefusedError("SMTP server unreachable")
        return self._delivered.send_messages(messages)


@pytest.fixture
def flaky_mail(settings):
    """Make sending fail ``flaky_mail.failures`` times (set it in the test)."""
    settings.EMAIL_BACKEND = "tests.notifications.conftest.FlakyBackend"
    FlakyBackend.failures = 0
    FlakyBackend.attempts = 0
    return FlakyBackend


def notifications_of(user, kind=None) -> list[Notification]:
    """A member's notifications of one kind, or all but badges (which the forum's
    first steps earn as a side effect)."""
    queryset = Notification.objects.filter(recipient=user)
    if kind:
        queryset = queryset.filter(kind=kind)
    else:
        queryset = queryset.exclude(kind=NotificationKind.BADGE)
    return list(queryset.order_by("id"))
