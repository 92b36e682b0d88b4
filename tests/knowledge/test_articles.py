"""Writing and editing articles (forum.knowledge.services.articles)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from forum.knowledge import services
from forum.knowledge.models import ArticleState, ArticleVersion
from tests.factories import ArticleCategoryFactory, BoardFactory


def _edit(article, by, **changes):
    fields = {
        "title": article.title,
        "body": article.body,
        "summary": article.summary,
        "tags": list(article.tags.names()),
        "boards": list(article.boards.all()),
        "category": article.category,
    }
    return services.edit_article(article, by=by, **(fields | changes))


def test_an_expert_drafts_an_article_as_version_one(draft, author, board):
    draft.refresh_from_db()
    assert draft.state == ArticleState.DRAFT
    assert draft.version == 1
    assert draft.owner == author and draft.created_by == author
    assert draft.slug == "setting-up-your-nbn-modem"
    assert "<ol>" in draft.body_html
    assert sorted(draft.tags.names()) == ["modem", "nbn"]
    assert list(draft.boards.all()) == [board]
    assert list(draft.versions.values_list("number", flat=True)) == [1]


def test_a_customer_cannot_draft_an_article(customer, category):
    with pytest.raises(PermissionDenied):
        services.create_article(
            by=customer, category=category, title="My own article", body="Text."
        )


def test_a_moderator_can_name_another_author_as_owner(moderator, author, category):
    article = services.create_article(
        by=moderator,
        category=category,
        title="Roaming overseas",
        body="Steps.",
        owner=author,
    )
    assert article.owner == author and article.created_by == moderator


def test_the_owner_must_be_a_knowledge_author(moderator, customer, category):
    with pytest.raises(ValidationError):
        services.create_article(
            by=moderator,
            category=category,
            title="Roaming overseas",
            body="S.",
            owner=customer,
        )


@pytest.mark.parametrize(
    "field,value",
    [("title", "Short"), ("title", "x" * 200), ("body", " "), ("summary", "s" * 301)],
)
def test_bad_input_is_refused_with_a_message(author, category, field, value):
    fields = {"title": "A good long title", "body": "Body text.", "summary": ""}
    with pytest.raises(ValidationError) as error:
        services.create_article(
            by=author, category=category, **(fields | {field: value})
        )
    assert field in error.value.message_dict


def test_markdown_is_sanitised(author, category):
    article = services.create_article(
        by=author,
        category=category,
        title="Scripts are stripped",
        body="Hi <script>alert(1)</script> [x](javascript:alert(1))",
    )
    assert "<script" not in article.body_html
    assert 'href="javascript' not in article.body_html


def test_a_thread_becomes_at_most_one_article(author, category, question):
    services.create_article(
        by=author,
        category=category,
        title="From a thread",
        body="B.",
        source_thread=question,
    )
    with pytest.raises(ValidationError):
        services.create_article(
            by=author,
            category=category,
            title="From a thread again",
            body="B.",
            source_thread=question,
        )


def test_an_edit_saves_a_new_version(draft, author):
    article = _edit(
        draft, author, body="New steps.", note="Clearer", expected_version=1
    )
    article.refresh_from_db()
    assert article.version == 2
    assert article.body == "New steps."
    latest = article.versions.first()
    assert (latest.number, latest.body, latest.note) == (2, "New steps.", "Clearer")
    assert article.versions.get(number=1).body.startswith("1. Plug in")


def test_an_edit_that_changes_nothing_stores_nothing(draft, author):
    _edit(draft, author)
    draft.refresh_from_db()
    assert draft.version == 1
    assert ArticleVersion.objects.filter(article=draft).count() == 1


def test_a_tag_category_or_board_change_is_a_new_version(draft, author):
    _edit(
        draft,
        author,
        tags=["wifi"],
        boards=[BoardFactory()],
        category=ArticleCategoryFactory(),
    )
    draft.refresh_from_db()
    assert draft.version == 2
    assert list(draft.tags.names()) == ["wifi"]


def test_a_stale_edit_is_refused_and_changes_nothing(draft, author, moderator):
    _edit(draft, moderator, body="Moderator's fix.", expected_version=1)
    with pytest.raises(ValidationError, match="Someone saved version 2"):
        _edit(draft, author, body="Author's change.", expected_version=1)
    draft.refresh_from_db()
    assert draft.body == "Moderator's fix." and draft.version == 2


def test_a_new_title_gives_a_new_slug(draft, author):
    _edit(draft, author, title="Connecting a modem to the NBN")
    draft.refresh_from_db()
    assert draft.slug == "connecting-a-modem-to-the-nbn"


def test_another_author_cannot_edit_someone_elses_draft(draft, other_author):
    with pytest.raises(PermissionDenied):
        _edit(draft, other_author, body="Mine now.")
    draft.refresh_from_db()
    assert draft.version == 1


def test_the_author_cannot_edit_once_published(published, author):
    with pytest.raises(PermissionDenied):
        _edit(published, author, body="Quiet change.")


def test_a_reviewer_edits_a_published_article(published, reviewer):
    _edit(published, reviewer, body="Reviewed change.")
    published.refresh_from_db()
    assert published.state == ArticleState.PUBLISHED and published.version == 2


def test_an_archived_article_cannot_be_edited(archived, reviewer):
    with pytest.raises(PermissionDenied, match="Archived"):
        _edit(archived, reviewer, body="Change.")


def test_a_view_is_counted(published):
    services.record_article_view(published)
    services.record_article_view(published)
    published.refresh_from_db()
    assert published.view_count == 2
