from allauth.account.adapter import get_adapter
from allauth.account.forms import ResetPasswordForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.adapter import USERNAME_TAKEN
from accounts.models import User
from accounts.sso import PASSWORD_SIGN_IN_OFF


class SignupForm(AllauthSignupForm):
    """allauth's sign-up, except that a taken username is no field error: the
    sign-up ends exactly as one with a taken address does (no account, the "check
    your e-mail" page), and the address's owner learns by e-mail that the name is
    taken. So the form tells nobody which usernames exist."""

    username_taken = False

    def clean_username(self) -> str:
        try:
            return super().clean_username()
        except ValidationError as error:
            if error.code != "username_taken":
                raise
        self.username_taken = True
        return get_adapter().clean_username(self.cleaned_data["username"], shallow=True)

    def try_save(self, request):
        if self.username_taken and not self.account_already_exists:
            setattr(request, USERNAME_TAKEN, self.cleaned_data["username"])
            self.account_already_exists = True
        return super().try_save(request)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "bio"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}
        labels = {"display_name": _("Display name"), "bio": _("Bio")}
        help_texts = {"bio": _("A few words about you; shown on your profile.")}


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=60,
        help_text=_("What the token is for, e.g. “Help widget on our intranet”."),
    )


class DeleteAccountForm(forms.Form):
    """Confirms an erasure with the password, or the username for members who sign
    in through another site and have no password here."""

    confirmation = forms.CharField(
        label=_("Your password or your username"),
        max_length=150,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Type your password, or your username if you have no password."),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_confirmation(self) -> str:
        value = self.cleaned_data["confirmation"]
        if value == self.user.username or (
            self.user.has_usable_password() and self.user.check_password(value)
        ):
            return value
        raise forms.ValidationError(
            _("That is neither your password nor your username.")
        )


class CommunityResetPasswordForm(ResetPasswordForm):
    """allauth's form; in SSO-only mode a password is of no use, so it refuses."""

    def clean(self):
        if settings.SSO_ONLY:
            raise forms.ValidationError(PASSWORD_SIGN_IN_OFF, code="sso_only")
        return super().clean()
