"""The compose scheduler runs README step 6's commands at their minutes."""

from datetime import UTC, datetime

from deploy.scheduler import AT_START, due_commands


def _at(hour: int, minute: int) -> datetime:
    return datetime(2026, 12, 7, hour, minute, tzinfo=UTC)


def test_digests_and_reminders_are_due_at_seven():
    assert due_commands(_at(7, 0)) == [["send_digests"], ["send_accept_reminders"]]


def test_reminders_are_due_every_hour_on_the_hour():
    assert due_commands(_at(13, 0)) == [["send_accept_reminders"]]


def test_retention_purge_is_due_at_half_past_three():
    assert due_commands(_at(3, 30)) == [["purge_expired_data"]]


def test_nothing_is_due_between_the_scheduled_minutes():
    assert due_commands(_at(7, 1)) == []
    assert due_commands(_at(3, 0)) == [["send_accept_reminders"]]


def test_self_repeating_jobs_are_queued_at_start():
    assert ["schedule_deflection_jobs"] in AT_START
    assert ["purge_uploads", "--schedule"] in AT_START
