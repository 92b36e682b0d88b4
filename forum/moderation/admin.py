from django.contrib import admin

from community.admin_site import DoorwayAdmin, service_call
from forum import permissions
from forum.moderation import services
from forum.moderation.models import AuditEntry, BoardModerator, Flag, ThreadRedirect


@admin.register(BoardModerator)
class BoardModeratorAdmin(DoorwayAdmin):
    """Administrators appoint board moderators here, through the services that
    audit each appointment and revocation."""

    list_display = ["user", "board", "granted_by", "granted_at"]
    list_filter = ["board", "granted_at"]
    search_fields = ["user__username", "user__email", "board__name"]
    autocomplete_fields = ["user", "board"]
    readonly_fields = ["granted_by", "granted_at"]
    list_select_related = ["user", "board", "granted_by"]

    # An appointment is granted or revoked, never re-pointed at someone else, so
    # there is no change permission.

    def _may_appoint(self, request) -> bool:
        user = request.user
        return permissions.can_use_admin(user) and permissions.can_assign_roles(user)

    def has_add_permission(self, request) -> bool:
        return self._may_appoint(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._may_appoint(request)

    def save_model(self, request, obj, form, change):
        with service_call():
            record = services.grant_board_moderator(
                obj.user, board=obj.board, by=request.user
            )
        obj.pk = record.pk

    def delete_model(self, request, obj):
        with service_call(obj):
            services.revoke_board_moderator(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for record in queryset.select_related("user", "board"):
            self.delete_model(request, record)


@admin.register(Flag)
class FlagAdmin(DoorwayAdmin):
    """Read-only: flags are upheld or dismissed in the moderation queue, which
    hides or restores the post with it."""

    list_display = ["post", "user", "reason", "created_at", "resolution", "resolved_by"]
    list_filter = [
        "reason",
        "resolution",
        ("resolved_at", admin.EmptyFieldListFilter),
        "created_at",
        "post__thread__board",
    ]
    search_fields = ["user__username", "note", "post__body"]
    raw_id_fields = ["post", "user", "resolved_by"]
    date_hierarchy = "created_at"
    list_select_related = ["post", "user", "resolved_by"]
    readonly_fields = ["created_at"]


@admin.register(AuditEntry)
class AuditEntryAdmin(DoorwayAdmin):
    """Read-only: the log is evidence, so nobody edits or deletes entries."""

    list_display = [
        "created_at",
        "actor",
        "action",
        "target_type",
        "target_label",
        "board",
    ]
    list_filter = ["action", "target_type", "board", "created_at"]
    search_fields = ["actor__username", "target_label", "reason"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "board"]


@admin.register(ThreadRedirect)
class ThreadRedirectAdmin(DoorwayAdmin):
    """Read-only: made by merges, so a merged thread's old address keeps working."""

    list_display = ["old_thread_id", "thread", "created_at"]
    search_fields = ["old_thread_id", "thread__title"]
    raw_id_fields = ["thread"]
