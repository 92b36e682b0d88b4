import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from forum.ideas import services
from forum.ideas.models import Idea, IdeaFollow, IdeaStatus
from forum.moderation.flood import RateLimited
from forum.moderation.models import AuditAction, AuditEntry
from tests.factories import IdeaBoardFactory, UserFactory
from tests.security import world as w

pytestmark = pytest.mark.django_db


def post(board, by, **fields):
    values = {"title": "Let me pause my plan", "body": "For a month abroad."}
    return services.post_idea(board=board, by=by, **(values | fields))


def test_customer_posts_an_idea_and_follows_it(idea_board, customer):
    idea = post(idea_board, customer, tags="travel, plans")

    idea.refresh_from_db()
    assert idea.status == IdeaStatus.NEW
    assert idea.slug == "let-me-pause-my-plan"
    assert "<p>For a month abroad.</p>" in idea.body_html
    assert sorted(t.name for t in idea.tags.all()) == ["plans", "travel"]
    assert IdeaFollow.objects.filter(idea=idea, user=customer).exists()


def test_markdown_in_an_idea_is_sanitised(idea_board, customer):
    idea = post(idea_board, customer, body="**Bold** <script>alert(1)</script>")

    assert "<strong>Bold</strong>" in idea.body_html
    assert "<script" not in idea.body_html


def test_a_short_title_is_refused_with_a_message_about_ideas(idea_board, customer):
    with pytest.raises(ValidationError, match="Give your idea a title"):
        post(idea_board, customer, title="Short")

    assert not Idea.objects.exists()


def test_an_empty_description_is_refused(idea_board, customer):
    with pytest.raises(ValidationError):
        post(idea_board, customer, body="  ")


def test_too_many_tags_are_refused(idea_board, customer):
    with pytest.raises(ValidationError, match="at most"):
        post(idea_board, customer, tags=["a1", "b2", "c3", "d4", "e5", "f6"])


def test_nobody_posts_on_an_archived_board(customer):
    board = IdeaBoardFactory(archived_at=timezone.now())

    with pytest.raises(PermissionDenied, match="archived"):
        post(board, customer)


def test_a_suspended_member_cannot_post(idea_board, customer):
    w.suspend(customer)

    with pytest.raises(PermissionDenied):
        post(idea_board, customer)


def test_a_visitor_cannot_post(idea_board):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied, match="Sign in"):
        post(idea_board, AnonymousUser())


def test_a_double_submitted_idea_is_stored_once(idea_board, customer):
    first = post(idea_board, customer)
    second = post(idea_board, customer)

    assert first.pk == second.pk
    assert Idea.objects.count() == 1


def test_flood_control_stops_a_burst_of_ideas(idea_board, customer, flood_limits):
    most = flood_limits["post"][0][0]
    for n in range(most):
        post(idea_board, customer, title=f"Idea number {n} for plans")

    with pytest.raises(RateLimited):
        post(idea_board, customer, title="One idea too many for now")

    assert Idea.objects.count() == most


def test_author_edits_a_new_idea(idea, customer):
    services.edit_idea(
        idea, by=customer, title="Show data usage per hour", body="Hourly.", tags=["x"]
    )

    idea.refresh_from_db()
    assert idea.title == "Show data usage per hour"
    assert idea.slug == "show-data-usage-per-hour"
    assert idea.body_html == "<p>Hourly.</p>\n"
    assert [t.name for t in idea.tags.all()] == ["x"]
    assert not AuditEntry.objects.exists()


def test_author_cannot_edit_once_staff_answered(idea, customer):
    Idea.objects.filter(pk=idea.pk).update(status=IdeaStatus.PLANNED)

    with pytest.raises(PermissionDenied):
        services.edit_idea(idea, by=customer, title="A changed title", body="x y")


def test_another_customer_cannot_edit(idea, other_customer):
    with pytest.raises(PermissionDenied):
        services.edit_idea(idea, by=other_customer, title="A changed title", body="x")

    idea.refresh_from_db()
    assert idea.title == "Show data usage per day in the app"


def test_a_moderators_edit_is_audited(idea, moderator):
    services.edit_idea(idea, by=moderator, title="Daily data usage chart", body="Hi")

    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.EDIT_IDEA
    assert entry.target_id == idea.pk
    assert entry.before["title"] == "Show data usage per day in the app"
    assert entry.after["title"] == "Daily data usage chart"


def test_an_edit_with_a_bad_title_changes_nothing(idea, customer):
    with pytest.raises(ValidationError):
        services.edit_idea(idea, by=customer, title="x", body="New body")

    idea.refresh_from_db()
    assert idea.body == "A daily chart would stop bill shock."


def test_a_new_accounts_ideas_are_limited_like_threads(idea_board, flood_limits):
    newcomer = UserFactory(date_joined=timezone.now())
    most = flood_limits["thread_new_account"][0][0]
    for n in range(most):
        post(idea_board, newcomer, title=f"Newcomer idea number {n}")

    with pytest.raises(RateLimited):
        post(idea_board, newcomer, title="Newcomer idea, one too many")
