"""The only place allauth is customised (besides template overrides)."""

from types import SimpleNamespace
from urllib.parse import quote, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse


def site_url(path: str) -> str:
    """An absolute address on the configured public site, never on the request's
    Host header, so a forged Host cannot poison links sent by e-mail."""
    return f"{settings.SITE_URL}{path}"


class AccountAdapter(DefaultAccountAdapter):
    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse(
            "account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"}
        )
        return site_url(path.replace("UID-KEY", quote(key)))

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return site_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        context["current_site"] = SimpleNamespace(
            name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc
        )
        super().send_mail(template_prefix, email, context)
