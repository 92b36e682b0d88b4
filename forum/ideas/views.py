"""The idea exchange's pages: boards, ideas, the roadmap, and small actions.

Views parse the request, call a selector or a service, and answer; every rule is
the permission module's, every write a service's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from forum import permissions, seo
from forum.ideas import selectors, services
from forum.ideas.forms import CommentForm, IdeaForm
from forum.ideas.models import Idea
from forum.moderation.flood import RateLimited
from forum.views.common import _done, _refused


@require_GET
def home(request):
    return render(
        request,
        "ideas/home.html",
        {
            "boards": selectors.idea_board_list(),
            "top_ideas": selectors.top_ideas(request.user),
        },
    )


def _list_options(request) -> dict:
    """The board list's sort, status and tag; unknown values fall back to the
    defaults (a shared link with a stale value still opens)."""
    sort = request.GET.get("sort", "")
    status = request.GET.get("status", "")
    return {
        "sort": sort if sort in selectors.SORTS else selectors.DEFAULT_SORT,
        "status": status
        if status in selectors.STATUS_FILTERS
        else selectors.DEFAULT_STATUS,
        "tag": request.GET.get("tag", "")[:100],
    }


@require_GET
def board(request, slug: str):
    board = selectors.idea_board_detail(slug)
    options = _list_options(request)
    page = selectors.paginate(
        selectors.idea_list(request.user, board=board, **options),
        request.GET.get("page"),
    )
    return render(
        request,
        "ideas/board.html",
        {
            "board": board,
            "page": page,
            "voted": selectors.voted_idea_ids(request.user, page.object_list),
            "sorts": selectors.SORTS,
            "statuses": selectors.STATUS_FILTERS,
            "canonical_url": seo.page_url(board.get_absolute_url(), page.number),
            **options,
        },
    )


@require_GET
def idea(request, pk: int, slug: str):
    idea = selectors.idea_detail(request.user, pk)
    if slug != idea.slug:
        return redirect(idea, permanent=True)
    return _idea_page(request, idea, CommentForm())


def _idea_page(request, idea: Idea, comment_form: CommentForm, *, status: int = 200):
    comments = selectors.paginate(
        selectors.idea_comments(request.user, idea),
        request.GET.get("page"),
        per_page=selectors.COMMENTS_PER_PAGE,
    )
    return render(
        request,
        "ideas/idea.html",
        {
            "idea": idea,
            "page": comments,
            "comment_form": comment_form,
            "has_voted": selectors.has_voted(request.user, idea),
            "following": selectors.is_following(request.user, idea),
            "canonical_url": seo.absolute_url(idea.get_absolute_url()),
        },
        status=status,
    )


@login_required
def new(request, slug: str):
    board = selectors.idea_board_detail(slug)
    if not permissions.can_post_idea(request.user, board):
        raise PermissionDenied(_("This idea board takes no new ideas."))
    form = IdeaForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            idea = services.post_idea(board=board, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        except RateLimited as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Your idea is posted. Others can vote for it now.")
            )
            return redirect(idea)
    return render(request, "ideas/idea_form.html", {"form": form, "board": board})


@login_required
def edit(request, pk: int):
    idea = selectors.idea_detail(request.user, pk)
    if not permissions.can_edit_idea(request.user, idea):
        raise PermissionDenied(_("You can't edit this idea."))
    initial = {
        "title": idea.title,
        "body": idea.body,
        "tags": ", ".join(tag.name for tag in idea.tags.all()),
    }
    form = IdeaForm(request.POST or None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.edit_idea(idea, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(reverse("ideas:idea", args=[idea.pk, idea.slug]))
    return render(
        request,
        "ideas/idea_form.html",
        {"form": form, "board": idea.board, "idea": idea},
    )


@require_POST
@login_required
def vote(request, pk: int):
    idea = selectors.idea_for_action(request.user, pk)
    if request.POST.get("action") == "withdraw":
        services.withdraw_vote(idea, by=request.user)
        message, voted = _("Your vote is withdrawn."), False
    else:
        services.vote_for_idea(idea, by=request.user)
        message, voted = (
            _("Thanks for your vote! You'll hear when its status changes."),
            True,
        )
    idea.refresh_from_db(fields=["vote_count"])
    return _done(
        request,
        idea.get_absolute_url(),
        message,
        {"voted": voted, "vote_count": idea.vote_count},
    )


@require_POST
@login_required
def comment(request, pk: int):
    idea = selectors.idea_for_action(request.user, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            posted = services.post_idea_comment(
                idea, by=request.user, body=form.cleaned_data["body"]
            )
        except (ValidationError, RateLimited) as error:
            return _refused(request, idea.get_absolute_url(), error)
        messages.success(request, _("Your comment is posted."))
        return redirect(f"{idea.get_absolute_url()}#comment-{posted.pk}")
    if not permissions.can_comment_on_idea(request.user, idea):
        raise PermissionDenied(_("Comments are closed on this idea."))
    idea = selectors.idea_detail(request.user, pk)
    return _idea_page(request, idea, form, status=400)


@require_POST
@login_required
def follow(request, pk: int):
    idea = selectors.idea_for_action(request.user, pk)
    if request.POST.get("action") == "unfollow":
        services.unfollow_idea(idea, by=request.user)
        message, following = _("You no longer follow this idea."), False
    else:
        services.follow_idea(idea, by=request.user)
        message, following = (
            _("You'll hear about its status and new comments."),
            True,
        )
    return _done(request, idea.get_absolute_url(), message, {"following": following})


@require_GET
def roadmap(request) -> HttpResponse:
    return render(
        request, "ideas/roadmap.html", {"columns": selectors.roadmap(request.user)}
    )
