"""Accounts: allauth, social sign-in and single sign-on."""

from community.environment import social_providers_from_env, sso_providers_from_env
from community.settings.base import PRODUCTION, SITE_NAME, env

SOCIALACCOUNT_PROVIDERS = social_providers_from_env(env)
# --- Single sign-on (README "Single sign-on"): the company's OpenID Connect and SAML
# providers, SSO-only mode, and the claims that mark verified customers.
SSO_PROVIDER_SETTINGS, SSO_PROVIDERS = sso_providers_from_env(env)
SOCIALACCOUNT_PROVIDERS |= SSO_PROVIDER_SETTINGS
SSO_ONLY = env.bool("SSO_ONLY", default=False)
SSO_VERIFIED_CUSTOMER_CLAIM = env.str("SSO_VERIFIED_CUSTOMER_CLAIM", default="")
SSO_VERIFIED_CUSTOMER_VALUES = env.list("SSO_VERIFIED_CUSTOMER_VALUES", default=[])
# Off unless set: no claim ever grants a role (see docs/security.md).
SSO_STAFF_ROLE_CLAIM = env.str("SSO_STAFF_ROLE_CLAIM", default="")
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
# Always installed (their addresses answer 404 until a provider is configured), so
# turning single sign-on on is a matter of environment, not code.
SSO_PROVIDER_APPS = ("openid_connect", "saml")
# --- end of single sign-on ---------------------------------------------------

# --- Accounts ---------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
# One backend: allauth's (e-mail or username, for the site and the admin alike),
# with every failed sign-in costing the same (see accounts.backends).
AUTHENTICATION_BACKENDS = ["accounts.backends.EvenTimingAuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    # A taken username ends a sign-up like a taken address (docs/security.md).
    "signup": "accounts.forms.SignupForm",
    # In SSO-only mode a password reset refuses, as password sign-in does.
    "reset_password": "accounts.forms.CommunityResetPasswordForm",  # nosec B105
}
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# allauth's own rate limits (login, failed logins, sign-up, reset, confirmation
# e-mails) stay at their defaults: they are on, and they need the shared cache.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_LOGIN_ON_GET = False
