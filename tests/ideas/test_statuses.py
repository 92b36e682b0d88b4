import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from forum.ideas.models import IdeaFollow, IdeaStatus, IdeaStatusChange
from forum.ideas.notifications import idea_summary
from forum.ideas.services.statuses import RESPONSE_MAX_LENGTH, change_idea_status
from forum.moderation.models import AuditAction, AuditEntry
from forum.notifications.models import Notification, NotificationKind
from tests.factories import IdeaFactory, UserFactory
from tests.ideas.staff_support import vote

pytestmark = [pytest.mark.django_db]


def test_manager_moves_an_idea_to_planned_with_a_public_response(manager):
    idea = IdeaFactory()

    change = change_idea_status(
        idea, to="planned", response="We'll ship it in **March**.", by=manager
    )

    idea.refresh_from_db()
    assert idea.status == IdeaStatus.PLANNED
    assert idea.status_changed_at is not None
    assert idea.first_response_at == idea.status_changed_at
    assert (change.from_status, change.to_status) == ("new", "planned")
    assert "<strong>March</strong>" in change.response_html
    assert change.by == manager


def test_the_first_response_time_stays_the_first(manager):
    idea = IdeaFactory()
    change_idea_status(idea, to="under_review", response="Looking.", by=manager)
    first = type(idea).objects.get(pk=idea.pk).first_response_at

    change_idea_status(idea, to="planned", response="Planned now.", by=manager)

    idea.refresh_from_db()
    assert idea.first_response_at == first
    assert idea.status_changed_at > first


@pytest.mark.parametrize(
    "role", [Role.MODERATOR, Role.MANAGER, Role.ADMINISTRATOR], ids=str
)
def test_idea_staff_may_change_a_status(role):
    idea = IdeaFactory()

    change_idea_status(
        idea, to="in_progress", response="Building it.", by=UserFactory(role=role)
    )

    idea.refresh_from_db()
    assert idea.status == "in_progress"


def test_a_customer_cannot_change_a_status():
    idea = IdeaFactory()

    with pytest.raises(PermissionDenied):
        change_idea_status(idea, to="planned", response="Yes", by=UserFactory())

    idea.refresh_from_db()
    assert idea.status == "new"
    assert not IdeaStatusChange.objects.exists()


def test_the_idea_author_cannot_change_its_status():
    idea = IdeaFactory()

    with pytest.raises(PermissionDenied):
        change_idea_status(idea, to="delivered", response="Done", by=idea.author)


def test_a_suspended_manager_cannot_change_a_status():
    staff = UserFactory(
        role=Role.MANAGER, suspended_until=timezone.now() + timezone.timedelta(days=1)
    )

    with pytest.raises(PermissionDenied):
        change_idea_status(IdeaFactory(), to="planned", response="Yes", by=staff)


def test_the_same_status_again_is_refused_with_a_clear_message(manager):
    idea = IdeaFactory(status="planned")

    with pytest.raises(ValidationError, match="already “Planned”"):
        change_idea_status(idea, to="planned", response="Still planned.", by=manager)

    assert not IdeaStatusChange.objects.exists()


def test_duplicate_is_not_a_status_to_choose(manager):
    idea = IdeaFactory()

    with pytest.raises(ValidationError, match="merge it"):
        change_idea_status(idea, to="duplicate", response="Dupe.", by=manager)

    idea.refresh_from_db()
    assert idea.status == "new"


@pytest.mark.parametrize("status", ["", "shipped", "NEW", None])
def test_an_unknown_status_is_refused(manager, status):
    with pytest.raises(ValidationError, match="Choose one of the statuses"):
        change_idea_status(IdeaFactory(), to=status, response="Hmm.", by=manager)


@pytest.mark.parametrize("response", ["", "   ", "\x00", "x"])
def test_a_response_is_required(manager, response):
    idea = IdeaFactory()

    with pytest.raises(ValidationError, match="public response"):
        change_idea_status(idea, to="planned", response=response, by=manager)

    idea.refresh_from_db()
    assert idea.status == "new"


def test_an_overlong_response_is_refused(manager):
    with pytest.raises(ValidationError, match="Keep the response under"):
        change_idea_status(
            IdeaFactory(),
            to="planned",
            response="a" * (RESPONSE_MAX_LENGTH + 1),
            by=manager,
        )


def test_a_merged_idea_keeps_its_status_and_staff_hear_why(manager):
    target = IdeaFactory()
    idea = IdeaFactory(status="duplicate", merged_into=target)

    with pytest.raises(ValidationError, match="merged into another"):
        change_idea_status(idea, to="planned", response="Planned.", by=manager)

    idea.refresh_from_db()
    assert idea.status == "duplicate"


def test_the_response_markdown_is_sanitised(manager):
    change = change_idea_status(
        IdeaFactory(),
        to="planned",
        response="<script>alert(1)</script>[x](javascript:alert(1)) fine",
        by=manager,
    )

    assert "<script" not in change.response_html
    assert 'href="javascript' not in change.response_html


def test_voters_followers_and_the_author_are_told_once_each_never_the_actor(manager):
    idea = IdeaFactory()
    voter, follower, both = UserFactory.create_batch(3)
    vote(idea, voter, both)
    IdeaFollow.objects.create(idea=idea, user=follower)
    IdeaFollow.objects.create(idea=idea, user=manager)

    change_idea_status(idea, to="planned", response="On the roadmap.", by=manager)

    notes = Notification.objects.filter(kind=NotificationKind.IDEA_STATUS, idea=idea)
    recipients = sorted(notes.values_list("recipient_id", flat=True))
    assert recipients == sorted([voter.pk, follower.pk, both.pk, idea.author_id])
    assert {n.detail for n in notes} == {"planned"}
    assert {n.actor_id for n in notes} == {manager.pk}


