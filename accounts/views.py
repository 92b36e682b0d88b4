from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from accounts import selectors
from accounts.forms import ProfileForm
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
