from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import ExpertCertification, User


class ExpertCertificationInline(admin.TabularInline):
    model = ExpertCertification
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["board"]
    readonly_fields = ["certified_by", "certified_at"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = [
        "username",
        "email",
        "display_name",
        "role",
        "is_active",
        "is_banned",
        "date_joined",
    ]
    list_filter = ["role", "is_active", "is_banned", "is_staff", "date_joined"]
    search_fields = ["username", "email", "display_name"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        ("Community", {"fields": ("role", "display_name", "bio")}),
        (
            "Suspension (changed from the site, where it is audited)",
            {"fields": ("is_banned", "suspended_until", "suspension_reason")},
        ),
    )
    readonly_fields = ["is_banned", "suspended_until", "suspension_reason"]
    inlines = [ExpertCertificationInline]


@admin.register(ExpertCertification)
class ExpertCertificationAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "title",
        "board",
        "certified_by",
        "certified_at",
        "expires_at",
    ]
    list_filter = ["board", "certified_at", "expires_at"]
    search_fields = ["user__username", "user__email", "title"]
    autocomplete_fields = ["user", "board"]
    readonly_fields = ["certified_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.certified_by = request.user
        super().save_model(request, obj, form, change)
