from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from community.admin_site import DoorwayAdmin, ReadOnlyInline
from forum import permissions
from forum.deflection.models import Delivery
from forum.integrations.models import WebhookEndpoint, WebhookEvent


class WebhookEndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )
    url = forms.URLField(
        max_length=500,
        assume_scheme="https",
        help_text=_("http(s) address that accepts POST"),
    )
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "secret", "events", "is_active"]


class DeliveryInline(ReadOnlyInline):
    model = Delivery
    fields = ["event", "status", "attempts", "last_status_code", "created_at"]
    readonly_fields = fields
    ordering = ["-created_at"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(DoorwayAdmin):
    """Integration settings: read by ``emit`` when an event happens, so nothing
    derives from them; deleting an endpoint drops its own delivery history."""

    form = WebhookEndpointForm
    list_display = ["name", "url", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "url"]
    inlines = [DeliveryInline]

    def has_add_permission(self, request) -> bool:
        return permissions.can_configure_site(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return permissions.can_configure_site(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return permissions.can_configure_site(request.user)
