"""The language switch: the footer's form asks here, this page keeps the choice.

Like the theme switch, it works without JavaScript in two steps: a page shared by
every visitor cannot carry the CSRF token a POST needs, so the footer's GET opens
this page, whose POST keeps the choice in the language cookie (read by
``LocaleMiddleware``) and, for a member, on the account so their mail follows it.
"""

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.languages import (
    is_offered,
    offered_languages,
    set_language_cookie,
    set_member_language,
)
from community.views import _safe_next

# The choice that clears the cookie and the member's setting.
FOLLOW_BROWSER = "browser"


@require_http_methods(["GET", "POST"])
def choose_language(request):
    back = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    context = {
        "next": back,
        "languages": offered_languages().items(),
        "follow_browser": FOLLOW_BROWSER,
        "proposed": request.GET.get("language") or request.LANGUAGE_CODE,
    }
    if request.method == "GET":
        return render(request, "language.html", context)
    chosen = request.POST.get("language", "")
    if chosen != FOLLOW_BROWSER and not is_offered(chosen):
        context["error"] = _("Choose one of the languages listed.")
        return render(request, "language.html", context, status=400)
    response = redirect(back)
    if chosen == FOLLOW_BROWSER:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
    else:
        set_language_cookie(response, chosen)
    if request.user.is_authenticated:
        set_member_language(request.user, "" if chosen == FOLLOW_BROWSER else chosen)
    return response
