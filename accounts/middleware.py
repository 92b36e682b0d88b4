"""Single sign-on failures allauth lets through."""

import requests
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from accounts import sso

# allauth's own addresses for starting and finishing a company sign-in.
SSO_VIEWS = frozenset(
    {
        "openid_connect_login",
        "openid_connect_callback",
        "saml_login",
        "saml_acs",
        "saml_finish_acs",
    }
)


class SingleSignOnErrorMiddleware:
    """Failures allauth raises instead of answering, as the sign-in error page like
    every other single sign-on failure: its OpenID Connect login reads the
    provider's discovery document without catching a failure (a provider that is
    down would be a 500), and its SAML ACS refuses an assertion answering no
    pending sign-in (replayed, or too old) with a bare 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        match = request.resolver_match
        if match is None or match.url_name not in SSO_VIEWS:
            return None
        if isinstance(exception, PermissionDenied):
            problem, status = "state", 403
        elif isinstance(exception, requests.RequestException | OAuth2Error):
            problem, status = "provider", 502
        else:
            return None
        sso.log_failure(match.url_name, problem, exception)
        return render(
            request,
            "socialaccount/authentication_error.html",
            {"sso_message": sso.problem_message(problem)},
            status=status,
        )
