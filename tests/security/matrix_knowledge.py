"""The role x action matrix rows for forum.knowledge, gathered by test_role_matrix.

Each cell acts on an article its setup makes, owned by the expert of the board
(a knowledge author); "the author" role is the thread's replier, a customer, so
it must be refused like one."""

from datetime import timedelta

from django.utils import timezone

from forum.knowledge.models import Article
from tests.factories import ArticleCategoryFactory, ArticleFactory
from tests.security import world as w
from tests.security.matrix import Action

API = "/api/v1"
AUTHORS = frozenset({w.EXPERT_HERE, w.EXPERT_ELSEWHERE, w.MODERATOR, w.MANAGER})
OWNER_OR_REVIEWERS = frozenset({w.EXPERT_HERE, w.MODERATOR, w.MANAGER})
REVIEWERS = frozenset({w.MODERATOR, w.MANAGER})


def _article(state: str):
    def setup(world, user):
        world.article = ArticleFactory(
            state=state,
            owner=world.users[w.EXPERT_HERE],
            category=ArticleCategoryFactory(),
            title="Matrix article about modems",
            last_reviewed_at=timezone.now() - timedelta(days=400),
        )

    return setup


def _state_is(state: str):
    def effect(world, user) -> bool:
        return Article.objects.get(pk=world.article.pk).state == state

    return effect


def _reviewed_now(world, user) -> bool:
    article = Article.objects.get(pk=world.article.pk)
    return article.last_reviewed_by == user


def _edited(world, user) -> bool:
    article = Article.objects.get(pk=world.article.pk)
    return article.version == 2 and article.body == "Edited by the matrix."


def _category(world, user):
    world.kb_category = ArticleCategoryFactory()


def _new_article_data(world, user) -> dict:
    return {
        "title": "Matrix new article",
        "category": world.kb_category.pk,
        "body": "Written by the matrix.",
    }


def _edit_data(world, user) -> dict:
    return {
        "title": world.article.title,
        "category": world.article.category_id,
        "body": "Edited by the matrix.",
        "expected_version": 1,
    }


def _created(world, user) -> bool:
    return Article.objects.filter(title="Matrix new article", created_by=user).exists()


def _moves(prefix: str, *, api: bool) -> list[Action]:
    def url(verb: str):
        if api:
            return lambda world: f"{API}/articles/{world.article.pk}/{verb}/"
        return lambda world: f"/kb/{verb}/{world.article.pk}/"

    return [
        Action(
            f"{prefix}submit",
            "post",
            url("submit"),
            OWNER_OR_REVIEWERS,
            api=api,
            setup=_article("draft"),
            effect=_state_is("in_review"),
        ),
        Action(
            f"{prefix}publish",
            "post",
            url("publish"),
            REVIEWERS,
            api=api,
            setup=_article("in_review"),
            effect=_state_is("published"),
        ),
        Action(
            f"{prefix}return",
            "post",
            url("return"),
            OWNER_OR_REVIEWERS,
            api=api,
            data=lambda world, user: {"note": "Add the 5G settings."},
            setup=_article("in_review"),
            effect=_state_is("draft"),
        ),
        Action(
            f"{prefix}archive",
            "post",
            url("archive"),
            REVIEWERS,
            api=api,
            setup=_article("published"),
            effect=_state_is("archived"),
        ),
        Action(
            f"{prefix}restore",
            "post",
            url("restore"),
            REVIEWERS,
            api=api,
            setup=_article("archived"),
            effect=_state_is("draft"),
        ),
        Action(
            f"{prefix}reviewed",
            "post",
            url("reviewed"),
            OWNER_OR_REVIEWERS,
            api=api,
            setup=_article("published"),
            effect=_reviewed_now,
        ),
    ]


KNOWLEDGE_ACTIONS = [
    Action(
        "kb_new_article",
        "post",
        lambda world: "/kb/new/",
        AUTHORS,
        data=_new_article_data,
        setup=_category,
        effect=_created,
    ),
    Action(
        "kb_edit_draft",
        "post",
        lambda world: f"/kb/edit/{world.article.pk}/",
        OWNER_OR_REVIEWERS,
        data=_edit_data,
        setup=_article("draft"),
        effect=_edited,
    ),
    Action(
        "kb_edit_published",
        "post",
        lambda world: f"/kb/edit/{world.article.pk}/",
        REVIEWERS,
        data=_edit_data,
        setup=_article("published"),
        effect=_edited,
    ),
    *_moves("kb_", api=False),
    Action(
        "api_kb_create",
        "post",
        lambda world: f"{API}/articles/",
        AUTHORS,
        api=True,
        data=lambda world, user: {
            "title": "Matrix new article",
            "category": world.kb_category.slug,
            "body": "Written by the matrix.",
        },
        setup=_category,
        effect=_created,
    ),
    Action(
        "api_kb_update",
        "patch",
        lambda world: f"{API}/articles/{world.article.pk}/",
        OWNER_OR_REVIEWERS,
        api=True,
        data=lambda world, user: {"body": "Edited by the matrix.", "version": 1},
        setup=_article("draft"),
        effect=_edited,
    ),
    *_moves("api_kb_", api=True),
]
