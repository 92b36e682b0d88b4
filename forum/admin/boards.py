"""Categories and boards: the site's layout, which no service derives from."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from community.admin_site import (
    DoorwayAdmin,
)
from forum import permissions
from forum.models import (
    Board,
    Category,
)
from forum.moderation.audit import record
from forum.moderation.models import AuditAction


@admin.register(Category)
class CategoryAdmin(DoorwayAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def has_add_permission(self, request) -> bool:
        return permissions.can_configure_site(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return permissions.can_configure_site(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        # Its boards stay, listed without a heading.
        return permissions.can_configure_site(request.user)


class BoardForm(forms.ModelForm):
    # Optional, so a board can be added with a name, slug, kind and description.
    position = forms.IntegerField(
        min_value=0,
        required=False,
        help_text=_("Boards are listed by position, then name."),
    )

    class Meta:
        model = Board
        fields = [
            "name",
            "slug",
            "kind",
            "category",
            "description",
            "position",
            "posting_requires_verified_customer",
        ]

    def clean_position(self) -> int:
        return self.cleaned_data["position"] or 0


@admin.register(Board)
class BoardAdmin(DoorwayAdmin):
    form = BoardForm
    list_display = [
        "name",
        "category",
        "kind",
        "position",
        "thread_count",
        "post_count",
        "last_activity_at",
        "archived_at",
    ]
    list_editable = ["position"]
    list_filter = ["kind", "category", "posting_requires_verified_customer"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "description"]
    readonly_fields = ["thread_count", "post_count", "last_activity_at", "archived_at"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(self.readonly_fields)
        if obj is not None and obj.threads.exists():
            # Its threads were asked as questions (or not): switching would leave
            # accepted solutions in a discussion board.
            readonly.append("kind")
        return readonly

    def has_add_permission(self, request) -> bool:
        return permissions.can_configure_site(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return permissions.can_configure_site(request.user)

    def save_model(self, request, obj, form, change):
        """Saved here (the admin edits the slug and position, which the settings
        area's services keep fixed or renumber), and audited as the settings area's
        changes are, in the admin's own transaction."""
        fields = form.changed_data if change else list(form.fields)
        before = {name: form.initial.get(name) for name in fields}
        super().save_model(request, obj, form, change)
        after = {name: form.cleaned_data.get(name) for name in fields}
        for state in (before, after):
            if state.get("category") is not None:
                state["category"] = getattr(state["category"], "pk", state["category"])
        if change and not fields:
            return
        record(
            AuditAction.CHANGE_BOARD if change else AuditAction.CREATE_BOARD,
            actor=request.user,
            target=obj,
            before=before if change else None,
            after=after,
        )
