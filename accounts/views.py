from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import selectors, services
from accounts.forms import ApiTokenForm, ProfileForm
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
        messages.success(request, "Your profile was saved.")
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
            _, new_secret = services.create_api_token(
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
    messages.success(request, f"The token “{token.name}” no longer works.")
    return redirect("accounts:api_tokens")
