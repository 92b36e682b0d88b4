"""Managers' subscriptions to the scheduled summaries, and the signed one-click
unsubscribe link every summary carries."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from forum import permissions
from forum.reports import selectors, services
from forum.reports.models import ReportSubscription
from forum.reports.sending import summary_period
from forum.reports.subscription_forms import SubscriptionForm


@require_http_methods(["GET", "POST"])
@login_required
def subscriptions(request):
    """The member's subscriptions and the form to add one."""
    if not permissions.can_subscribe_to_reports(request.user):
        raise PermissionDenied
    form = SubscriptionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        subscription = services.subscribe_to_summary(
            user=request.user, **form.cleaned_data
        )
        messages.success(
            request,
            _("Subscribed: the %(frequency)s summary goes to %(email)s.")
            % {
                "frequency": subscription.get_frequency_display().lower(),
                "email": request.user.email,
            },
        )
        return redirect("reports:subscriptions")
    return render(
        request,
        "reports/subscriptions.html",
        {
            "form": form,
            "subscriptions": selectors.subscriptions_of(request.user),
            "weekly_period": summary_period("weekly"),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def unsubscribe(request, pk: int):
    """End one of the member's own subscriptions from the page."""
    subscription = get_object_or_404(ReportSubscription, pk=pk, user=request.user)
    services.unsubscribe_from_summary(subscription, by=request.user)
    messages.success(request, _("Unsubscribed: that summary will not be sent again."))
    return redirect("reports:subscriptions")


# The token is the credential: mail clients POST here (RFC 8058) with no session and
# no CSRF token. GET only shows the button, so link scanners unsubscribe nobody.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe_by_link(request, token: str):
    """The link in every summary: GET asks, POST ends the subscription."""
    try:
        if request.method == "POST":
            subscription = services.unsubscribe_by_token(token)
            done = True
        else:
            subscription = services.subscription_for_token(token)
            done = False
    except services.InvalidUnsubscribeLink:
        return render(request, "reports/unsubscribe_invalid.html", status=400)
    return render(
        request,
        "reports/unsubscribe.html",
        {"token": token, "subscription": subscription, "done": done},
    )
