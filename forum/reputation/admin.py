from django.contrib import admin

from forum.reputation.models import BadgeAward, Rank


@admin.register(Rank)
class RankAdmin(admin.ModelAdmin):
    list_display = ["name", "min_points"]
    list_editable = ["min_points"]
    ordering = ["min_points"]
    search_fields = ["name"]


@admin.register(BadgeAward)
class BadgeAwardAdmin(admin.ModelAdmin):
    list_display = ["user", "badge_name", "awarded_at"]
    list_filter = ["badge", "awarded_at"]
    search_fields = ["user__username", "user__email", "badge"]
    raw_id_fields = ["user"]
    date_hierarchy = "awarded_at"

    @admin.display(description="badge", ordering="badge")
    def badge_name(self, award):
        return award.name
