"""The settings area's forms. They parse and explain; the services decide (the same
rules hold for the admin and the management commands)."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from forum.console.models import SiteSettings
from forum.models import Board, BoardKind, Category

COLOUR_HELP = _("Six hex digits, e.g. #0b5cad; empty: the default colour.")


def colour_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=7,
        help_text=COLOUR_HELP,
        widget=forms.TextInput(attrs={"placeholder": "#0b5cad", "size": 8}),
    )


def _environment_help(value) -> str:
    return gettext("Empty: the environment's value (%(value)s).") % {"value": value}


class ServiceErrorsMixin:
    def add_service_errors(self, error: ValidationError) -> None:
        """A service's ValidationError, shown beside the fields it names."""
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)


class SiteSettingsForm(ServiceErrorsMixin, forms.Form):
    site_name = forms.CharField(
        label=_("Site name"),
        max_length=80,
        error_messages={"required": _("The site needs a name.")},
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_(
            "PNG, JPEG or WebP, at most 1 MB and 2000×1000 pixels. "
            "SVG is not accepted, since it can carry script."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/png,image/jpeg,image/webp"}
        ),
    )
    remove_logo = forms.BooleanField(required=False, label=_("Remove the logo"))
    favicon = forms.FileField(
        label=_("Favicon"),
        required=False,
        help_text=_("PNG, ICO or WebP, at most 256 KB and 512×512 pixels."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": "image/png,image/x-icon,image/vnd.microsoft.icon,image/webp"
            }
        ),
    )
    remove_favicon = forms.BooleanField(required=False, label=_("Remove the favicon"))
    brand_colour = colour_field(_("Brand colour (header and buttons)"))
    link_colour = colour_field(_("Link colour"))
    home_message = forms.CharField(
        required=False,
        max_length=500,
        label=_("Home page message"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown under the search box on the home page; plain text."),
    )
    featured_boards = forms.ModelMultipleChoiceField(
        queryset=Board.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Featured boards on the home page"),
    )
    first_response_target_minutes = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=SiteSettings._meta.get_field("first_response_target_minutes")
        .validators[1]
        .limit_value,
        label=_("First-response target (minutes)"),
        error_messages={
            "min_value": _("The response target must be at least 1 minute."),
        },
    )
    article_review_days = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=3650,
        label=_("Review knowledge articles every (days)"),
        help_text=_(
            "After this, a published article says it may be out of date "
            "until someone marks it reviewed. Empty: 180."
        ),
        error_messages={
            "min_value": _("Review articles at least every day."),
            "max_value": _("Review articles at least every ten years (3650 days)."),
        },
    )
    cost_per_contact = forms.DecimalField(
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
        label=_("Cost of one assisted contact"),
        error_messages={
            "min_value": _("The cost of a contact cannot be below zero."),
        },
    )
    currency = forms.RegexField(
        label=_("Currency"),
        regex=r"^[A-Za-z]{3}$",
        max_length=3,
        help_text=_("ISO 4217 code, e.g. AUD, EUR, USD."),
        error_messages={"invalid": _("Use a three-letter ISO code, e.g. AUD.")},
    )

    def __init__(self, *args, boards, target_default, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["featured_boards"].queryset = boards
        self.fields["first_response_target_minutes"].help_text = _environment_help(
            target_default
        )

    def values(self) -> dict:
        """The cleaned branding values, as ``update_site_settings`` takes them."""
        data = self.cleaned_data
        return {
            "site_name": data["site_name"],
            "brand_colour": data["brand_colour"].lower(),
            "link_colour": data["link_colour"].lower(),
            "home_message": data["home_message"],
            "first_response_target_minutes": data["first_response_target_minutes"],
            "article_review_days": data["article_review_days"]
            or SiteSettings.DEFAULT_ARTICLE_REVIEW_DAYS,
        }


class ModerationThresholdsForm(ServiceErrorsMixin, forms.Form):
    moderation_flags_to_hide = forms.IntegerField(
        required=False,
        min_value=1,
        label=_("Flags from different members to hide a post"),
    )
    moderation_approval_account_days = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=365,
        label=_("Hold new accounts' posts for approval during their first days"),
    )
    moderation_approval_first_posts = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=100,
        label=_("…until this many of their posts were approved"),
    )
    moderation_new_account_max_links = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=100,
        label=_("Most links in a post on an account's first day"),
    )

    def __init__(self, *args, defaults: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for name, value in defaults.items():
            self.fields[name].help_text = _environment_help(value)


class BoardForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        error_messages={"required": _("A board needs a name.")},
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=BoardKind.choices, initial=BoardKind.QUESTIONS
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.order_by("position", "name"),
        required=False,
        empty_label=_("No category"),
    )
    posting_requires_verified_customer = forms.BooleanField(
        required=False,
        label=_("Only verified customers and staff may post"),
        help_text=_("Everyone may still read."),
    )

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "description": data["description"],
            "kind": data["kind"],
            "category_id": data["category"].pk if data["category"] else None,
            "posting_requires_verified_customer": data[
                "posting_requires_verified_customer"
            ],
        }


class MoveBoardForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])


class RankForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=60,
        error_messages={"required": _("A rank needs a name.")},
    )
    min_points = forms.IntegerField(
        label=_("From points"),
        min_value=0,
        max_value=2_147_483_647,
        help_text=_("Reputation a member needs to carry this rank."),
        error_messages={
            "required": _("Give the points this rank starts at."),
            "min_value": _("Points start at 0."),
        },
    )

    def values(self) -> dict:
        return {
            "name": self.cleaned_data["name"],
            "min_points": self.cleaned_data["min_points"],
        }


class RemoveRankForm(ServiceErrorsMixin, forms.Form):
    """No fields: it carries the service's refusal to the page."""