def test_a_status_notification_names_the_status_when_it_is_read(manager):
    idea = IdeaFactory(title="Data usage per day")
    voter = UserFactory()
    vote(idea, voter)

    change_idea_status(idea, to="planned", response="On the roadmap.", by=manager)

    note = Notification.objects.get(kind=NotificationKind.IDEA_STATUS, recipient=voter)
    assert idea_summary(note) == "The idea “Data usage per day” is now Planned"


def test_a_status_notification_stored_with_the_name_still_reads():
    note = Notification(
        kind=NotificationKind.IDEA_STATUS,
        idea=IdeaFactory(title="Data usage per day"),
        detail="Under review",
    )

    assert idea_summary(note) == "The idea “Data usage per day” is now Under review"


def test_a_status_change_is_in_the_audit_log(manager):
    idea = IdeaFactory()

    change_idea_status(idea, to="not_planned", response="Not this year.", by=manager)

    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.CHANGE_IDEA_STATUS
    assert (entry.target_type, entry.target_id) == ("idea", idea.pk)
    assert entry.actor == manager
    assert (entry.before, entry.after) == ({"status": "new"}, {"status": "not_planned"})


def test_a_hidden_idea_may_still_be_answered_by_staff(moderator):
    idea = IdeaFactory(is_hidden=True)

    change_idea_status(idea, to="under_review", response="Checking.", by=moderator)

    idea.refresh_from_db()
    assert idea.status == "under_review"


def test_voters_of_a_hidden_idea_are_not_told(moderator):
    idea = vote(IdeaFactory(is_hidden=True), UserFactory())

    change_idea_status(idea, to="under_review", response="Checking.", by=moderator)

    assert not Notification.objects.exclude(recipient=moderator).exists()


# --- the staff panel and pages ----------------------------------------------------


def test_staff_see_the_panel_on_the_idea_page(client, manager):
    idea = IdeaFactory()
    client.force_login(manager)

    page = client.get(idea.get_absolute_url()).content.decode()

    assert f'action="/ideas/{idea.pk}/status/"' in page
    assert f'action="/ideas/{idea.pk}/merge/"' in page
    assert "<legend>New status</legend>" in page


def test_customers_see_no_staff_panel(client, customer):
    idea = IdeaFactory()
    client.force_login(customer)

    page = client.get(idea.get_absolute_url()).content.decode()

    assert "/status/" not in page


def test_the_status_form_changes_the_status_and_returns_to_the_idea(client, manager):
    idea = IdeaFactory()
    client.force_login(manager)

    response = client.post(
        f"/ideas/{idea.pk}/status/",
        {
            "status": "planned",
            "response": "Coming soon.",
            "next": idea.get_absolute_url(),
        },
    )

    assert response.status_code == 302
    assert response["Location"] == idea.get_absolute_url()
    idea.refresh_from_db()
    assert idea.status == "planned"
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Official response" in page and "Coming soon." in page
    assert manager.name in page and "Manager" in page


def test_a_refused_status_change_re_renders_with_the_error(client, manager):
    idea = IdeaFactory(status="planned")
    client.force_login(manager)

    response = client.post(
        f"/ideas/{idea.pk}/status/", {"status": "planned", "response": "Again."}
    )

    assert response.status_code == 400
    assert "already “Planned”" in response.content.decode()
    assert not IdeaStatusChange.objects.exists()


def test_a_status_form_without_a_response_shows_the_field_error(client, manager):
    idea = IdeaFactory()
    client.force_login(manager)

    response = client.post(f"/ideas/{idea.pk}/status/", {"status": "planned"})

    assert response.status_code == 400
    assert "Write a public response" in response.content.decode()
    idea.refresh_from_db()
    assert idea.status == "new"


def test_a_customer_posting_the_status_form_gets_a_403(client, customer):
    idea = IdeaFactory()
    client.force_login(customer)

    response = client.post(
        f"/ideas/{idea.pk}/status/", {"status": "planned", "response": "Mine."}
    )

    assert response.status_code == 403
    idea.refresh_from_db()
    assert idea.status == "new"


def test_a_hidden_idea_is_a_404_for_a_manager(client, manager):
    idea = IdeaFactory(is_hidden=True)
    client.force_login(manager)

    response = client.post(
        f"/ideas/{idea.pk}/status/", {"status": "planned", "response": "Yes."}
    )

    assert response.status_code == 404


def test_the_status_history_is_newest_first(client, manager):
    idea = IdeaFactory()
    change_idea_status(idea, to="under_review", response="First answer.", by=manager)
    change_idea_status(idea, to="planned", response="Second answer.", by=manager)
    client.force_login(manager)

    page = client.get(idea.get_absolute_url()).content.decode()

    assert page.index("Second answer.") < page.index("First answer.")


def _staff_page_queries(client, idea) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/ideas/{idea.pk}/staff/").status_code == 200
    return len(captured)


def test_the_staff_page_query_count_does_not_grow_with_responses(client, manager):
    idea = IdeaFactory()
    client.force_login(manager)
    change_idea_status(idea, to="under_review", response="Answer 0.", by=manager)
    _staff_page_queries(client, idea)
    one = _staff_page_queries(client, idea)
    for n in range(1, 20):
        to = "planned" if n % 2 else "under_review"
        change_idea_status(
            idea, to=to, response=f"Answer {n}.", by=UserFactory(role=Role.MANAGER)
        )

    assert _staff_page_queries(client, idea) == one
