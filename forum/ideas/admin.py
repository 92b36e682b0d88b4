"""The idea exchange in the admin: idea boards are configuration, added and
changed here; ideas are read-only, since their statuses, merges and moderation
go through the idea pages' services (responses, notifications, audit)."""

from django.contrib import admin

from community.admin_site import DoorwayAdmin, ReadOnlyInline
from forum import permissions
from forum.ideas.models import Idea, IdeaBoard, IdeaStatusChange


@admin.register(IdeaBoard)
class IdeaBoardAdmin(DoorwayAdmin):
    """Never deleted: ideas keep their board (PROTECT); an archived board takes
    no new ideas."""

    fields = ["name", "slug", "description", "position", "archived_at"]
    list_display = ["name", "slug", "position", "archived_at"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def has_add_permission(self, request) -> bool:
        return permissions.can_configure_site(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return permissions.can_configure_site(request.user)


class StatusChangeInline(ReadOnlyInline):
    model = IdeaStatusChange
    fields = ["created_at", "from_status", "to_status", "by", "response"]
    readonly_fields = fields
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


@admin.register(Idea)
class IdeaAdmin(DoorwayAdmin):
    list_display = ["title", "board", "status", "vote_count", "is_hidden"]
    list_filter = ["status", "board", "is_hidden", "is_locked"]
    search_fields = ["title"]
    list_select_related = ["board"]
    inlines = [StatusChangeInline]
