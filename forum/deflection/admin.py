from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from community.admin_site import DoorwayAdmin, ReadOnlyInline, service_call
from forum import permissions
from forum.deflection.models import (
    DailyBoardStats,
    DeflectionSettings,
    Delivery,
    Journey,
    Ticket,
)
from forum.deflection.services.outbox import retry_deliveries
from forum.deflection.services.tickets import update_deflection_settings


class DeliveryInline(ReadOnlyInline):
    model = Delivery
    fields = ["status", "attempts", "last_status_code", "last_error", "next_attempt_at"]
    readonly_fields = fields


@admin.register(Ticket)
class TicketAdmin(DoorwayAdmin):
    """Read-only: tickets come from the contact form and the helpdesk, and their
    journeys' outcomes are computed from them by the aggregation job."""

    list_display = ["reference", "subject", "source", "match", "category", "created_at"]
    list_filter = ["source", "match", "category"]
    search_fields = ["reference", "helpdesk_ticket_id", "subject", "email"]
    readonly_fields = [
        "reference",
        "journey",
        "source",
        "match",
        "received_at",
        # Staff mark kept tickets handled in the ticket list, which records who.
        "kept_in_product",
        "handled_at",
        "handled_by",
    ]
    exclude = ["identity_digest"]
    raw_id_fields = ["user"]
    inlines = [DeliveryInline]
    date_hierarchy = "created_at"


@admin.register(Delivery)
class DeliveryAdmin(DoorwayAdmin):
    """Read-only, but for retrying through the outbox's own service."""

    list_display = [
        "uuid",
        "event",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
        "created_at",
    ]
    list_filter = ["status", "event", "channel"]
    search_fields = ["uuid", "ticket__reference"]
    readonly_fields = [
        field.name for field in Delivery._meta.fields if field.name != "id"
    ]
    actions = ["retry_now"]

    @admin.action(
        description=_("Retry the selected deliveries now"), permissions=["configure"]
    )
    def retry_now(self, request, queryset):
        count = retry_deliveries(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)s delivery queued again.",
                "%(count)s deliveries queued again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("ticket")


@admin.register(Journey)
class JourneyAdmin(DoorwayAdmin):
    """Read-only: journeys are computed from events by the aggregation job."""

    list_display = [
        "public_id",
        "day",
        "board",
        "search_count",
        "deflected",
        "ticket",
        "is_final",
    ]
    list_filter = ["deflected", "ticket", "is_final", "board"]
    search_fields = ["public_id"]
    date_hierarchy = "day"


class DeflectionSettingsForm(forms.ModelForm):
    class Meta:
        model = DeflectionSettings
        fields = ["cost_per_contact", "currency"]


@admin.register(DeflectionSettings)
class DeflectionSettingsAdmin(DoorwayAdmin):
    """The managers' cost of an assisted contact, saved as the report page saves
    it; the row itself is made on first use."""

    form = DeflectionSettingsForm
    list_display = ["cost_per_contact", "currency", "updated_at", "updated_by"]
    readonly_fields = ["updated_at", "updated_by"]

    def has_change_permission(self, request, obj=None) -> bool:
        user = request.user
        return permissions.can_use_admin(user) and (
            permissions.can_edit_deflection_settings(user)
        )

    def save_model(self, request, obj, form, change):
        with service_call():
            update_deflection_settings(
                cost_per_contact=form.cleaned_data["cost_per_contact"],
                currency=form.cleaned_data["currency"],
                by=request.user,
            )


@admin.register(DailyBoardStats)
class DailyBoardStatsAdmin(DoorwayAdmin):
    """Read-only: rebuilt from the raw events by the aggregation job."""

    list_display = [
        "day",
        "board",
        "journeys",
        "searched_journeys",
        "deflected",
        "tickets",
    ]
    list_filter = ["board"]
    date_hierarchy = "day"
