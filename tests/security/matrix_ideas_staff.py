"""The role x action matrix rows for forum.ideas staff actions, gathered by
test_role_matrix. Each row's setup puts the idea it acts on in the world (the
replier plays its author)."""

from forum.ideas.models import Idea, IdeaComment, IdeaFlag, IdeaVote
from forum.moderation.models import FlagReason
from tests.factories import IdeaCommentFactory, IdeaFactory, UserFactory
from tests.security import world as w
from tests.security.matrix import MODERATORS, OTHERS_WHO_WRITE, Action

IDEA_STAFF = frozenset({w.MODERATOR, w.MANAGER})


def _idea(**fields):
    def setup(world, user):
        world.idea = IdeaFactory(author=world.replier, **fields)

    return setup


def _duplicate_pair(world, user):
    world.idea = IdeaFactory(author=world.replier)
    world.target = IdeaFactory()
    voter = UserFactory(username="matrix_voter")
    IdeaVote.objects.create(idea=world.idea, user=voter)
    Idea.objects.filter(pk=world.idea.pk).update(vote_count=1)


def _comment(hidden: bool = False):
    def setup(world, user):
        world.idea = IdeaFactory()
        world.comment = IdeaCommentFactory(
            idea=world.idea, author=world.replier, is_hidden=hidden
        )
        Idea.objects.filter(pk=world.idea.pk).update(comment_count=0 if hidden else 1)

    return setup


def _flagged(world, user):
    world.idea = IdeaFactory(author=world.replier)
    IdeaFlag.objects.create(
        idea=world.idea, user=UserFactory(username="matrix_flagger"), reason="spam"
    )


def _fresh_idea(world) -> Idea:
    return Idea.objects.get(pk=world.idea.pk)


def _url(suffix: str):
    return lambda world: f"/ideas/{world.idea.pk}/{suffix}"


def _comment_url(suffix: str):
    return lambda world: f"/ideas/comments/{world.comment.pk}/{suffix}"


def _answer(world, user):
    return {"status": "planned", "response": "On the roadmap for spring."}


def _merge(world, user):
    return {"into": world.target.pk, "response": "The same request as this one."}


def _merge_form(world, user):
    return {"into": str(world.target.pk), "response": "The same request as this one."}


IDEA_STAFF_ACTIONS = [
    Action(
        "idea_change_status",
        "post",
        _url("status/"),
        IDEA_STAFF,
        data=_answer,
        setup=_idea(),
        effect=lambda world, user: _fresh_idea(world).status == "planned",
    ),
    Action(
        "api_idea_change_status",
        "post",
        lambda world: f"/api/v1/ideas/{world.idea.pk}/status/",
        IDEA_STAFF,
        data=_answer,
        api=True,
        setup=_idea(),
        effect=lambda world, user: _fresh_idea(world).status == "planned",
    ),
    Action(
        "idea_merge",
        "post",
        _url("merge/"),
        IDEA_STAFF,
        data=_merge_form,
        setup=_duplicate_pair,
        effect=lambda world, user: (
            _fresh_idea(world).merged_into_id == world.target.pk
            and Idea.objects.get(pk=world.target.pk).vote_count == 1
        ),
    ),
    Action(
        "api_idea_merge",
        "post",
        lambda world: f"/api/v1/ideas/{world.idea.pk}/merge/",
        IDEA_STAFF,
        data=_merge,
        api=True,
        setup=_duplicate_pair,
        effect=lambda world, user: _fresh_idea(world).status == "duplicate",
    ),
    Action(
        "idea_flag",
        "post",
        _url("flag/"),
        OTHERS_WHO_WRITE,
        data=lambda world, user: {"reason": FlagReason.SPAM, "next": "/"},
        setup=_idea(),
        effect=lambda world, user: IdeaFlag.objects.filter(
            idea=world.idea, user=user
        ).exists(),
    ),
    Action(
        "idea_flag_comment",
        "post",
        _comment_url("flag/"),
        OTHERS_WHO_WRITE,
        data=lambda world, user: {"reason": FlagReason.ABUSE, "next": "/"},
        setup=_comment(),
        effect=lambda world, user: IdeaFlag.objects.filter(
            comment=world.comment, user=user
        ).exists(),
    ),
    Action(
        "idea_hide",
        "post",
        _url("moderate/hide/"),
        MODERATORS,
        data=lambda world, user: {"reason": "Advertising"},
        setup=_idea(),
        effect=lambda world, user: _fresh_idea(world).is_hidden,
    ),
    Action(
        "idea_restore",
        "post",
        _url("moderate/restore/"),
        MODERATORS,
        setup=_idea(is_hidden=True),
        effect=lambda world, user: not _fresh_idea(world).is_hidden,
    ),
    Action(
        "idea_lock",
        "post",
        _url("moderate/lock/"),
        MODERATORS,
        setup=_idea(),
        effect=lambda world, user: _fresh_idea(world).is_locked,
    ),
    Action(
        "idea_unlock",
        "post",
        _url("moderate/unlock/"),
        MODERATORS,
        setup=_idea(is_locked=True),
        effect=lambda world, user: not _fresh_idea(world).is_locked,
    ),
    Action(
        "idea_moderator_edit",
        "post",
        _url("moderate/edit/"),
        MODERATORS,
        data=lambda world, user: {
            "title": "A clearer title for the idea",
            "body": "The same idea, said clearly.",
            "reason": "Clarity",
        },
        setup=_idea(),
        effect=lambda world, user: (
            _fresh_idea(world).title == "A clearer title for the idea"
        ),
    ),
    Action(
        "idea_comment_hide",
        "post",
        _comment_url("moderate/hide/"),
        MODERATORS,
        data=lambda world, user: {"reason": "Rude"},
        setup=_comment(),
        effect=lambda world, user: (
            IdeaComment.objects.get(pk=world.comment.pk).is_hidden
            and _fresh_idea(world).comment_count == 0
        ),
    ),
    Action(
        "idea_comment_restore",
        "post",
        _comment_url("moderate/restore/"),
        MODERATORS,
        setup=_comment(hidden=True),
        effect=lambda world, user: (
            not IdeaComment.objects.get(pk=world.comment.pk).is_hidden
            and _fresh_idea(world).comment_count == 1
        ),
    ),
    Action(
        "idea_flags_dismiss",
        "post",
        _url("flags/dismiss/"),
        MODERATORS,
        setup=_flagged,
        effect=lambda world, user: not IdeaFlag.objects.open().exists(),
    ),
    Action(
        "idea_flags_uphold",
        "post",
        _url("flags/uphold/"),
        MODERATORS,
        setup=_flagged,
        effect=lambda world, user: _fresh_idea(world).is_hidden,
    ),
]
