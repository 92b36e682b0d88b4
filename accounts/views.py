from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import data_rights, selectors, services, sso, sso_linking
from accounts.forms import ApiTokenForm, DeleteAccountForm, ProfileForm
from forum import selectors as forum_selectors
from forum.reputation import selectors as reputation_selectors


def profile(request, username: str):
    member = selectors.profile_detail(username)
    activity = forum_selectors.member_activity(request.user, member)
    return render(
        request,
        "accounts/profile.html",
        {
            "member": member,
            "activity": activity,
            "badges": reputation_selectors.member_badges(member),
        },
    )


@login_required
def edit_profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile was saved."))
        return redirect("accounts:profile", username=request.user.username)
    return render(request, "accounts/edit_profile.html", {"form": form})


@never_cache
@login_required
def api_tokens(request):
    """List, create (the secret is shown once) and revoke personal API tokens."""
    form = ApiTokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_secret = services.create_api_token(
                request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            form.add_error("name", error.message_dict.get("name", error.messages))
        else:
            form = ApiTokenForm()
    tokens = request.user.api_tokens.usable()
    return render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "tokens": tokens, "new_secret": new_secret},
    )


@require_POST
@login_required
def revoke_api_token(request, token_id: int):
    token = get_object_or_404(request.user.api_tokens.usable(), pk=token_id)
    services.revoke_api_token(token, by=request.user)
    messages.success(
        request, _("The token “%(name)s” no longer works.") % {"name": token.name}
    )
    return redirect("accounts:api_tokens")


@never_cache
@login_required
def data_rights_page(request):
    """Where a member downloads their data or deletes their account."""
    form = DeleteAccountForm(user=request.user)
    return render(request, "accounts/data_rights.html", {"form": form})


@never_cache
@require_POST
@login_required
def download_my_data(request):
    # POST, so a cross-site link cannot trigger a large export in the background.
    archive = data_rights.export_member_data(request.user)
    response = HttpResponse(archive, content_type="application/zip")
    filename = f"crowd-support-{request.user.username}.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@require_POST
@login_required
def delete_my_account(request):
    form = DeleteAccountForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(request, "accounts/data_rights.html", {"form": form}, status=400)
    data_rights.delete_member_account(request.user)
    logout(request)
    messages.success(request, _("Your account was deleted. Thank you for your help."))
    return redirect("/")


# --- connecting a company sign-in by e-mail (accounts.sso_linking) ---------------


@never_cache
@require_POST
def sso_link_request(request):
    sent = sso_linking.send_link(request)
    return render(request, "accounts/sso_link_sent.html", {"sent": sent})


@never_cache
def sso_link(request, token: str):
    try:
        if request.method == "POST":
            sso_linking.connect_and_sign_in(request, token)
            messages.success(request, _("Your company sign-in is connected."))
            return redirect("/")
        user, pending = sso_linking.linked_account(request, token)
    except PermissionDenied as refusal:
        return render(
            request,
            "socialaccount/authentication_error.html",
            {"sso_message": str(refusal)},
            status=403,
        )
    provider = sso.provider_name(pending.account.provider)
    return render(
        request, "accounts/sso_link.html", {"member": user, "provider": provider}
    )
