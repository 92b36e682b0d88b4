from django import forms
from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from community.admin_site import DoorwayAdmin
from forum import permissions
from forum.console.services.ranks import check_ladder, rank_state
from forum.moderation.audit import record
from forum.moderation.models import AuditAction
from forum.reputation.models import BadgeAward, Rank


class RankForm(forms.ModelForm):
    class Meta:
        model = Rank
        fields = ["name", "min_points"]

    def clean(self):
        """The settings area's rules: names and points unique, the lowest rung at
        0 points."""
        cleaned = super().clean()
        if self.errors:
            return cleaned
        # The list's form edits the points only.
        candidate = Rank(
            pk=self.instance.pk,
            name=cleaned.get("name", self.instance.name).strip(),
            min_points=cleaned.get("min_points", self.instance.min_points),
        )
        check_ladder(list(Rank.objects.all()), changed=candidate)
        return cleaned


@admin.register(Rank)
class RankAdmin(DoorwayAdmin):
    """The rank ladder: names for point thresholds, read when a page shows a rank
    (saving renews the cached ladder and pages), so nothing derives from it. The
    settings area edits it too (forum.console.services.ranks); both audit alike."""

    form = RankForm
    list_display = ["name", "min_points"]
    list_editable = ["min_points"]
    ordering = ["min_points"]
    search_fields = ["name"]

    def has_add_permission(self, request) -> bool:
        return permissions.can_configure_site(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return permissions.can_configure_site(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        # The lowest rung stays: every member holds it from their first day.
        if obj is not None and obj == Rank.objects.order_by("min_points").first():
            return False
        return permissions.can_configure_site(request.user)

    def get_changelist_form(self, request, **kwargs):
        # The list edits points only; the same rules hold there.
        return super().get_changelist_form(request, form=RankForm, **kwargs)

    def save_model(self, request, obj, form, change):
        """Saved here and audited as the settings area audits a rung, in the
        admin's own transaction."""
        before = {name: form.initial.get(name) for name in form.changed_data}
        super().save_model(request, obj, form, change)
        if change and not form.changed_data:
            return
        after = rank_state(obj)
        record(
            AuditAction.CHANGE_RANK if change else AuditAction.ADD_RANK,
            actor=request.user,
            target=obj,
            before=before if change else None,
            after={name: after[name] for name in before} if change else after,
        )

    def delete_model(self, request, obj):
        record(
            AuditAction.REMOVE_RANK,
            actor=request.user,
            target=obj,
            before=rank_state(obj),
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # The bulk action runs outside the admin's transaction; the entries and
        # the deletion are kept together.
        with transaction.atomic():
            for rank in queryset:
                self.delete_model(request, rank)


@admin.register(BadgeAward)
class BadgeAwardAdmin(DoorwayAdmin):
    """Read-only: badges are awarded by the reputation rules as members earn them
    (with a notification), never by hand."""

    list_display = ["user", "badge_name", "awarded_at"]
    list_filter = ["badge", "awarded_at"]
    search_fields = ["user__username", "user__email", "badge"]
    raw_id_fields = ["user"]
    date_hierarchy = "awarded_at"

    @admin.display(description=_("badge"), ordering="badge")
    def badge_name(self, award):
        return award.name
