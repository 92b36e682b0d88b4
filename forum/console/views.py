"""The settings area's pages (parse, call a service, respond) and the brand
stylesheet and images every page links to."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from forum import permissions
from forum.console import colours, conf, selectors, services
from forum.console.forms import (
    BoardForm,
    ModerationThresholdsForm,
    MoveBoardForm,
    RankForm,
    RemoveRankForm,
    SiteSettingsForm,
)
from forum.models import Board
from forum.reputation.models import Rank

# A versioned address never changes what it serves.
IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"


def _site_form(data=None, files=None) -> SiteSettingsForm:
    return SiteSettingsForm(
        data,
        files,
        initial=selectors.site_settings_initial(),
        boards=Board.objects.active().order_by("position", "name"),
        target_default=conf.environment_first_response_target_minutes(),
    )


def _moderation_form(data=None) -> ModerationThresholdsForm:
    return ModerationThresholdsForm(
        data,
        initial=selectors.moderation_initial(),
        defaults=selectors.moderation_defaults(),
    )


def _settings_page(request, *, site_form=None, moderation_form=None, status=200):
    user = request.user
    context = {"active_section": "settings"}
    if permissions.can_edit_site_settings(user):
        context["site_form"] = site_form or _site_form()
    if permissions.can_edit_moderation_thresholds(user):
        context["moderation_form"] = moderation_form or _moderation_form()
    return render(request, "console/settings.html", context, status=status)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _submitted(request, form, save, *, success) -> bool:
    """Validate the form and call its service (``save``): True once saved, with
    ``success(result)`` flashed; False with the form's or the service's errors."""
    if not form.is_valid():
        return False
    try:
        result = save()
    except ValidationError as error:
        form.add_service_errors(error)
        return False
    messages.success(request, success(result))
    return True


@require_GET
@login_required
def index(request):
    """The settings area: the site's look, home page and defaults, and the
    moderation thresholds, each shown to whoever may change it."""
    _require(permissions.can_open_settings_area(request.user))
    return _settings_page(request)


@require_POST
@login_required
def save_site_settings(request):
    _require(permissions.can_edit_site_settings(request.user))
    form = _site_form(request.POST, request.FILES)

    def save():
        data = form.cleaned_data
        return services.update_site_settings(
            by=request.user,
            values=form.values(),
            featured_boards=data["featured_boards"],
            logo=data["logo"] or None,
            favicon=data["favicon"] or None,
            remove_logo=data["remove_logo"],
            remove_favicon=data["remove_favicon"],
            cost_per_contact=data["cost_per_contact"],
            currency=data["currency"],
        )

    if _submitted(request, form, save, success=lambda saved: _("Site settings saved.")):
        return redirect("console:index")
    return _settings_page(request, site_form=form, status=400)


@require_POST
@login_required
def save_moderation_thresholds(request):
    _require(permissions.can_edit_moderation_thresholds(request.user))
    form = _moderation_form(request.POST)
    if _submitted(
        request,
        form,
        lambda: services.update_moderation_thresholds(
            by=request.user, values=form.cleaned_data
        ),
        success=lambda saved: _("Moderation thresholds saved."),
    ):
        return redirect("console:index")
    return _settings_page(request, moderation_form=form, status=400)


# --- the board list -------------------------------------------------------------


def _boards_page(request, *, form=None, status=200):
    return render(
        request,
        "console/boards.html",
        {
            "active_section": "boards",
            "boards": list(selectors.boards_in_order()),
            "form": form or BoardForm(),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def boards(request):
    """Every board in order, with buttons to move, archive and restore, and the
    form that adds one."""
    _require(permissions.can_manage_boards(request.user))
    if request.method == "GET":
        return _boards_page(request)
    form = BoardForm(request.POST)
    if _submitted(
        request,
        form,
        lambda: services.create_board(by=request.user, **form.values()),
        success=lambda board: _("Board “%(name)s” created.") % {"name": board.name},
    ):
        return redirect("console:boards")
    return _boards_page(request, form=form, status=400)


@require_http_methods(["GET", "POST"])
@login_required
def edit_board(request, pk: int):
    _require(permissions.can_manage_boards(request.user))
    board = get_object_or_404(Board.objects.select_related("category"), pk=pk)
    initial = {**{f: getattr(board, f) for f in ("name", "description", "kind")}}
    initial["category"] = board.category_id
    initial["posting_requires_verified_customer"] = (
        board.posting_requires_verified_customer
    )
    form = BoardForm(request.POST or None, initial=initial)
    if request.method == "POST" and _submitted(
        request,
        form,
        lambda: services.update_board(board, by=request.user, **form.values()),
        success=lambda saved: (
            _("Board “%(name)s” saved.") % {"name": form.cleaned_data["name"]}
        ),
    ):
        return redirect("console:boards")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "console/board_edit.html",
        {"active_section": "boards", "board": board, "form": form},
        status=status,
    )


@require_POST
@login_required
def move_board(request, pk: int):
    _require(permissions.can_manage_boards(request.user))
    board = get_object_or_404(Board, pk=pk)
    form = MoveBoardForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to move the board up or down."))
        return redirect("console:boards")
    services.move_board(
        board, by=request.user, direction=form.cleaned_data["direction"]
    )
    return redirect(f"{redirect('console:boards').url}#board-{board.pk}")


@require_POST
@login_required
def archive_board(request, pk: int):
    _require(permissions.can_manage_boards(request.user))
    board = services.archive_board(get_object_or_404(Board, pk=pk), by=request.user)
    messages.success(request, _("Board “%(name)s” archived.") % {"name": board.name})
    return redirect("console:boards")


@require_POST
@login_required
def restore_board(request, pk: int):
    _require(permissions.can_manage_boards(request.user))
    board = services.restore_board(get_object_or_404(Board, pk=pk), by=request.user)
    messages.success(request, _("Board “%(name)s” restored.") % {"name": board.name})
    return redirect("console:boards")


# --- the rank ladder ---------------------------------------------------------------


def _ranks_page(request, *, form=None, remove_form=None, status=200):
    return render(
        request,
        "console/ranks.html",
        {
            "active_section": "ranks",
            "rungs": selectors.rank_ladder(),
            "built_in_ladder": selectors.built_in_ladder(),
            "form": form or RankForm(),
            "remove_form": remove_form,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def ranks(request):
    """The rank ladder by points, each rung with its members, and the form that
    adds one."""
    _require(permissions.can_edit_rank_ladder(request.user))
    if request.method == "GET":
        return _ranks_page(request)
    form = RankForm(request.POST)
    if _submitted(
        request,
        form,
        lambda: services.add_rank(by=request.user, **form.values()),
        success=lambda rank: _("Rank “%(name)s” added.") % {"name": rank.name},
    ):
        return redirect("console:ranks")
    return _ranks_page(request, form=form, status=400)


@require_http_methods(["GET", "POST"])
@login_required
def edit_rank(request, pk: int):
    _require(permissions.can_edit_rank_ladder(request.user))
    rank = get_object_or_404(Rank, pk=pk)
    initial = {"name": rank.name, "min_points": rank.min_points}
    form = RankForm(request.POST or None, initial=initial)
    if request.method == "POST" and _submitted(
        request,
        form,
        lambda: services.update_rank(rank, by=request.user, **form.values()),
        success=lambda saved: f"Rank “{form.cleaned_data['name']}” saved.",
    ):
        return redirect("console:ranks")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "console/rank_edit.html",
        {"active_section": "ranks", "rank": rank, "form": form},
        status=status,
    )


@require_POST
@login_required
def remove_rank(request, pk: int):
    _require(permissions.can_edit_rank_ladder(request.user))
    rank = get_object_or_404(Rank, pk=pk)
    try:
        services.remove_rank(rank, by=request.user)
    except ValidationError as error:
        remove_form = RemoveRankForm({})
        remove_form.is_valid()
        remove_form.add_service_errors(error)
        return _ranks_page(request, remove_form=remove_form, status=400)
    messages.success(request, _("Rank “%(name)s” removed.") % {"name": rank.name})
    return redirect("console:ranks")


# --- the brand stylesheet and images ----------------------------------------------


def _cache_policy(request, version: str) -> str:
    return IMMUTABLE if request.GET.get("v") == version else SHORT


@require_GET
def brand_css(request):
    """The brand colours as CSS custom properties on :root (the content security
    policy forbids inline styles); static/css/site.css holds the defaults."""
    current = conf.snapshot()
    body = colours.stylesheet(
        brand_colour=current.brand_colour, link_colour=current.link_colour
    )
    response = HttpResponse(body, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = _cache_policy(request, current.version)
    return response


CONTENT_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "webp": "image/webp",
    "ico": "image/x-icon",
}


@require_GET
def brand_image(request, kind: str):
    """The uploaded logo or favicon, from the default storage (the app serves it,
    so it works the same on a disk or in a bucket, behind the versioned address)."""
    current = conf.snapshot()
    name = {"logo": current.logo, "favicon": current.favicon}.get(kind)
    if not name or not default_storage.exists(name):
        raise Http404
    extension = name.rsplit(".", 1)[-1]
    response = FileResponse(
        default_storage.open(name), content_type=CONTENT_TYPES.get(extension)
    )
    response["Cache-Control"] = _cache_policy(request, current.version)
    response["X-Content-Type-Options"] = "nosniff"
    return response
