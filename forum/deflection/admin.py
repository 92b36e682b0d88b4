from django.contrib import admin, messages

from forum.deflection.models import (
    DailyBoardStats,
    DeflectionSettings,
    Delivery,
    Journey,
    Ticket,
)
from forum.deflection.services.outbox import retry_deliveries


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = ["status", "attempts", "last_status_code", "last_error", "next_attempt_at"]
    readonly_fields = fields
    show_change_link = True


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = ["reference", "subject", "source", "category", "created_at"]
    list_filter = ["source", "category"]
    search_fields = ["reference", "helpdesk_ticket_id", "subject", "email"]
    readonly_fields = ["reference", "journey", "source", "received_at"]
    raw_id_fields = ["user"]
    inlines = [DeliveryInline]
    date_hierarchy = "created_at"


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
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

    @admin.action(description="Retry the selected deliveries now")
    def retry_now(self, request, queryset):
        count = retry_deliveries(queryset)
        self.message_user(
            request, f"{count} deliveries queued again.", messages.SUCCESS
        )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("ticket")

    def has_add_permission(self, request):
        return False


@admin.register(Journey)
class JourneyAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DeflectionSettings)
class DeflectionSettingsAdmin(admin.ModelAdmin):
    list_display = ["cost_per_contact", "currency", "updated_at", "updated_by"]
    readonly_fields = ["updated_at", "updated_by"]

    def has_add_permission(self, request):
        return not DeflectionSettings.objects.exists()


@admin.register(DailyBoardStats)
class DailyBoardStatsAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
