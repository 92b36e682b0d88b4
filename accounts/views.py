from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from accounts import selectors
from accounts.forms import ProfileForm


def profile(request, username: str):
    member = selectors.profile_detail(username)
    return render(request, "accounts/profile.html", {"member": member})


@login_required
def edit_profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile was saved.")
        return redirect("accounts:profile", username=request.user.username)
    return render(request, "accounts/edit_profile.html", {"form": form})
