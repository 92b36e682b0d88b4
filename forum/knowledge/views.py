"""The knowledge base's pages under /kb/: read through the selectors, write
through the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from forum import permissions, seo
from forum.console import conf as console_conf
from forum.knowledge import journeys, selectors, services
from forum.knowledge.forms import ArticleForm, WorkflowNoteForm
from forum.knowledge.structured_data import article_structured_data
from forum.moderation.flood import RateLimited


@require_GET
def home(request):
    viewer = permissions.unwrapped_user(request.user)
    return render(request, "knowledge/home.html", selectors.knowledge_home(viewer))


@require_GET
def category(request, slug: str):
    shelf = selectors.category_by_slug(slug)
    page = selectors.category_articles(shelf, request.GET.get("page"))
    return render(
        request,
        "knowledge/category.html",
        {
            "category": shelf,
            "page": page,
            "canonical_url": seo.page_url(shelf.get_absolute_url(), page.number),
        },
    )


@require_GET
def article(request, article_id: int, slug: str = ""):
    viewer = permissions.unwrapped_user(request.user)
    found = selectors.article_detail(viewer, article_id)
    if slug != found.slug:
        return redirect(found, permanent=True)
    services.record_article_view(found)
    journeys.article_viewed(request, found)
    return render(
        request,
        "knowledge/article.html",
        {
            "article": found,
            "out_of_date": selectors.is_out_of_date(found),
            "review_days": console_conf.article_review_days(),
            "canonical_url": seo.absolute_url(found.get_absolute_url()),
            "structured_data": article_structured_data(found),
        },
    )


@login_required
def new(request):
    if not permissions.can_author_articles(request.user):
        raise PermissionDenied(_("Only knowledge authors can write articles."))
    form = ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_article(by=request.user, **form.values())
        except ValidationError as error:
            form.add_service_errors(error)
        except RateLimited as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Draft saved. Send it for review when ready."))
            return redirect(created)
    return render(request, "knowledge/edit.html", {"form": form, "article": None})


def _edit_initial(found) -> dict:
    return {
        "title": found.title,
        "category": found.category,
        "summary": found.summary,
        "body": found.body,
        "tags": ", ".join(sorted(found.tags.names())),
        "boards": list(found.boards.all()),
        "expected_version": found.version,
    }


@login_required
def edit(request, article_id: int):
    found = selectors.article_for_action(request.user, article_id)
    if not permissions.can_edit_article(request.user, found):
        raise PermissionDenied(_("You can't edit this article."))
    form = ArticleForm(request.POST or None, initial=_edit_initial(found))
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_article(
                found,
                by=request.user,
                expected_version=form.cleaned_data["expected_version"],
                **form.values(),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Article saved."))
            return redirect(selectors.article_for_action(request.user, article_id))
    return render(request, "knowledge/edit.html", {"form": form, "article": found})


# -- the workflow: one small POST view per move -------------------------------

MOVES = {
    "submit": (services.submit_article, gettext_lazy("Sent for review.")),
    "publish": (
        services.publish_article,
        gettext_lazy("Published: readers and search see it now."),
    ),
    "return": (services.return_article, gettext_lazy("Returned to draft.")),
    "archive": (
        services.archive_article,
        gettext_lazy("Archived: it left lists and search; its address still answers."),
    ),
    "restore": (
        services.restore_article,
        gettext_lazy("Restored as a draft, to be reviewed again."),
    ),
}


def _move_view(name: str):
    service, done = MOVES[name]

    @require_POST
    @login_required
    def move(request, article_id: int):
        found = selectors.article_for_action(request.user, article_id)
        form = WorkflowNoteForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(form.errors.get("note", [])))
            return redirect(found)
        try:
            moved = service(found, by=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(found)
        messages.success(request, done)
        return redirect(moved)

    move.__name__ = f"{name}_article"
    return move


submit = _move_view("submit")
publish = _move_view("publish")
return_ = _move_view("return")
archive = _move_view("archive")
restore = _move_view("restore")


@require_POST
@login_required
def reviewed(request, article_id: int):
    found = selectors.article_for_action(request.user, article_id)
    try:
        services.mark_article_reviewed(found, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Marked as reviewed today."))
    return redirect(found)


# -- history ---------------------------------------------------------------------


@require_GET
def history(request, article_id: int):
    found = selectors.article_detail(
        permissions.unwrapped_user(request.user), article_id
    )
    return render(
        request,
        "knowledge/history.html",
        {"article": found, "versions": selectors.article_versions(found)},
    )


@require_GET
def diff(request, article_id: int):
    found = selectors.article_detail(
        permissions.unwrapped_user(request.user), article_id
    )
    compared = selectors.version_diff(
        found, old=request.GET.get("from"), new=request.GET.get("to")
    )
    return render(request, "knowledge/diff.html", {"article": found, **compared})


@login_required
@require_GET
def queue(request):
    viewer = permissions.unwrapped_user(request.user)
    if not permissions.can_author_articles(viewer):
        raise PermissionDenied(_("The review queue is for knowledge authors."))
    return render(
        request,
        "knowledge/queue.html",
        {
            "in_review": selectors.review_queue(viewer),
            "mine": selectors.my_articles(viewer),
            "due": selectors.articles_due_for_review(viewer),
            "review_days": console_conf.article_review_days(),
        },
    )
