from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import services as accounts
from forum import limits, permissions
from forum import selectors as forum_selectors
from forum.moderation import selectors, services
from forum.moderation.forms import AuditFilterForm, CertificationForm, MemberForm
from forum.moderation.views.common import require, respond

PERIODS = {"7": 7, "30": 30, "90": 90}


def _page(request, queryset):
    return forum_selectors.paginate(
        queryset, request.GET.get("page"), per_page=limits.THREADS_PER_PAGE
    )


@login_required
def member(request, username: str):
    """Suspend, ban or lift: the role ordering is checked by the services."""
    member = selectors.member_for_moderation(username)
    if not permissions.can_suspend_user(request.user, member):
        raise PermissionDenied(
            _("Only global moderators suspend members, and only of a lower role.")
        )
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            done = _apply(member, data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return respond(request, request.path, done=done)
    return render(
        request,
        "moderation/member.html",
        {"member": member, "form": form},
        status=400 if form.errors else 200,
    )


def _apply(member, data: dict, *, by) -> str:
    if data["action"] == "suspend":
        services.suspend_user(member, until=data["until"], reason=data["reason"], by=by)
        return _("%(name)s is suspended.") % {"name": member.name}
    if data["action"] == "ban":
        services.ban_user(member, reason=data["reason"], by=by)
        return _("%(name)s is banned.") % {"name": member.name}
    services.lift_suspension(member, reason=data["reason"], by=by)
    return _("%(name)s can post again.") % {"name": member.name}


@require(permissions.can_certify_experts, _("Moderators and managers certify experts."))
def experts(request, username: str):
    """Certify a member as an expert for one board or all, or revoke a
    certification; both audited by the services."""
    member = selectors.member_for_moderation(username)
    form = CertificationForm(request.POST or None)
    if request.method == "POST" and "revoke" in request.POST:
        certification = _certification(member, request.POST["revoke"])
        accounts.revoke_certification(certification, by=request.user)
        return respond(request, request.path, done=_("The certification is revoked."))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            accounts.certify_expert(
                member,
                board=data["board"],
                title=data["title"],
                expires_at=data["expires_at"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            done = _("%(name)s is certified: %(title)s.") % {
                "name": member.name,
                "title": data["title"].strip(),
            }
            return respond(request, request.path, done=done)
    return render(
        request,
        "moderation/experts.html",
        {
            "member": member,
            "form": form,
            "certifications": selectors.certifications_of(member),
        },
        status=400 if form.errors else 200,
    )


def _certification(member, raw_id: str):
    """The member's certification with this id; raises Http404."""
    certification = (
        member.certifications.filter(pk=int(raw_id)).first()
        if raw_id.isdigit()
        else None
    )
    if certification is None:
        raise Http404(_("No such certification."))
    return certification


@require_GET
@require(permissions.can_view_audit_log)
def audit_log(request):
    actors = selectors.audit_log_actors(request.user)
    form = AuditFilterForm(request.GET or None, actors=actors)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = selectors.audit_log(
        request.user,
        actor=filters.get("actor"),
        action=filters.get("action") or "",
        since=filters.get("since"),
        until=filters.get("until"),
    )
    page = _page(request, entries)
    return render(
        request,
        "moderation/audit_log.html",
        {"form": form, "page": page, "entries": list(page.object_list)},
    )


@require_GET
@require(
    permissions.can_view_response_queue,
    _("The unanswered queue is for moderators and certified experts."),
)
def unanswered(request):
    boards = list(selectors.response_queue_boards(request.user))
    board = next((b for b in boards if b.slug == request.GET.get("board")), None)
    status = request.GET.get("status", "")
    threads = selectors.unanswered_queue(request.user, board=board, status=status)
    page = _page(request, threads)
    return render(
        request,
        "moderation/unanswered.html",
        {
            "page": page,
            "threads": list(page.object_list),
            "boards": boards,
            "board": board,
            "status": status,
            "statuses": selectors.RESPONSE_STATUSES,
            "target_minutes": selectors.response_target_minutes(),
        },
    )


@require_GET
@require(permissions.can_view_response_times, _("This page is for moderators."))
def response_times(request):
    days = PERIODS.get(request.GET.get("days", ""), 30)
    until = timezone.now()
    since = until - timedelta(days=days)
    boards = list(forum_selectors.board_list())
    board = next((b for b in boards if b.slug == request.GET.get("board")), None)
    return render(
        request,
        "moderation/response_times.html",
        {
            "days": days,
            "periods": PERIODS,
            "boards": boards,
            "board": board,
            "stats": selectors.response_times(since=since, until=until, board=board),
            "experts": selectors.busiest_experts(since=since, until=until, board=board),
            "overdue": selectors.overdue_count(board=board),
        },
    )
