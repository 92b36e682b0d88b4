"""The role x action matrix rows for forum.ideas, gathered by test_role_matrix.

Every row's setup puts an idea board and an idea by "the author" (the replier)
into the world; the acting member's own votes and follows are made there too
when a row takes them back."""

from forum.ideas import services
from forum.ideas.models import Idea, IdeaComment, IdeaFollow, IdeaVote
from tests.factories import IdeaBoardFactory
from tests.security import world as w
from tests.security.matrix import (
    ALL_MEMBERS,
    AUTHOR_OR_MODERATOR,
    OTHERS_WHO_WRITE,
    WRITERS,
    Action,
)

API = "/api/v1"
NEW_IDEA = {"title": "Let me pause my plan abroad", "body": "For a month or two."}


def _idea(world, user):
    world.idea_board = IdeaBoardFactory(name="Plans and Billing", slug="plans")
    world.idea = services.post_idea(
        board=world.idea_board,
        by=world.replier,
        title="Show data usage per day",
        body="A daily chart would stop bill shock.",
    )


def _idea_voted(world, user):
    _idea(world, user)
    if user is not None and user.pk != world.replier.pk:
        services.vote_for_idea(world.idea, by=user)


def _idea_followed(world, user):
    _idea(world, user)
    if user is not None:
        IdeaFollow.objects.get_or_create(idea=world.idea, user=user)


def _idea_url(suffix: str = ""):
    return lambda world: f"/ideas/{world.idea.pk}/{suffix}"


def _api_idea_url(suffix: str = ""):
    return lambda world: f"{API}/ideas/{world.idea.pk}/{suffix}"


def _posted_by(world, user) -> bool:
    return Idea.objects.filter(author=user, title=NEW_IDEA["title"]).exists()


def _edited(world, user) -> bool:
    return Idea.objects.get(pk=world.idea.pk).title == "Show data usage per hour"


def _voted(world, user) -> bool:
    return IdeaVote.objects.filter(idea=world.idea, user=user).exists()


def _commented(world, user) -> bool:
    return IdeaComment.objects.filter(idea=world.idea, author=user).exists()


def _follows(world, user) -> bool:
    return IdeaFollow.objects.filter(idea=world.idea, user=user).exists()


EDIT = {"title": "Show data usage per hour", "body": "Hourly is better.", "tags": ""}

IDEA_ACTIONS = [
    Action(
        "idea_post",
        "post",
        lambda world: f"/ideas/b/{world.idea_board.slug}/new/",
        WRITERS,
        data=lambda world, user: {**NEW_IDEA, "tags": "plans"},
        setup=_idea,
        effect=_posted_by,
    ),
    Action(
        "idea_edit",
        "post",
        _idea_url("edit/"),
        AUTHOR_OR_MODERATOR,
        data=lambda world, user: EDIT,
        setup=_idea,
        effect=_edited,
    ),
    Action(
        "idea_vote",
        "post",
        _idea_url("vote/"),
        OTHERS_WHO_WRITE,
        setup=_idea,
        effect=_voted,
    ),
    Action(
        "idea_withdraw_vote",
        "post",
        _idea_url("vote/"),
        OTHERS_WHO_WRITE,
        data=lambda world, user: {"action": "withdraw"},
        setup=_idea_voted,
        effect=lambda world, user: not _voted(world, user),
    ),
    Action(
        "idea_comment",
        "post",
        _idea_url("comment/"),
        WRITERS,
        data=lambda world, user: {"body": "I'd use this every week."},
        setup=_idea,
        effect=_commented,
    ),
    Action(
        "idea_follow",
        "post",
        _idea_url("follow/"),
        WRITERS,
        # The author follows their own idea from the start.
        noop=frozenset({w.AUTHOR}),
        setup=_idea,
        effect=_follows,
    ),
    Action(
        "idea_unfollow",
        "post",
        _idea_url("follow/"),
        # Hearing less is never refused, suspended or not.
        ALL_MEMBERS,
        data=lambda world, user: {"action": "unfollow"},
        setup=_idea_followed,
        effect=lambda world, user: not _follows(world, user),
    ),
    Action(
        "api_idea_create",
        "post",
        lambda world: f"{API}/ideas/",
        WRITERS,
        data=lambda world, user: {**NEW_IDEA, "board": world.idea_board.slug},
        api=True,
        setup=_idea,
        effect=_posted_by,
    ),
    Action(
        "api_idea_update",
        "patch",
        _api_idea_url(),
        AUTHOR_OR_MODERATOR,
        data=lambda world, user: {"title": EDIT["title"]},
        api=True,
        setup=_idea,
        effect=_edited,
    ),
    Action(
        "api_idea_vote",
        "post",
        _api_idea_url("vote/"),
        OTHERS_WHO_WRITE,
        api=True,
        setup=_idea,
        effect=_voted,
    ),
    Action(
        "api_idea_withdraw_vote",
        "delete",
        _api_idea_url("vote/"),
        OTHERS_WHO_WRITE,
        api=True,
        setup=_idea_voted,
        effect=lambda world, user: not _voted(world, user),
    ),
    Action(
        "api_idea_comment",
        "post",
        _api_idea_url("comments/"),
        WRITERS,
        data=lambda world, user: {"body": "I'd use this every week."},
        api=True,
        setup=_idea,
        effect=_commented,
    ),
]
