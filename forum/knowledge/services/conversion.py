"""Turning a solved community thread into a knowledge article."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.models import User
from forum import caching, permissions
from forum.knowledge.models import Article, ArticleCategory
from forum.models import Board, Thread

SUMMARY_MAX_LENGTH = 300


def _locked_thread(thread: Thread) -> Thread:
    return (
        Thread.objects.select_for_update(of=("self",))
        .select_related(
            "board",
            "first_post",
            "solution_post",
            "solution_post__author",
            "knowledge_article",
        )
        .prefetch_related("tags")
        .get(pk=thread.pk)
    )


def _check_conversion(user: User, thread: Thread) -> None:
    """Say why the thread can't become an article, most useful reason first."""
    if permissions.can_turn_thread_into_article(user, thread):
        return
    if not permissions.can_view_thread(user, thread):
        raise PermissionDenied(_("You can't turn this thread into an article."))
    if getattr(thread, "knowledge_article", None) is not None:
        raise ValidationError(_("This thread already has a knowledge article."))
    if not permissions.can_author_articles(user) or not (
        permissions.can_review_articles(user)
        or permissions.is_expert_for(user, thread.board)
    ):
        raise PermissionDenied(
            _("Experts for this board and moderators turn threads into articles.")
        )
    if thread.is_hidden or not thread.is_approved:
        raise ValidationError(_("Hidden threads can't become articles."))
    raise ValidationError(_("Only a solved question can become an article."))


def _default_category(board: Board) -> ArticleCategory:
    categories = list(ArticleCategory.objects.all())
    if not categories:
        raise ValidationError(
            _("The knowledge base has no category yet; add one first.")
        )
    for category in categories:
        if category.slug == board.slug or category.name.casefold() == (
            board.name.casefold()
        ):
            return category
    return categories[0]


def _draft_body(thread: Thread) -> str:
    question = thread.first_post.body.strip() if thread.first_post else ""
    answer = thread.solution_post.body.strip()
    return f"## The question\n\n{question}\n\n## The answer\n\n{answer}\n"


def _draft_summary(thread: Thread) -> str:
    text = thread.first_post.body if thread.first_post else thread.title
    first_paragraph = text.strip().split("\n\n")[0]
    return Truncator(" ".join(first_paragraph.split())).chars(SUMMARY_MAX_LENGTH)


@transaction.atomic
@permissions.roles_from_database
def draft_article_from_thread(
    thread: Thread, *, by: User, category: ArticleCategory | None = None
) -> Article:
    """Draft an article from a solved thread: the question and its accepted answer,
    linked back to the thread, crediting the answer's author, owned by ``by``.
    Raises PermissionDenied (role) and ValidationError (not solved, hidden,
    already an article, no category)."""
    from forum.knowledge.services.articles import create_article

    thread = _locked_thread(thread)
    _check_conversion(by, thread)
    if thread.solution_post.is_hidden:
        raise ValidationError(_("The accepted answer is hidden; choose another first."))
    article = create_article(
        by=by,
        category=category or _default_category(thread.board),
        title=thread.title,
        body=_draft_body(thread),
        summary=_draft_summary(thread),
        tags=[tag.name for tag in thread.tags.all()],
        boards=[thread.board],
        owner=by,
        source_thread=thread,
        credited_to=thread.solution_post.author,
        note="Drafted from a solved community thread.",
    )
    # The thread page offers the conversion only while the thread has no article.
    caching.forget_threads([thread.pk], [thread.board_id])
    return article
