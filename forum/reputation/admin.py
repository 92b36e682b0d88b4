from django.contrib import admin

from community.admin_site import DoorwayAdmin
from forum import permissions
from forum.reputation.models import BadgeAward, Rank


@admin.register(Rank)
class RankAdmin(DoorwayAdmin):
    """The rank ladder: names for point thresholds, read when a page shows a rank
    (saving renews the cached ladder and pages), so nothing derives from it."""

    list_display = ["name", "min_points"]
    list_editable = ["min_points"]
    ordering = ["min_points"]
    search_fields = ["name"]

    def has_add_permission(self, request) -> bool:
        return permissions.can_configure_site(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return permissions.can_configure_site(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return permissions.can_configure_site(request.user)


@admin.register(BadgeAward)
class BadgeAwardAdmin(DoorwayAdmin):
    """Read-only: badges are awarded by the reputation rules as members earn them
    (with a notification), never by hand."""

    list_display = ["user", "badge_name", "awarded_at"]
    list_filter = ["badge", "awarded_at"]
    search_fields = ["user__username", "user__email", "badge"]
    raw_id_fields = ["user"]
    date_hierarchy = "awarded_at"

    @admin.display(description="badge", ordering="badge")
    def badge_name(self, award):
        return award.name
