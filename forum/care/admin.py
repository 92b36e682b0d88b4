"""The care desk's configuration in the admin: teams (business hours),
connectors and response targets, changed here by administrators who may also
configure the desk; nothing derives from these rows when they are saved (a
changed target applies to cases opened afterwards). The intake queue is
read-only, but for sending failed rows back to be filed again, through intake's
own service. Cases are worked on the desk's pages, never here."""

from zoneinfo import available_timezones

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from community.admin_site import DoorwayAdmin
from forum import permissions
from forum.care.connectors import REGISTRY
from forum.care.models import CareTeam, Connector, InboundMessage, ResponseTarget
from forum.care.services.intake import requeue_inbound


class ConfigurationAdmin(DoorwayAdmin):
    """Add and change for those the permission module lets configure the desk
    (inside the admin, which is for administrators only)."""

    def _may_configure(self, request) -> bool:
        user = request.user
        return permissions.can_use_admin(user) and permissions.can_configure_care(user)

    def has_add_permission(self, request) -> bool:
        return self._may_configure(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._may_configure(request)


class CareTeamForm(forms.ModelForm):
    class Meta:
        model = CareTeam
        fields = [
            "name",
            "time_zone",
            "working_days",
            "opens_at",
            "closes_at",
            "is_always_open",
        ]
        help_texts = {
            "time_zone": _("An IANA zone, e.g. Australia/Sydney."),
            "working_days": _("ISO weekday numbers, Monday = 1 ... Sunday = 7: 12345."),
        }

    def clean_time_zone(self):
        zone = self.cleaned_data["time_zone"].strip()
        if zone not in available_timezones():
            raise forms.ValidationError(
                _("Not a time zone name (e.g. Australia/Sydney).")
            )
        return zone

    def clean_working_days(self):
        days = self.cleaned_data["working_days"].strip()
        if not days or any(c not in "1234567" for c in days):
            raise forms.ValidationError(_("Use the digits 1 (Monday) to 7 (Sunday)."))
        return "".join(sorted(set(days)))


@admin.register(CareTeam)
class CareTeamAdmin(ConfigurationAdmin):
    """Never deleted here: a connector's targets would silently fall back to
    around the clock."""

    form = CareTeamForm
    list_display = ["name", "time_zone", "working_days", "opens_at", "closes_at"]


class ConnectorForm(forms.ModelForm):
    """Secrets are write-only: never rendered back, kept when left blank."""

    kind = forms.ChoiceField(choices=())
    outbound_url = forms.URLField(
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("The operator's posting service, which receives signed replies."),
    )
    inbound_secret = forms.CharField(
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_(
            "Signs what reaches the intake address. Blank keeps the current one."
        ),
    )
    outbound_secret = forms.CharField(
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_(
            "Signs replies to the posting service. Blank keeps the current one."
        ),
    )

    class Meta:
        model = Connector
        fields = [
            "name",
            "slug",
            "kind",
            "network",
            "team",
            "inbound_secret",
            "outbound_url",
            "outbound_secret",
            "intake_per_minute",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, c.label) for k, c in REGISTRY.items()]

    def clean_inbound_secret(self):
        secret = self.cleaned_data["inbound_secret"]
        if not secret and not self.instance.inbound_secret:
            raise forms.ValidationError(_("A new connector needs a secret."))
        if secret and len(secret) < 16:
            raise forms.ValidationError(_("Use at least 16 characters."))
        return secret or self.instance.inbound_secret

    def clean_outbound_secret(self):
        return self.cleaned_data["outbound_secret"] or self.instance.outbound_secret


@admin.register(Connector)
class ConnectorAdmin(ConfigurationAdmin):
    """Never deleted: cases and messages keep their connector (PROTECT); an
    inactive connector answers 404 at its intake address."""

    form = ConnectorForm
    list_display = ["name", "slug", "kind", "network", "team", "is_active"]
    list_filter = ["kind", "network", "is_active"]
    list_select_related = ["team"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["intake_address"]

    @admin.display(description=_("Intake address"))
    def intake_address(self, connector: Connector) -> str:
        if not connector.pk:
            return "-"
        from forum.seo import absolute_url

        return absolute_url(reverse("care:intake", args=[connector.slug]))


class ResponseTargetForm(forms.ModelForm):
    class Meta:
        model = ResponseTarget
        fields = ["network", "priority", "first_response_minutes", "resolution_minutes"]

    def clean_first_response_minutes(self):
        minutes = self.cleaned_data["first_response_minutes"]
        if not minutes:
            raise forms.ValidationError(_("At least one minute."))
        return minutes


@admin.register(ResponseTarget)
class ResponseTargetAdmin(ConfigurationAdmin):
    """A target applies to cases opened after it changes; deleting one falls
    back to the next most general row, or the defaults."""

    form = ResponseTargetForm
    list_display = [
        "__str__",
        "network",
        "priority",
        "first_response_minutes",
        "resolution_minutes",
    ]
    list_filter = ["network", "priority"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._may_configure(request)


@admin.register(InboundMessage)
class InboundMessageAdmin(DoorwayAdmin):
    """The intake queue, read-only: rows are written by the intake address and
    filed by the background job; failed rows can be sent back to be filed."""

    list_display = [
        "external_id",
        "connector",
        "status",
        "attempts",
        "error",
        "received_at",
        "processed_at",
    ]
    list_filter = ["status", "connector"]
    list_select_related = ["connector"]
    search_fields = ["external_id"]
    readonly_fields = [
        field.name for field in InboundMessage._meta.fields if field.name != "id"
    ]
    actions = ["file_again"]

    def has_configure_permission(self, request) -> bool:
        user = request.user
        return permissions.can_use_admin(user) and permissions.can_configure_care(user)

    @admin.action(
        description=_("File the selected messages again"), permissions=["configure"]
    )
    def file_again(self, request, queryset):
        count = requeue_inbound(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)s message queued again.",
                "%(count)s messages queued again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
