"""The role x action matrix rows for the knowledge base community actions
(thread to article, feedback, follows), gathered by test_role_matrix."""

from forum import services
from forum.knowledge.models import Article, ArticleFeedback, ArticleFollow
from tests.factories import ArticleCategoryFactory, ArticleFactory
from tests.security import world as w
from tests.security.matrix import ALL_MEMBERS, WRITERS, Action

# Experts certified for the thread's board and knowledge staff.
CONVERTERS = frozenset({w.EXPERT_HERE, w.MODERATOR, w.MANAGER})
# The article's owner (the expert, in these rows) and reviewers.
FEEDBACK_READERS = frozenset({w.EXPERT_HERE, w.MODERATOR, w.MANAGER})
# Every reader, visitors included (by their session); not suspended members.
FEEDBACK_GIVERS = frozenset(w.ROLES) - {w.SUSPENDED}


def _solved(world, user):
    services.accept_solution(world.question, post=world.reply, by=world.asker)
    ArticleCategoryFactory(name="NBN & Internet", slug="nbn-internet")


def _article(world, user):
    world.article = ArticleFactory(owner=world.users[w.EXPERT_HERE])


def _followed_article(world, user):
    _article(world, user)
    if user is not None:
        ArticleFollow.objects.create(article=world.article, user=user)


def _commented_article(world, user):
    _article(world, user)
    world.feedback = ArticleFeedback.objects.create(
        article=world.article,
        user=world.users[w.CUSTOMER],
        helpful=False,
        comment="The APN changed last month.",
    )


def _follows(world, user) -> bool:
    return ArticleFollow.objects.filter(article=world.article, user=user).exists()


KNOWLEDGE_COMMUNITY_ACTIONS = [
    Action(
        "turn_thread_into_article",
        "post",
        lambda world: f"/kb/from-thread/{world.question.pk}/",
        CONVERTERS,
        setup=_solved,
        effect=lambda world, user: Article.objects.filter(
            source_thread=world.question, owner=user, credited_to=world.replier
        ).exists(),
    ),
    Action(
        "give_article_feedback",
        "post",
        lambda world: f"/kb/helpful/{world.article.pk}/",
        FEEDBACK_GIVERS,
        data=lambda world, user: {"helpful": "no"},
        setup=_article,
        effect=lambda world, user: (
            Article.objects.get(pk=world.article.pk).unhelpful_count == 1
        ),
    ),
    Action(
        "follow_article",
        "post",
        lambda world: f"/kb/follow/{world.article.pk}/",
        WRITERS,
        data=lambda world, user: {"action": "follow"},
        setup=_article,
        effect=_follows,
    ),
    Action(
        "unfollow_article",
        "post",
        lambda world: f"/kb/follow/{world.article.pk}/",
        ALL_MEMBERS,
        data=lambda world, user: {"action": "unfollow"},
        setup=_followed_article,
        effect=lambda world, user: not _follows(world, user),
    ),
    Action(
        "api_turn_thread_into_article",
        "post",
        lambda world: f"/api/v1/threads/{world.question.pk}/article/",
        CONVERTERS,
        api=True,
        setup=_solved,
        effect=lambda world, user: Article.objects.filter(
            source_thread=world.question, owner=user
        ).exists(),
    ),
    Action(
        "api_give_article_feedback",
        "post",
        lambda world: f"/api/v1/articles/{world.article.pk}/feedback/",
        WRITERS,
        api=True,
        data=lambda world, user: {"helpful": False, "comment": "Out of date."},
        setup=_article,
        effect=lambda world, user: ArticleFeedback.objects.filter(
            article=world.article, user=user, comment="Out of date."
        ).exists(),
    ),
    Action(
        "api_follow_article",
        "post",
        lambda world: f"/api/v1/articles/{world.article.pk}/follow/",
        WRITERS,
        api=True,
        setup=_article,
        effect=_follows,
    ),
    Action(
        "api_unfollow_article",
        "delete",
        lambda world: f"/api/v1/articles/{world.article.pk}/follow/",
        ALL_MEMBERS,
        api=True,
        setup=_followed_article,
        effect=lambda world, user: not _follows(world, user),
    ),
    Action(
        "resolve_article_feedback",
        "post",
        lambda world: f"/kb/feedback/resolve/{world.feedback.pk}/",
        FEEDBACK_READERS,
        setup=_commented_article,
        effect=lambda world, user: (
            ArticleFeedback.objects.get(pk=world.feedback.pk).resolved_at is not None
        ),
    ),
]
