from functools import partial

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from accounts.models import Role
from forum.ideas.models import Idea, IdeaFollow, IdeaStatusChange, IdeaVote
from forum.ideas.services.statuses import merge_idea
from forum.moderation.models import AuditAction, AuditEntry
from forum.notifications.models import Notification
from tests.factories import IdeaFactory, UserFactory
from tests.ideas.staff_support import idea_with_votes, vote
from tests.security.test_races import run_together

pytestmark = [pytest.mark.django_db]


def _snapshot():
    return (
        sorted(IdeaVote.objects.values_list("idea_id", "user_id")),
        sorted(Idea.objects.values_list("pk", "status", "vote_count", "merged_into")),
        IdeaStatusChange.objects.count(),
    )


def test_a_merge_moves_votes_without_counting_anyone_twice(manager):
    target = IdeaFactory()
    only_source, both = UserFactory.create_batch(2)
    source = vote(IdeaFactory(), only_source, both, target.author)
    vote(target, both, UserFactory())

    merge_idea(source, into=target, response="Same idea as this one.", by=manager)

    source.refresh_from_db()
    target.refresh_from_db()
    voters = set(IdeaVote.objects.filter(idea=target).values_list("user_id", flat=True))
    assert only_source.pk in voters and both.pk in voters
    # The target's author never votes for their own idea.
    assert target.author_id not in voters
    assert target.vote_count == 3 == len(voters)
    assert source.vote_count == 0
    assert not IdeaVote.objects.filter(idea=source).exists()


def test_a_merge_closes_the_duplicate_with_a_public_response(manager):
    source, target = IdeaFactory(), IdeaFactory()

    change = merge_idea(source, into=target, response="See the other idea.", by=manager)

    source.refresh_from_db()
    assert source.status == "duplicate"
    assert source.merged_into == target
    assert source.is_locked
    assert source.first_response_at is not None
    assert (change.from_status, change.to_status) == ("new", "duplicate")
    assert change.response == "See the other idea."


def test_moved_votes_keep_their_time(manager):
    target = IdeaFactory()
    source = idea_with_votes(1)
    cast_at = IdeaVote.objects.get(idea=source).created_at

    merge_idea(source, into=target, response="Same.", by=manager)

    assert IdeaVote.objects.get(idea=target).created_at == cast_at


def test_followers_and_voters_of_the_duplicate_follow_the_target(manager):
    target = IdeaFactory()
    follower, voter = UserFactory.create_batch(2)
    source = IdeaFactory()
    IdeaFollow.objects.create(idea=source, user=follower)
    IdeaVote.objects.create(idea=source, user=voter)
    IdeaFollow.objects.create(idea=target, user=follower)

    merge_idea(source, into=target, response="Same.", by=manager)

    followers = set(target.follows.values_list("user_id", flat=True))
    assert followers == {follower.pk, voter.pk}


def test_the_duplicate_s_voters_and_followers_are_told_it_merged(manager):
    target = IdeaFactory()
    follower = UserFactory()
    source = idea_with_votes(2)
    IdeaFollow.objects.create(idea=source, user=follower)
    voters = set(source.votes.values_list("user_id", flat=True))

    merge_idea(source, into=target, response="Same.", by=manager)

    notes = Notification.objects.filter(idea=source, action="merged")
    assert set(notes.values_list("recipient_id", flat=True)) == voters | {
        follower.pk,
        source.author_id,
    }
    assert not Notification.objects.filter(recipient=manager).exists()


def test_a_merge_is_in_the_audit_log(manager):
    source, target = idea_with_votes(2), IdeaFactory()

    merge_idea(source, into=target, response="Same.", by=manager)

    entry = AuditEntry.objects.get(action=AuditAction.MERGE_IDEA)
    assert entry.target_id == source.pk
    assert entry.after["merged_into"] == target.pk
    assert entry.after["votes_moved"] == 2


def test_an_idea_cannot_be_merged_into_itself(manager):
    idea = idea_with_votes(1)
    before = _snapshot()

    with pytest.raises(ValidationError, match="into itself"):
        merge_idea(idea, into=idea, response="Same.", by=manager)

    assert _snapshot() == before


def test_merging_back_into_a_duplicate_of_this_idea_is_refused_as_a_loop(manager):
    target = IdeaFactory()
    source = IdeaFactory()
    merge_idea(source, into=target, response="Same.", by=manager)
    before = _snapshot()

    with pytest.raises(ValidationError, match="loop"):
        merge_idea(target, into=source, response="Back.", by=manager)

    assert _snapshot() == before


def test_a_longer_cycle_is_refused(manager):
    a = IdeaFactory()
    # Data from before the rule (or an import) could hold a chain c -> b -> a.
    b = IdeaFactory(status="new", merged_into=a)
    c = IdeaFactory(status="new", merged_into=b)
    before = _snapshot()

    with pytest.raises(ValidationError, match="loop"):
        merge_idea(a, into=c, response="Round.", by=manager)

    assert _snapshot() == before


def test_merging_into_a_duplicate_is_refused(manager):
    target = IdeaFactory()
    duplicate = IdeaFactory(status="duplicate", merged_into=target)

    with pytest.raises(ValidationError, match="itself a duplicate"):
        merge_idea(IdeaFactory(), into=duplicate, response="Same.", by=manager)


def test_merging_into_a_hidden_idea_is_refused(manager):
    with pytest.raises(ValidationError, match="hidden"):
        merge_idea(
            IdeaFactory(), into=IdeaFactory(is_hidden=True), response="x1", by=manager
        )


