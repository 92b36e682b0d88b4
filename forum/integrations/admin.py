from django import forms
from django.contrib import admin

from forum.deflection.models import Delivery
from forum.integrations.models import WebhookEndpoint, WebhookEvent


class WebhookEndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "secret", "events", "is_active"]


class DeliveryInline(admin.TabularInline):
    model = Delivery
    fields = ["event", "status", "attempts", "last_status_code", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["-created_at"]
    max_num = 0


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ["name", "url", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "url"]
    inlines = [DeliveryInline]