def test_a_duplicate_cannot_be_merged_again(manager):
    source = IdeaFactory(status="duplicate", merged_into=IdeaFactory())

    with pytest.raises(ValidationError, match="merged into another"):
        merge_idea(source, into=IdeaFactory(), response="Again.", by=manager)


def test_a_merge_needs_a_response(manager):
    source, target = idea_with_votes(1), IdeaFactory()
    before = _snapshot()

    with pytest.raises(ValidationError, match="public response"):
        merge_idea(source, into=target, response=" ", by=manager)

    assert _snapshot() == before


def test_customers_and_authors_cannot_merge():
    source, target = IdeaFactory(), IdeaFactory()
    before = _snapshot()

    for member in (UserFactory(), source.author, target.author):
        with pytest.raises(PermissionDenied):
            merge_idea(source, into=target, response="Same.", by=member)

    assert _snapshot() == before


def test_moderators_may_merge(moderator):
    source, target = idea_with_votes(3), IdeaFactory()

    merge_idea(source, into=target, response="Same.", by=moderator)

    target.refresh_from_db()
    assert target.vote_count == 3


def test_merging_chains_keeps_one_vote_per_member(manager):
    a, b, c = IdeaFactory(), IdeaFactory(), IdeaFactory()
    shared = UserFactory()
    vote(a, shared, UserFactory())
    vote(b, shared)
    vote(c, shared)

    merge_idea(a, into=b, response="Same.", by=manager)
    merge_idea(b, into=c, response="Same.", by=manager)

    c.refresh_from_db()
    assert c.vote_count == 2 == IdeaVote.objects.filter(idea=c).count()
    assert IdeaVote.objects.filter(user=shared).count() == 1


# --- the merge form ---------------------------------------------------------------


def test_the_merge_form_takes_an_idea_address(client, manager):
    source, target = idea_with_votes(2), IdeaFactory()
    client.force_login(manager)

    response = client.post(
        f"/ideas/{source.pk}/merge/",
        {
            "into": f"https://example.com{target.get_absolute_url()}",
            "response": "Same.",
        },
    )

    assert response.status_code == 302
    target.refresh_from_db()
    assert target.vote_count == 2


def test_the_merge_form_takes_an_idea_number(client, manager):
    source, target = IdeaFactory(), IdeaFactory()
    client.force_login(manager)

    client.post(
        f"/ideas/{source.pk}/merge/", {"into": f"#{target.pk}", "response": "x1"}
    )

    source.refresh_from_db()
    assert source.merged_into == target


@pytest.mark.parametrize("into", ["", "nothing", "999999"])
def test_a_merge_form_without_a_real_idea_shows_an_error(client, manager, into):
    source = IdeaFactory()
    client.force_login(manager)

    response = client.post(
        f"/ideas/{source.pk}/merge/", {"into": into, "response": "x1"}
    )

    assert response.status_code == 400
    source.refresh_from_db()
    assert source.status == "new"


def test_a_merge_into_itself_re_renders_with_the_error(client, manager):
    source = IdeaFactory()
    client.force_login(manager)

    response = client.post(
        f"/ideas/{source.pk}/merge/", {"into": str(source.pk), "response": "Same."}
    )

    assert response.status_code == 400
    assert "can&#x27;t be merged into itself" in response.content.decode()


def test_the_merged_idea_page_points_to_the_target(client, manager):
    source, target = IdeaFactory(), IdeaFactory(title="The idea that stays")
    merge_idea(source, into=target, response="Same thing.", by=manager)

    page = client.get(source.get_absolute_url()).content.decode()

    assert "Merged into" in page
    assert target.get_absolute_url() in page


# --- real collisions (PostgreSQL) -------------------------------------------------

on_postgresql = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="parallel writers need PostgreSQL; SQLite serialises them",
    ),
]


def _attempt(merge):
    def run():
        try:
            return merge()
        except ValidationError as error:
            return error

    return run


@pytest.mark.parametrize("round_", range(3))
@on_postgresql[0]
@on_postgresql[1]
def test_parallel_merges_into_one_idea_count_every_voter_once(round_):
    manager = UserFactory(role=Role.MANAGER)
    shared = UserFactory.create_batch(3)
    target = vote(IdeaFactory(), shared[0])
    sources = [vote(IdeaFactory(), *shared, UserFactory()) for _ in range(4)]

    run_together(
        [
            partial(merge_idea, source, into=target, response="Same.", by=manager)
            for source in sources
        ]
    )

    target.refresh_from_db()
    assert target.vote_count == IdeaVote.objects.filter(idea=target).count() == 7
    assert Idea.objects.filter(status="duplicate").count() == 4


@pytest.mark.parametrize("round_", range(3))
@on_postgresql[0]
@on_postgresql[1]
def test_crossing_merges_neither_deadlock_nor_loop(round_):
    manager = UserFactory(role=Role.MANAGER)
    a, b = idea_with_votes(2), idea_with_votes(3)

    results = run_together(
        [
            _attempt(lambda: merge_idea(a, into=b, response="Same.", by=manager)),
            _attempt(lambda: merge_idea(b, into=a, response="Same.", by=manager)),
        ]
    )

    assert sum(isinstance(result, ValidationError) for result in results) == 1
    a.refresh_from_db()
    b.refresh_from_db()
    kept = a if a.status != "duplicate" else b
    assert kept.merged_into_id is None
    assert kept.vote_count == 5 == IdeaVote.objects.filter(idea=kept).count()
